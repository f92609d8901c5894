import { describe, expect, it } from 'vitest';
import { tempDatabase } from '../../testing/temp.js';
import { EMBEDDING_SPACE } from '../../model/image-model.js';
import { addMovie, addSong } from '../test-helpers.js';
import { loadCandidates, type EvaluationContext } from '../types.js';
import { PopularityRecommender } from './popularity.js';
import { normaliseColumns, paddedCosine, PrototypeAudioPosterRecommender } from './prototype-audio-poster.js';
import { RandomRecommender } from './random.js';
import { TfidfGenresRecommender, tokenize } from './tfidf-genres.js';

function contextOf(db: ReturnType<typeof tempDatabase>): EvaluationContext {
  return { db, songs: loadCandidates(db, 'song'), movies: loadCandidates(db, 'movie'), seed: 7 };
}

describe('random baseline', () => {
  it('scores every candidate, the same way for the same query and seed', () => {
    const db = tempDatabase();
    for (let index = 0; index < 20; index++) addSong(db, { title: `s${index}`, artists: 'a' });
    const movie = addMovie(db, { title: 'm' });
    const other = addMovie(db, { title: 'n' });
    const random = new RandomRecommender();
    expect(() => random.scores({ kind: 'movie', ids: [movie] }, 'song')).toThrow(/prepare\(\) before scores/);
    random.prepare(contextOf(db));
    const first = random.scores({ kind: 'movie', ids: [movie] }, 'song');
    expect(first).toHaveLength(20);
    expect(random.scores({ kind: 'movie', ids: [movie] }, 'song')).toEqual(first);
    expect(random.scores({ kind: 'movie', ids: [other] }, 'song')).not.toEqual(first);
    expect(Math.min(...first)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...first)).toBeLessThan(1);
  });
});

describe('popularity baseline', () => {
  it('ranks by popularity percentile, falls back to streams, and leaves unknowns NaN', () => {
    const db = tempDatabase();
    addSong(db, { title: 'low', artists: 'a', popularity: 10 });
    addSong(db, { title: 'high', artists: 'a', popularity: 90 });
    addSong(db, { title: 'streamed', artists: 'a', streams: 5_000_000 });
    addSong(db, { title: 'unknown', artists: 'a' });
    addMovie(db, { title: 'hit', voteCount: 1000, popularity: 50, revenue: 900 });
    addMovie(db, { title: 'flop', voteCount: 10, popularity: 1, revenue: 0 });
    const popularity = new PopularityRecommender();
    popularity.prepare(contextOf(db));
    const songs = popularity.scores({ kind: 'movie', ids: [1] }, 'song');
    expect([...songs.slice(0, 3)]).toEqual([0, 1, 0.5]);
    expect(songs[3]).toBeNaN();
    // Revenue 0 is unknown: the flop is the bottom of votes and popularity only; the hit is the
    // top of those two, and the only known revenue is the 0.5 percentile.
    expect([...popularity.scores({ kind: 'song', ids: [1] }, 'movie')]).toEqual([(1 + 1 + 0.5) / 3, 0]);
  });
});

describe('TF-IDF genre baseline', () => {
  it('tokenises like scikit-learn: two or more word characters', () => {
    expect(tokenize('Hip-Hop')).toEqual(['hip', 'hop']);
    expect(tokenize('r&b')).toEqual([]);
    expect(tokenize('k-pop')).toEqual(['pop']);
    expect(tokenize('Science Fiction')).toEqual(['science', 'fiction']);
  });

  it('scores the cosine between the mean of the picks and each candidate', () => {
    const db = tempDatabase();
    const comedySong = addSong(db, { title: 'c', artists: 'a', genres: ['comedy'] });
    const rockSong = addSong(db, { title: 'r', artists: 'a', genres: ['rock'] });
    addSong(db, { title: 'none', artists: 'a' });
    addSong(db, { title: 'mix', artists: 'a', genres: ['comedy', 'hip hop'] });
    const comedy = addMovie(db, { title: 'm', genres: ['comedy'] });
    const drama = addMovie(db, { title: 'd', genres: ['drama'] });
    const tfidf = new TfidfGenresRecommender();
    tfidf.prepare(contextOf(db));

    // Documents: 4 songs + 2 movies; df(comedy) = 3, df(hip) = df(hop) = 1.
    const idf = (df: number) => Math.log((1 + 6) / (1 + df)) + 1;
    const mix = idf(3) / Math.sqrt(idf(3) ** 2 + 2 * idf(1) ** 2);
    const scores = tfidf.scores({ kind: 'movie', ids: [comedy] }, 'song');
    expect(scores[0]).toBeCloseTo(1, 12);
    expect(scores[1]).toBe(0);
    expect(scores[2]).toBe(0);
    expect(scores[3]).toBeCloseTo(mix, 12);
    expect([...tfidf.scores({ kind: 'movie', ids: [drama] }, 'song')]).toEqual([0, 0, 0, 0]);
    // Two picks, comedy and rock: the mean is at 45° to the comedy movie.
    expect(tfidf.scores({ kind: 'song', ids: [comedySong, rockSong] }, 'movie')[0]).toBeCloseTo(Math.SQRT1_2, 12);
  });
});

describe('audio/poster prototype baseline', () => {
  it('min-max scales columns, fills unknowns with the median, and gives 0.5 to a column without spread', () => {
    const rows = normaliseColumns([
      [0, 5, null],
      [10, 5, null],
      [null, 5, null],
      [4, null, null],
    ]);
    expect(rows.map((row) => [...row])).toEqual([
      [0, 0.5, 0.5],
      [1, 0.5, 0.5],
      [0.4, 0.5, 0.5],
      [0.4, 0.5, 0.5],
    ]);
  });

  it('zero-pads the shorter vector before the cosine', () => {
    expect(paddedCosine([1, 0], [1, 0])).toBe(1);
    expect(paddedCosine([1, 0], [1, 0, 5])).toBeCloseTo(1 / Math.sqrt(26), 12);
    expect(paddedCosine([0, 0], [1])).toBe(0);
  });

  it('builds 9-long song and movie vectors and scores their cosine', () => {
    const db = tempDatabase();
    const songA = addSong(db, { title: 'a', artists: 'x', audio: [0.1, 0.2, -20, 0.05, 0.9, 0.0, 0.1, 0.2, 80] });
    addSong(db, { title: 'b', artists: 'x', audio: [0.9, 0.8, -4, 0.3, 0.1, 0.5, 0.6, 0.9, 170] });
    const movies = [
      addMovie(db, { title: 'sad', overview: 'A terrible, sad loss.', runtime: 150, popularity: 5, revenue: 1_000_000 }),
      addMovie(db, { title: 'happy', overview: 'A wonderful, happy love story.', runtime: 90, popularity: 50, revenue: 0 }),
      addMovie(db, { title: 'none', runtime: 120, popularity: 20 }),
    ];
    // Two movies have posters (4-d embeddings are enough for the method).
    movies.slice(0, 2).forEach((movie, index) => {
      const poster = Number(
        db.prepare(`INSERT INTO posters(movie_id, path, file_size, file_mtime_ms, matched_by) VALUES (?, ?, 1, 1, 'mapping')`).run(movie, `/p${index}.jpg`)
          .lastInsertRowid,
      );
      const vector = Float32Array.from(index === 0 ? [1, 0, 0, 0] : [0, 1, 0, 0]);
      db.prepare(`INSERT INTO feature_vectors(item_kind, item_id, space, dims, vector) VALUES ('poster', ?, ?, 4, ?)`).run(
        poster,
        EMBEDDING_SPACE,
        Buffer.from(vector.buffer),
      );
    });
    const prototype = new PrototypeAudioPosterRecommender();
    prototype.prepare(contextOf(db));
    const song = prototype.vectorOf('song', songA)!;
    const sad = prototype.vectorOf('movie', movies[0]!)!;
    expect(song).toHaveLength(9);
    expect(sad).toHaveLength(9);
    expect([...song]).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 0]);
    // Sentiment (index 5): the sad overview is the lowest; the movie without one takes the median.
    expect(sad[5]).toBe(0);
    expect(prototype.vectorOf('movie', movies[1]!)![5]).toBe(1);
    // Revenue (index 8): 0 is unknown, so the happy movie takes the median of the one known value.
    expect(prototype.vectorOf('movie', movies[1]!)![8]).toBe(0.5);
    const scores = prototype.scores({ kind: 'song', ids: [songA] }, 'movie');
    movies.forEach((movie, index) => expect(scores[index]).toBeCloseTo(paddedCosine(song, prototype.vectorOf('movie', movie)!), 12));

    const short = new PrototypeAudioPosterRecommender({ posterComponents: 1 });
    short.prepare(contextOf(db));
    expect(short.vectorOf('movie', movies[0]!)).toHaveLength(5);
  });
});
