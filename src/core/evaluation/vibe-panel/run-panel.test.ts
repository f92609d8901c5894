import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prng } from '../../../../tests/support/generate-fixtures.js';
import { tempDatabase } from '../../../../tests/support/temp.js';
import type { CatalogDatabase } from '../../db/open-database.js';
import { addMovie, addSong } from '../test-helpers.js';
import { loadCandidates, type EvaluationContext, type ItemKind, type Query, type Recommender } from '../types.js';
import { holds, loadFacts } from './facts.js';
import { loadVibePanel, type Predicate } from './panel-schema.js';
import { renderPanelMarkdown, resolveItems, runVibePanel, topPositions, type PanelReport } from './run-panel.js';

/**
 * The panel runner on a small generated catalog: filler songs and films from a seeded generator,
 * plus hand-placed items whose facts each predicate is about, and a fake recommender that puts a
 * chosen list of ids first (in that order) and scores everything else lower, or NaN.
 */

/** Ranks `first` at the top in the given order; the rest get `rest` (a low score, or NaN). */
class RankedFirst implements Recommender {
  readonly name = 'ranked-first';
  readonly description = 'test';
  private context: EvaluationContext | null = null;
  constructor(
    private readonly first: Partial<Record<ItemKind, readonly number[]>>,
    private readonly rest: 'low' | 'nan' = 'low',
  ) {}
  prepare(context: EvaluationContext): void {
    this.context = context;
  }
  scores(_query: Query, kind: ItemKind): Float64Array {
    const candidates = kind === 'song' ? this.context!.songs : this.context!.movies;
    const order = this.first[kind] ?? [];
    return Float64Array.from(candidates.ids, (id) => {
      const at = order.indexOf(id);
      return at >= 0 ? 1000 - at : this.rest === 'nan' ? Number.NaN : -id;
    });
  }
}

let db: CatalogDatabase;
let context: EvaluationContext;
const song: Record<string, number> = {};
const movie: Record<string, number> = {};
const fillerSongs: number[] = [];
const fillerMovies: number[] = [];

function setMovie(id: number, fields: { language?: string; keywords?: readonly string[] }): void {
  if (fields.language) db.prepare(`UPDATE movies SET original_language = ? WHERE id = ?`).run(fields.language, id);
  for (const keyword of fields.keywords ?? []) {
    db.prepare(`INSERT OR IGNORE INTO keywords(name) VALUES (?)`).run(keyword);
    const keywordId = db.prepare(`SELECT id FROM keywords WHERE name = ?`).pluck().get(keyword) as number;
    db.prepare(`INSERT INTO movie_keywords VALUES (?, ?)`).run(id, keywordId);
  }
}

/** audio: danceability, energy, loudness, speechiness, acousticness, instrumentalness, liveness, valence, tempo. */
const audio = (energy: number, valence: number, danceability = 0.5) => [danceability, energy, -8, 0.05, 0.3, 0, 0.1, valence, 120];

beforeAll(() => {
  db = tempDatabase();
  // Filler: neutral pop songs and dramas with seeded, middling values, none matching the predicates below.
  const rng = new Prng(13);
  for (let index = 0; index < 40; index++) {
    fillerSongs.push(
      addSong(db, {
        title: `Filler song ${index}`,
        artists: `Band ${index}`,
        year: rng.int(1990, 2010),
        genres: ['pop'],
        audio: audio(rng.around(0.5, 0.1, 0.4, 0.6), rng.around(0.5, 0.1, 0.4, 0.6)),
      }),
    );
    const id = addMovie(db, { title: `Filler film ${index}`, year: rng.int(1990, 2010), genres: ['drama'] });
    setMovie(id, { language: 'en' });
    fillerMovies.push(id);
  }
  song.queen = addSong(db, { title: 'Dancing Queen', artists: 'ABBA', album: 'Arrival', popularity: 50, genres: ['swedish'], audio: audio(0.87, 0.75) });
  song.queenCopy = addSong(db, {
    title: 'Dancing Queen',
    artists: 'ABBA',
    album: '70s Christmas Party',
    popularity: 80,
    genres: ['swedish'],
    audio: audio(0.93, 0.68),
  });
  song.september = addSong(db, { title: 'September', artists: 'Earth, Wind & Fire', popularity: 80, year: 1978, audio: audio(0.83, 0.98) });
  song.standUp = addSong(db, { title: 'A Couples Colonic?!', artists: 'David Cross', genres: ['comedy'], audio: audio(0.6, 0.5) });
  song.hipHop = addSong(db, { title: 'Boom', artists: 'MC Test', genres: ['hip-hop'], year: 1994, audio: audio(0.8, 0.6) });
  song.hisaishi = addSong(db, {
    title: 'The Sixth Station',
    artists: 'Joe Hisaishi',
    album: 'Spirited Away Soundtrack',
    genres: ['anime'],
    audio: audio(0.05, 0.04),
  });
  song.explicit = addSong(db, { title: 'Rude', artists: 'Someone', audio: audio(0.7, 0.4) });
  db.prepare(`UPDATE songs SET explicit = 1 WHERE id = ?`).run(song.explicit);
  song.christmas = addSong(db, { title: 'Run Rudolph Run', artists: 'Chuck Berry', album: 'Christmas Hits', year: 1958, audio: audio(0.8, 0.9) });
  song.noAudio = addSong(db, { title: 'Mystery', artists: 'Nobody' });
  song.remaster = addSong(db, { title: 'Boom - Remastered 2011', artists: 'MC Test, Guest', genres: ['hip-hop'], audio: audio(0.8, 0.6) });

  movie.spirited = addMovie(db, { title: 'Spirited Away', year: 2001, genres: ['Animation', 'Family'] });
  setMovie(movie.spirited, { language: 'ja' });
  movie.matrix = addMovie(db, { title: 'Matrix, The', year: 1999, genres: ['Action', 'Sci-Fi'] });
  movie.pulp = addMovie(db, { title: 'Pulp Fiction', year: 1994, genres: ['Crime', 'Comedy'] });
  movie.rocky = addMovie(db, { title: 'Rocky', year: 1976, genres: ['Drama'] });
  setMovie(movie.rocky, { language: 'en', keywords: ['boxing', 'underdog'] });
  movie.kontiki = addMovie(db, { title: 'Kon-Tiki', year: 2012, genres: ['Adventure', 'Drama'] });
  setMovie(movie.kontiki, { language: 'no' });
  movie.amelie = addMovie(db, { title: 'Le Fabuleux destin', year: 2001, genres: ['Comedy', 'Romance'] });
  db.prepare(`UPDATE movies SET original_title = 'Amélie', runtime_minutes = 122 WHERE id = ?`).run(movie.amelie);
  setMovie(movie.amelie, { language: 'fr' });
  context = { db, songs: loadCandidates(db, 'song'), movies: loadCandidates(db, 'movie'), seed: 1 };
});
afterAll(() => db.close());

const REVIEW = 'test panel';

function run(
  queries: unknown[],
  first: Partial<Record<ItemKind, readonly number[]>>,
  options: { rest?: 'low' | 'nan'; topN?: number; recordings?: ReadonlyMap<number, number>; notForFamilies?: (songId: number) => boolean } = {},
): PanelReport {
  const recommender = new RankedFirst(first, options.rest);
  recommender.prepare(context);
  return runVibePanel(db, recommender, context, {
    panel: loadVibePanel({ _review: REVIEW, queries }, 'test.json'),
    ...(options.topN ? { topN: options.topN } : {}),
    ...(options.recordings ? { recordings: options.recordings } : {}),
    ...(options.notForFamilies ? { notForFamilies: options.notForFamilies } : {}),
  });
}

const pulpQuery = (checks: unknown[]) => ({ id: 'pulp', direction: 'movie-to-song', query: { title: 'Pulp Fiction', year: 1994 }, intent: 'test', checks });
const abbaQuery = (checks: unknown[]) => ({
  id: 'abba',
  direction: 'song-to-movie',
  query: { title: 'Dancing Queen', artist: 'abba', album: 'Arrival' },
  intent: 'test',
  checks,
});

/** Runs one movie-to-song check with `first` at the top; returns the failure text, or null when it passed. */
function songCheck(check: unknown, first: readonly number[], rest: 'low' | 'nan' = 'low'): string | null {
  const result = run([pulpQuery([check])], { song: first }, { rest }).results[0]!;
  expect(result.missing).toBe(false);
  return result.passed ? null : result.failures.join(' | ');
}

function movieCheck(check: unknown, first: readonly number[]): string | null {
  const result = run([abbaQuery([check])], { movie: first }).results[0]!;
  expect(result.missing).toBe(false);
  return result.passed ? null : result.failures.join(' | ');
}

describe('predicates over catalog facts', () => {
  const songFacts = (id: number) => loadFacts(db, 'song', [id])[0]!;
  const movieFacts = (id: number) => loadFacts(db, 'movie', [id])[0]!;
  /** Both genres: comedy and `genre` (Pulp Fiction is a comedy and a crime film). */
  const comedyAnd = (genre: string): Predicate => ({
    fact: 'allOf',
    of: [
      { fact: 'genre', any: ['comedy'] },
      { fact: 'genre', any: [genre] },
    ],
  });
  const cases: [string, Predicate, () => ReturnType<typeof songFacts>, boolean][] = [
    ['genre, ignoring case and hyphens', { fact: 'genre', any: ['Hip Hop'] }, () => songFacts(song.hipHop!), true],
    ['genre, no match', { fact: 'genre', any: ['jazz'] }, () => songFacts(song.hipHop!), false],
    ['film genre in title case', { fact: 'genre', any: ['animation'] }, () => movieFacts(movie.spirited!), true],
    ['keyword', { fact: 'keyword', any: ['Boxing'] }, () => movieFacts(movie.rocky!), true],
    ['keyword, unknown for a film without keywords', { fact: 'keyword', any: ['boxing'] }, () => movieFacts(movie.pulp!), false],
    ['language', { fact: 'language', any: ['sv', 'no'] }, () => movieFacts(movie.kontiki!), true],
    ['language unknown never matches', { fact: 'language', any: ['en'] }, () => movieFacts(movie.pulp!), false],
    ['artist among several credits', { fact: 'artist', is: 'guest' }, () => songFacts(song.remaster!), true],
    ['artist whose name holds the separator', { fact: 'artist', is: 'Earth, Wind & Fire' }, () => songFacts(song.september!), true],
    ['artist: a part of a name is not the artist', { fact: 'artist', is: 'Wind' }, () => songFacts(song.september!), false],
    ['artist, another one', { fact: 'artist', is: 'Joe Hisaishi' }, () => songFacts(song.september!), false],
    ['text in the album', { fact: 'text', any: ['christmas'] }, () => songFacts(song.christmas!), true],
    ['text in a film original title, accents folded', { fact: 'text', any: ['amelie'] }, () => movieFacts(movie.amelie!), true],
    ['text is whole words only', { fact: 'text', any: ['christ'] }, () => songFacts(song.christmas!), false],
    ['year within', { fact: 'year', from: 1950, to: 1959 }, () => songFacts(song.christmas!), true],
    ['year outside', { fact: 'year', to: 1949 }, () => songFacts(song.christmas!), false],
    ['year unknown never matches', { fact: 'year', from: 1900 }, () => songFacts(song.standUp!), false],
    ['explicit', { fact: 'explicit' }, () => songFacts(song.explicit!), true],
    ['explicit unknown is not explicit', { fact: 'explicit' }, () => songFacts(song.september!), false],
    ['feature below', { fact: 'feature', feature: 'valence', below: 0.3 }, () => songFacts(song.hisaishi!), true],
    ['feature above', { fact: 'feature', feature: 'energy', above: 0.9 }, () => songFacts(song.hisaishi!), false],
    ['feature unknown never matches', { fact: 'feature', feature: 'energy', below: 2 }, () => songFacts(song.noAudio!), false],
    ['film runtime', { fact: 'feature', feature: 'runtime', above: 120 }, () => movieFacts(movie.amelie!), true],
    ['anyOf', { fact: 'anyOf', of: [{ fact: 'genre', any: ['jazz'] }, { fact: 'explicit' }] }, () => songFacts(song.explicit!), true],
    ['allOf', comedyAnd('crime'), () => movieFacts(movie.pulp!), true],
    ['allOf, one false', comedyAnd('horror'), () => movieFacts(movie.pulp!), false],
    ['not', { fact: 'not', of: { fact: 'genre', any: ['comedy'] } }, () => movieFacts(movie.rocky!), true],
  ];
  it.each(cases)('%s', (_name, predicate, facts, expected) => {
    expect(holds(predicate, facts())).toBe(expected);
  });
});

describe('checks on the top of the list', () => {
  it('mustNotInclude fails with the offending results named, and passes when they are not in the top N', () => {
    const failure = songCheck({ check: 'mustNotInclude', top: 10, where: { fact: 'genre', any: ['comedy', 'stand-up'] } }, [song.hipHop!, song.standUp!]);
    expect(failure).toBe('the top 10 holds 1 song in the genre comedy or stand-up, none allowed: A Couples Colonic?! — David Cross [comedy]');
    // At rank 11 it is outside the top 10.
    expect(songCheck({ check: 'mustNotInclude', top: 10, where: { fact: 'genre', any: ['comedy'] } }, [...fillerSongs.slice(0, 10), song.standUp!])).toBeNull();
    expect(songCheck({ check: 'mustNotInclude', top: 20, where: { fact: 'genre', any: ['comedy'] } }, [...fillerSongs.slice(0, 10), song.standUp!])).toMatch(
      /top 20 holds 1 song/,
    );
  });

  it('mustInclude looks as deep as its own top N', () => {
    const deep = [...fillerSongs.slice(0, 15), song.hisaishi!];
    expect(songCheck({ check: 'mustInclude', top: 20, where: { fact: 'artist', is: 'Joe Hisaishi' } }, deep)).toBeNull();
    expect(songCheck({ check: 'mustInclude', top: 10, where: { fact: 'artist', is: 'Joe Hisaishi' } }, deep)).toBe(
      'the top 10 holds no songs by Joe Hisaishi; at least one expected',
    );
  });

  it('atMostShare allows exactly the share and fails above it', () => {
    const where = { fact: 'language', any: ['sv', 'da', 'no'] };
    // Only one Nordic film exists, so share 0.1 of the top 10 is met exactly, and 0 is exceeded.
    expect(movieCheck({ check: 'atMostShare', top: 10, share: 0.1, where }, [movie.kontiki!])).toBeNull();
    expect(movieCheck({ check: 'atMostShare', top: 10, share: 0, where }, [movie.kontiki!])).toBe(
      'the top 10 holds 1 film in the original language sv, da or no (10 %), at most 0 % allowed: Kon-Tiki (2012) [language no]',
    );
  });

  it('atLeastShare needs the share of the top N', () => {
    const where = { fact: 'genre', any: ['drama'] };
    expect(movieCheck({ check: 'atLeastShare', top: 10, share: 0.9, where }, fillerMovies.slice(0, 10))).toBeNull();
    expect(movieCheck({ check: 'atLeastShare', top: 10, share: 0.9, where }, [movie.pulp!, movie.spirited!, ...fillerMovies.slice(0, 8)])).toMatch(
      /^the top 10 holds 8 films in the genre drama \(80 %\), at least 90 % expected: Filler film 0 \(\d+\) \[drama\]; Filler film 1 \(\d+\) \[drama\]; Filler film 2 \(\d+\) \[drama\]; and 5 more$/,
    );
  });

  it('mean uses the results with a known value and fails outside its bounds', () => {
    const loud = [song.queen!, song.september!, song.hipHop!, song.noAudio!];
    expect(songCheck({ check: 'mean', top: 10, feature: 'energy', atLeast: 0.55 }, loud)).toBeNull();
    const quiet = [song.hisaishi!, song.noAudio!, ...fillerSongs.slice(0, 8)];
    expect(songCheck({ check: 'mean', top: 10, feature: 'energy', atLeast: 0.6 }, quiet)).toMatch(
      /^the mean energy of the 9 of the top 10 songs with a known energy is 0\.\d+; at least 0\.6 expected$/,
    );
    expect(songCheck({ check: 'mean', top: 10, feature: 'valence', atMost: 0.2 }, [song.september!], 'nan')).toMatch(/mean valence .* at most 0\.2 expected/);
    expect(songCheck({ check: 'mean', top: 10, feature: 'valence', atMost: 0.99, atLeast: 0.9 }, [song.september!, song.queen!])).toMatch(
      /at least 0\.9 expected/,
    );
  });

  it('mean with no known value says it cannot be checked', () => {
    const result = run([pulpQuery([{ check: 'mean', feature: 'energy', atLeast: 0.5 }])], { song: [song.noAudio!] }, { topN: 1 }).results[0]!;
    expect(result.failures).toEqual(['no song in the top 1 has a known energy, so its mean cannot be checked']);
  });

  it('distinctRecordings catches the same recording under two ids, and not different songs', () => {
    expect(songCheck({ check: 'distinctRecordings', top: 10 }, [song.hipHop!, song.september!, song.remaster!])).toBe(
      'the top 10 holds the same recording more than once: "Boom - Remastered 2011 — MC Test, Guest" (also at #1)',
    );
    expect(songCheck({ check: 'distinctRecordings', top: 10 }, [song.hipHop!, song.september!, ...fillerSongs.slice(0, 8)])).toBeNull();
  });

  it('judges song lists as the app shows them: other versions of one recording folded into its canonical one', () => {
    const first = [song.hipHop!, song.september!, song.remaster!, ...fillerSongs.slice(0, 9)];
    const check = { check: 'distinctRecordings', top: 10 };
    // The remaster is the same recording as hipHop (its group's canonical id): shown once, and the list still holds 10.
    const folded = run([pulpQuery([check])], { song: first }, { recordings: new Map([[song.remaster!, song.hipHop!]]) }).results[0]!;
    expect(folded.passed).toBe(true);
    expect(folded.top.slice(0, 3)).toEqual(run([pulpQuery([check])], { song: [song.hipHop!, song.september!, fillerSongs[0]!] }).results[0]!.top.slice(0, 3));
    // Groups the app missed are still caught by the panel's own title and artist key.
    expect(run([pulpQuery([check])], { song: first }, { recordings: new Map() }).results[0]!.passed).toBe(false);
  });
});

describe('runVibePanel', () => {
  it('finds the query items by title, artist, album and year, and counts missing items apart from failures', () => {
    const never = { check: 'mustNotInclude', where: { fact: 'genre', any: ['no such genre'] } };
    const report = run(
      [
        abbaQuery([never]),
        {
          id: 'september',
          direction: 'song-to-movie',
          query: { title: 'September', artist: 'Earth, Wind & Fire' },
          intent: 'comma in a band name',
          checks: [never],
        },
        { id: 'matrix', direction: 'movie-to-song', query: { title: 'The Matrix', year: 1999 }, intent: 'MovieLens article order', checks: [never] },
        { id: 'amelie', direction: 'movie-to-song', query: { title: 'Amélie', year: 2001 }, intent: 'original title', checks: [never] },
        { id: 'year-off', direction: 'movie-to-song', query: { title: 'Spirited Away', year: 2002 }, intent: 'one year off', checks: [never] },
        { id: 'absent', direction: 'movie-to-song', query: { title: 'Spirited Away', year: 1980 }, intent: 'wrong year', checks: [never] },
        { id: 'absent-song', direction: 'song-to-movie', query: { title: 'Dancing Queen', artist: 'Someone Else' }, intent: 'wrong artist', checks: [never] },
      ],
      {},
    );
    expect(report).toMatchObject({ method: 'ranked-first', queries: 7, passed: 5, missing: 2 });
    expect(report.results.filter((result) => result.missing).map((result) => result.id)).toEqual(['absent', 'absent-song']);
    expect(report.results.find((result) => result.id === 'absent')).toMatchObject({
      query: 'Spirited Away (1980)',
      passed: false,
      missing: true,
      failures: [],
      top: [],
    });
    expect(report.byDirection).toEqual({ 'song-to-movie': { queries: 3, passed: 2, missing: 1 }, 'movie-to-song': { queries: 4, passed: 3, missing: 1 } });
  });

  it('prefers the named album among versions, else the most popular version', () => {
    const seen: number[][] = [];
    const spy: Recommender = {
      name: 'spy',
      description: 'records the query',
      prepare: () => undefined,
      scores: (query, kind) => {
        seen.push([...query.ids]);
        return new Float64Array((kind === 'song' ? context.songs : context.movies).ids.length);
      },
    };
    const never = { check: 'mustNotInclude', where: { fact: 'genre', any: ['x'] } };
    const panel = loadVibePanel({
      _review: REVIEW,
      queries: [
        abbaQuery([never]),
        { id: 'popular', direction: 'song-to-movie', query: { title: 'dancing queen', artist: 'ABBA' }, intent: 'no album', checks: [never] },
      ],
    });
    runVibePanel(db, spy, context, { panel });
    expect(seen).toEqual([[song.queen], [song.queenCopy]]);
  });

  it('still finds an item the full-text index lacks, by scanning the table', () => {
    const id = addSong(db, { title: "Don't Stop", artists: 'Fleetwood Mac' });
    const film = addMovie(db, { title: 'Unindexed Film', year: 1977 });
    db.prepare(`INSERT INTO songs_fts(songs_fts, rowid, title, artists, album) SELECT 'delete', id, title, artists, album FROM songs WHERE id = ?`).run(id);
    db.prepare(`INSERT INTO movies_fts(movies_fts, rowid, title, original_title) SELECT 'delete', id, title, original_title FROM movies WHERE id = ?`).run(
      film,
    );
    expect(db.prepare(`SELECT count(*) FROM songs_fts WHERE songs_fts MATCH '"fleetwood"'`).pluck().get()).toBe(0);
    const never = { check: 'mustNotInclude', where: { fact: 'genre', any: ['x'] } };
    const panel = loadVibePanel({
      _review: REVIEW,
      queries: [
        { id: 'song', direction: 'song-to-movie', query: { title: 'Don’t Stop', artist: 'Fleetwood Mac' }, intent: 'typographic apostrophe', checks: [never] },
        { id: 'film', direction: 'movie-to-song', query: { title: 'Unindexed Film', year: 1977 }, intent: 'not in the index', checks: [never] },
      ],
    });
    expect([...resolveItems(db, panel.queries)]).toEqual([
      ['song', id],
      ['film', film],
    ]);
    // Cleaned up so the other tests' catalog stays as it was.
    db.prepare(`DELETE FROM songs WHERE id = ?`).run(id);
    db.prepare(`DELETE FROM movies WHERE id = ?`).run(film);
    context = { db, songs: loadCandidates(db, 'song'), movies: loadCandidates(db, 'movie'), seed: 1 };
  });

  it('ranks NaN scores last and lists the top 5 titles', () => {
    const result = run(
      [pulpQuery([{ check: 'mustNotInclude', where: { fact: 'genre', any: ['comedy'] } }])],
      { song: [song.september!, song.hipHop!] },
      { rest: 'nan' },
    ).results[0]!;
    expect(result.top).toHaveLength(5);
    expect(result.top.slice(0, 2)).toEqual(['September — Earth, Wind & Fire', 'Boom — MC Test']);
    // The comedy song has a NaN score like every other song after the first two, and ranks after them in candidate order.
    expect(result.passed).toBe(true);
  });

  it('fails a query the method cannot score at all, without judging items in id order', () => {
    const result = run([pulpQuery([{ check: 'mustNotInclude', where: { fact: 'genre', any: ['comedy'] } }])], { song: [] }, { rest: 'nan' }).results[0]!;
    expect(result).toMatchObject({
      passed: false,
      missing: false,
      top: [],
      failures: ['ranked-first could not score any song for this query (is its item in the vibe space?)'],
    });
  });

  it('uses topN for checks without their own depth', () => {
    const check = { check: 'mustNotInclude', where: { fact: 'genre', any: ['comedy'] } };
    const order = [...fillerSongs.slice(0, 12), song.standUp!];
    expect(run([pulpQuery([check])], { song: order }).results[0]!.passed).toBe(true);
    expect(run([pulpQuery([check])], { song: order }, { topN: 20 }).results[0]!.failures[0]).toMatch(/^the top 20 holds 1 song in the genre comedy/);
  });

  it('reports every failed check of a query, and rejects a recommender that scores the wrong number of candidates', () => {
    const result = run(
      [
        pulpQuery([
          { check: 'mustNotInclude', where: { fact: 'genre', any: ['comedy'] } },
          { check: 'mustInclude', where: { fact: 'artist', is: 'Joe Hisaishi' } },
        ]),
      ],
      { song: [song.standUp!] },
    ).results[0]!;
    expect(result.passed).toBe(false);
    expect(result.failures).toHaveLength(2);
    const broken: Recommender = { name: 'broken', description: 'too few scores', prepare: () => undefined, scores: () => new Float64Array(3) };
    const panel = loadVibePanel({ _review: REVIEW, queries: [pulpQuery([{ check: 'mustInclude', where: { fact: 'explicit' } }])] });
    expect(() => runVibePanel(db, broken, context, { panel })).toThrow(/broken returned 3 scores for \d+ song candidates \(query "pulp"\)/);
    expect(() => runVibePanel(db, broken, context, { panel, topN: 0 })).toThrow(/topN must be a whole number of at least 1/);
  });

  it("judges a family film's songs as the app shows them: explicit songs left out, as for Pulp Fiction they are not", () => {
    const never = [{ check: 'mustNotInclude', where: { fact: 'explicit' } }];
    const spirited = { id: 'spirited', direction: 'movie-to-song', query: { title: 'Spirited Away', year: 2001 }, intent: 'a family film', checks: never };
    const first = { song: [song.explicit!, song.september!, ...fillerSongs.slice(0, 9)] };
    const family = run([spirited], first).results[0]!;
    expect(family.passed).toBe(true);
    expect(family.top[0]).toMatch(/^September/);
    expect(run([pulpQuery(never)], first).results[0]!.passed).toBe(false);
    // Likely explicit songs and aggressive music too, as the caller knows them from the vibe space.
    const notForFamilies = (songId: number) => songId === song.september;
    expect(run([spirited], first, { notForFamilies }).results[0]!.top[0]).not.toMatch(/^September/);
    expect(run([pulpQuery(never)], first, { notForFamilies }).results[0]!.top[1]).toMatch(/^September/);
  });

  it('renders Markdown with the pass count per direction, failures in plain words and escaped pipes', () => {
    const report = run(
      [
        pulpQuery([{ check: 'mustNotInclude', where: { fact: 'genre', any: ['comedy'] } }]),
        { ...abbaQuery([{ check: 'mustInclude', where: { fact: 'language', any: ['ja'] } }]), intent: 'a | pipe' },
        {
          id: 'gone',
          direction: 'movie-to-song',
          query: { title: 'Nope', year: 1950 },
          intent: 'missing',
          checks: [{ check: 'mustInclude', where: { fact: 'explicit' } }],
        },
      ],
      { song: [song.standUp!], movie: [movie.spirited!] },
    );
    const markdown = renderPanelMarkdown(report);
    expect(markdown).toContain('1 of 2 queries pass, 1 fail; 1 not run because the query item is not in the catalog');
    expect(markdown).toContain('#### Song → films (1 of 1 pass)');
    expect(markdown).toContain('#### Film → songs (0 of 1 pass)');
    expect(markdown).toContain('a \\| pipe');
    expect(markdown).toContain('**fail**: the top 10 holds 1 song in the genre comedy, none allowed');
    expect(markdown).toContain('| Nope (1950) | missing | not in the catalog |');
  });
});

describe('topPositions', () => {
  it('takes the best scores in order, NaN last, ties in candidate order, skipping excluded positions', () => {
    const scores = [0.5, Number.NaN, 0.9, 0.5, -1, Number.NaN, 0.9];
    expect(topPositions(scores, 4)).toEqual([2, 6, 0, 3]);
    expect(topPositions(scores, 10)).toEqual([2, 6, 0, 3, 4, 1, 5]);
    expect(topPositions(scores, 2, (position) => position === 2)).toEqual([6, 0]);
    expect(topPositions([], 3)).toEqual([]);
  });
});
