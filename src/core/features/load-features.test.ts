import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDatabase } from '../testing/temp.js';
import type { CatalogDatabase } from '../db/open-database.js';
import { loadBridges } from './bridges.js';
import { loadMovieFeatures, loadPosterColours, loadSongFeatures } from './load-features.js';
import { loadSongYears } from './song-years.js';
import { MUSIC_TOPICS } from './music-topics.js';

const bridges = loadBridges(path.resolve(import.meta.dirname, '../../../resources/vibe'));

function genre(db: CatalogDatabase, domain: 'music' | 'movie', name: string): number {
  db.prepare(`INSERT OR IGNORE INTO genres(domain, name) VALUES (?, ?)`).run(domain, name);
  return db.prepare(`SELECT id FROM genres WHERE domain = ? AND name = ?`).pluck().get(domain, name) as number;
}

function addSong(db: CatalogDatabase, key: string, values: Record<string, unknown>, genres: string[] = []): number {
  const columns = Object.keys(values);
  const id = Number(
    db
      .prepare(`INSERT INTO songs(song_key, title, artists${columns.map((c) => `, ${c}`).join('')}) VALUES (?, ?, ?${columns.map(() => ', ?').join('')})`)
      .run(key, key, 'someone', ...Object.values(values)).lastInsertRowid,
  );
  for (const name of genres) db.prepare(`INSERT INTO song_genres(song_id, genre_id) VALUES (?, ?)`).run(id, genre(db, 'music', name));
  return id;
}

function addMovie(db: CatalogDatabase, title: string, values: Record<string, unknown>, genres: string[] = [], keywords: string[] = []): number {
  const columns = Object.keys(values);
  const id = Number(
    db
      .prepare(`INSERT INTO movies(title${columns.map((c) => `, ${c}`).join('')}) VALUES (?${columns.map(() => ', ?').join('')})`)
      .run(title, ...Object.values(values)).lastInsertRowid,
  );
  for (const name of genres) db.prepare(`INSERT INTO movie_genres(movie_id, genre_id) VALUES (?, ?)`).run(id, genre(db, 'movie', name));
  for (const name of keywords) {
    db.prepare(`INSERT OR IGNORE INTO keywords(name) VALUES (?)`).run(name);
    const keywordId = db.prepare(`SELECT id FROM keywords WHERE name = ?`).pluck().get(name);
    db.prepare(`INSERT INTO movie_keywords(movie_id, keyword_id) VALUES (?, ?)`).run(id, keywordId);
  }
  return id;
}

describe('loadSongFeatures', () => {
  it('reads every song with its genres, ranking popularity (or streams) and loudness across the catalog', () => {
    const db = tempDatabase();
    const audio = { danceability: 0.6, energy: 0.7, valence: 0.5, acousticness: 0.2, tempo: 120, loudness: -6 };
    const a = addSong(db, 'a', { ...audio, popularity: 10, loudness: -20 }, ['j-pop', 'anime']);
    const b = addSong(db, 'b', { ...audio, popularity: 50 }, ['anime', 'j-pop']);
    const c = addSong(db, 'c', { ...audio, popularity: 90, loudness: -3 }, ['rock']);
    const d = addSong(db, 'd', { ...audio, streams: 1_000 });
    const e = addSong(db, 'e', { ...audio, streams: 5_000_000, explicit: 1 });
    const f = addSong(db, 'f', {});

    const features = loadSongFeatures(db, { bridges });
    expect(features.map((item) => item.itemId)).toEqual([a, b, c, d, e, f]);
    const [fa, fb, fc, fd, fe, ff] = features;
    expect([fa!.popularity, fb!.popularity, fc!.popularity]).toEqual([0, 0.5, 1]);
    expect([fd!.popularity, fe!.popularity, ff!.popularity]).toEqual([0, 1, 0.5]);
    expect(fa!.audio?.loudness).toBe(0);
    expect(fc!.audio?.loudness).toBe(1);
    expect(fa!.regions.get('japan')).toBe(1);
    // Same genre set (in any order) → the very same maps.
    expect(fa!.concepts).toBe(fb!.concepts);
    expect(fc!.concepts.get('rock')).toBe(1);
    expect(fe!.concepts.get('gritty')).toBeGreaterThan(0);
    expect(fe!.audio?.explicit).toBe(true);
    expect(ff!.moodConfidence).toBe(0);
    expect(fa!.moodConfidence).toBe(1);
    // An incremental read of some songs gives them exactly their whole-catalog features (ranks still across every song).
    expect(loadSongFeatures(db, { bridges, only: new Set([a, e]) })).toEqual([fa, fe]);
  });

  it("dates an undated song by its artist's dated songs, never by compilations' years", () => {
    const db = tempDatabase();
    addSong(db, 'hit one', { album: 'Greatest Hits', release_year: 2005 });
    addSong(db, 'hit two', { album: 'Greatest Hits', release_year: 2005 });
    const undated = addSong(db, 'undated', { album: 'Somewhere' });
    const eraOf = () => loadSongFeatures(db, { bridges, extras: { eras: loadSongYears(db) } }).find((song) => song.itemId === undated)!.era;
    expect(eraOf()).toBeNull();
    addSong(db, 'studio one', { album: 'First Album', release_year: 1981 });
    addSong(db, 'studio two', { album: 'Second Album', release_year: 1983 });
    const era = eraOf()!;
    expect(era.reduce((sum, share) => sum + share, 0)).toBeCloseTo(1, 6);
    // Only the two studio years: half each, nothing in the 2000s.
    expect([...era].filter((share) => share > 0)).toEqual([0.5, 0.5]);
  });
});

describe('loadMovieFeatures', () => {
  it('marks a song whose title or album names Christmas as festive, like a "christmas" tag', () => {
    const db = tempDatabase();
    const white = addSong(db, 'White Christmas', {});
    // Two songs of one artist's album named for Christmas; the one song of a compilation says nothing.
    const onAlbum = addSong(db, 'Have Yourself a Merry Little One', { album: 'Merry Christmas' });
    addSong(db, 'Another One', { album: 'Merry Christmas' });
    const alone = addSong(db, 'In A Sentimental Mood', { album: 'Best Christmas Songs 2022' });
    const plain = addSong(db, 'Santa Monica Boulevard', { album: 'Winter' });
    const christmastime = addSong(db, 'Wonderful Christmastime', { album: 'Back to the Egg' });
    const byId = new Map(loadSongFeatures(db, { bridges }).map((features) => [features.itemId, features]));
    expect(byId.get(white)!.concepts.get('festive')).toBeGreaterThan(0);
    expect(byId.get(onAlbum)!.concepts.get('festive')).toBeGreaterThan(0);
    expect(byId.get(alone)!.concepts.has('festive')).toBe(false);
    expect(byId.get(plain)!.concepts.has('festive')).toBe(false);
    expect(byId.get(christmastime)!.concepts.get('festive')).toBeGreaterThan(0);
  });

  it("reads the music a film is about from its keywords and overview, and a song's music from its genres, tags and title", () => {
    const db = tempDatabase();
    const whiplash = addMovie(db, 'Whiplash', { overview: 'A young drummer enrolls at a cut-throat conservatory.' }, ['Drama', 'Music'], ['jazz', 'drummer']);
    const homeAlone = addMovie(db, 'Home Alone', { overview: 'An eight-year-old is left home alone.' }, ['Comedy', 'Family'], ['christmas']);
    const plainFilm = addMovie(db, 'Heat', { overview: 'A detective hunts a crew of thieves.' }, ['Crime']);
    const film = new Map(loadMovieFeatures(db, { bridges }).map((features) => [features.itemId, features.topics ?? null]));
    const topic = (id: string) => MUSIC_TOPICS.findIndex((entry) => entry.id === id);
    expect(film.get(whiplash)![topic('jazz')]).toBe(1);
    expect(film.get(homeAlone)![topic('christmas')]).toBe(1);
    // A film about no music holds nothing but the Christmas song's place out of season.
    expect([...film.get(plainFilm)!]).toEqual(MUSIC_TOPICS.map((entry) => (entry.id === 'christmas' ? -0.5 : 0)));

    const jazzSong = addSong(db, 'So What', {}, ['cool jazz']);
    const carol = addSong(db, 'White Christmas', {}, ['adult standards']);
    const popSong = addSong(db, 'Something Else', {}, ['pop']);
    const song = new Map(loadSongFeatures(db, { bridges }).map((features) => [features.itemId, features.topics ?? null]));
    expect(song.get(jazzSong)![topic('jazz')]).toBe(1);
    expect(song.get(carol)![topic('christmas')]).toBe(1);
    expect(song.get(popSong)).toBeNull();
  });

  it('reads genres and keywords, and combines vote count, popularity and revenue percentiles', () => {
    const db = tempDatabase();
    db.exec(`DROP TABLE IF EXISTS poster_embeddings`);
    const horror = addMovie(
      db,
      'Scream',
      { vote_count: 10, popularity: 1, revenue: 100, original_language: 'en', runtime_minutes: 100 },
      ['horror'],
      ['serial killer', 'based on novel'],
    );
    const comedy = addMovie(
      db,
      'Laugh',
      { vote_count: 1000, popularity: 50, revenue: null, original_language: 'ja', overview: 'A joyful, funny story of love and friendship.' },
      ['comedy'],
    );
    const bare = addMovie(db, 'Unknown', {});
    expect(loadPosterColours(db).size).toBe(0);

    const [fh, fc, fb] = loadMovieFeatures(db, { bridges });
    expect([fh!.itemId, fc!.itemId, fb!.itemId]).toEqual([horror, comedy, bare]);
    // Lowest votes and popularity (0, 0); its revenue is the only one known, so it ranks 0.5.
    expect(fh!.popularity).toBeCloseTo(1 / 6, 12);
    expect(fc!.popularity).toBe(1); // highest votes and popularity; unknown revenue is skipped
    expect(fb!.popularity).toBe(0.5);
    expect(fh!.mood.valence).toBeLessThan(fc!.mood.valence);
    expect(fh!.concepts.get('eerie')).toBe(1);
    expect(fc!.regions.get('japan')).toBe(1);
    expect(fb!.concepts.size).toBe(0);
    expect(fb!.mood).toEqual({ valence: 0.5, energy: 0.5, danceability: 0.5, acousticness: 0.5, pace: 0.5 });
    expect(loadMovieFeatures(db, { bridges, only: new Set([horror]) })).toEqual([fh]);
  });

  it('uses poster colour from poster_embeddings through posters(movie_id) when the table exists', () => {
    const db = tempDatabase();
    db.exec(`CREATE TABLE IF NOT EXISTS poster_embeddings (
      poster_id INTEGER PRIMARY KEY, status TEXT, model_sha256 TEXT,
      brightness REAL, saturation REAL, warmth REAL, contrast REAL, colourfulness REAL)`);
    const bright = addMovie(db, 'Bright', {}, ['drama']);
    const dark = addMovie(db, 'Dark', {}, ['drama']);
    const plain = addMovie(db, 'Plain', {}, ['drama']);
    const poster = (movieId: number, file: string, brightness: number, saturation: number, status = 'done') => {
      const posterId = db
        .prepare(`INSERT INTO posters(movie_id, path, file_size, file_mtime_ms, matched_by) VALUES (?, ?, 1, 1, 'mapping')`)
        .run(movieId, file).lastInsertRowid;
      db.prepare(
        `INSERT INTO poster_embeddings(poster_id, status, model_sha256, brightness, saturation, warmth, contrast, colourfulness) VALUES (?, ?, 'x', ?, ?, 0.5, 0.5, 0.5)`,
      ).run(posterId, status, brightness, saturation);
    };
    poster(bright, '/p/1.jpg', 0.9, 0.6);
    poster(bright, '/p/2.jpg', 0.7, 0.4); // two scans of one film: averaged
    poster(dark, '/p/3.jpg', 0.1, 0.3);
    poster(plain, '/p/4.jpg', 0.99, 0.99, 'pending');

    const colours = loadPosterColours(db);
    expect([...colours.keys()].sort()).toEqual([bright, dark].sort());
    expect(colours.get(bright)?.brightness).toBeCloseTo(0.8);
    const [fb, fd, fp] = loadMovieFeatures(db, { bridges });
    expect(fb!.mood.valence).toBeGreaterThan(fp!.mood.valence);
    expect(fd!.mood.valence).toBeLessThan(fp!.mood.valence);
    expect(fb!.moodConfidence).toBeGreaterThan(fp!.moodConfidence);
  });
});
