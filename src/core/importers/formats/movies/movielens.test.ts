import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDatabase, tempDir } from '../../../testing/temp.js';
import { ImportRuns } from '../../../catalog/import-runs.js';
import { importFile } from '../../import-file.js';
import { count, genresOf, keywordsOf, movieWhere } from './movie-fixtures.js';

const BOM = '\uFEFF';
const crlf = (lines: readonly string[]) => `${lines.join('\r\n')}\r\n`;

const MOVIES = crlf([
  'movieId,title,genres',
  '1,Toy Story (1995),Adventure|Animation|Children|Comedy|Fantasy',
  '2,Jumanji (1995),Adventure|Children|Fantasy',
  '318,"Shawshank Redemption, The (1994)",Crime|Drama',
  '791,"Last Klezmer: Leopold Kozlowski, His Life and Music, The (1994)",Documentary',
  '999,Babylon 5,(no genres listed)',
]);
const LINKS = crlf(['movieId,imdbId,tmdbId', '1,0114709,862', '2,0113497,8844', '318,0111161,278', '791,0113610,']);
const TAGS = crlf([
  'userId,movieId,tag,timestamp',
  '2,1,Pixar,1445714994',
  '5,1,pixar,1445714995',
  '6,1, Funny ,1445714996',
  '7,1,funny,1445714997',
  '8,318,"prison, escape",1445714998',
  '9,318,Morgan Freeman,1445714999',
]);
const RATINGS = crlf(['userId,movieId,rating,timestamp', '1,1,4.0,964982703', '2,1,5.0,964982224', '3,1,3.5,964982931', '1,318,5.0,964982703']);

/** A MovieLens folder holding the given files (name -> content). */
function movieLensFolder(files: Readonly<Record<string, string>>): string {
  const dir = tempDir('crossfade-movielens-');
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

describe('movielens (movies.csv with links.csv, tags.csv and ratings.csv)', () => {
  it('joins links, tags and ratings; splits "Title, The (Year)"; CRLF and BOMs everywhere', async () => {
    const db = tempDatabase();
    const dir = movieLensFolder({ 'movies.csv': BOM + MOVIES, 'links.csv': BOM + LINKS, 'tags.csv': BOM + TAGS, 'ratings.csv': BOM + RATINGS });
    const summary = await importFile(db, { file: path.join(dir, 'movies.csv') });
    expect(summary.format.id).toBe('movielens');
    expect(summary.warnings).toEqual([]);
    expect(summary.counters).toMatchObject({ rowsRead: 5, rowsImported: 5, rowsSkipped: 0, itemsAdded: 5 });

    const toyStory = movieWhere(db, 'movielens_id = 1')!;
    expect(toyStory).toMatchObject({ title: 'Toy Story', release_year: 1995, tmdb_id: 862, imdb_id: 'tt0114709', vote_count: 3, vote_average: 8.33 });
    expect(genresOf(db, toyStory.id)).toEqual(['adventure', 'animation', 'children', 'comedy', 'fantasy']);
    expect(keywordsOf(db, toyStory.id)).toEqual(['funny', 'pixar']);

    const shawshank = movieWhere(db, 'movielens_id = 318')!;
    expect(shawshank).toMatchObject({
      title: 'The Shawshank Redemption',
      release_year: 1994,
      tmdb_id: 278,
      imdb_id: 'tt0111161',
      vote_count: 1,
      vote_average: 10,
    });
    expect(keywordsOf(db, shawshank.id)).toEqual(['morgan freeman', 'prison, escape']);

    // An empty tmdbId in links.csv: the IMDb id still arrives.
    expect(movieWhere(db, 'movielens_id = 791')).toMatchObject({
      title: 'The Last Klezmer: Leopold Kozlowski, His Life and Music',
      tmdb_id: null,
      imdb_id: 'tt0113610',
      vote_count: null,
      vote_average: null,
    });
    // No year, "(no genres listed)", and no row in links.csv.
    const babylon = movieWhere(db, 'movielens_id = 999')!;
    expect(babylon).toMatchObject({ title: 'Babylon 5', release_year: null, tmdb_id: null, imdb_id: null });
    expect(genresOf(db, babylon.id)).toEqual([]);
    expect(count(db, `SELECT count(*) FROM genres WHERE name LIKE '%no genres%'`)).toBe(0);
  });

  it('warns when links.csv is missing, and fills the ids in when imported again with it', async () => {
    const db = tempDatabase();
    const dir = movieLensFolder({ 'movies.csv': MOVIES });
    const file = path.join(dir, 'movies.csv');
    const summary = await importFile(db, { file });
    expect(summary.counters).toMatchObject({ rowsImported: 5, rowsSkipped: 0 });
    expect(summary.warnings).toEqual([expect.stringMatching(/^links\.csv was not found next to movies\.csv .*cannot merge with movies from TMDb sources/)]);
    expect(count(db, `SELECT count(*) FROM movies WHERE tmdb_id IS NOT NULL OR imdb_id IS NOT NULL`)).toBe(0);

    fs.writeFileSync(path.join(dir, 'links.csv'), LINKS);
    const again = await importFile(db, { file });
    expect(again.warnings).toEqual([]);
    expect(again.counters).toMatchObject({ itemsAdded: 0, itemsMerged: 5 });
    expect(count(db, `SELECT count(*) FROM movies`)).toBe(5);
    expect(movieWhere(db, 'movielens_id = 318')).toMatchObject({ tmdb_id: 278, imdb_id: 'tt0111161' });
  });

  it('is idempotent: counts unchanged and nothing added on a second import', async () => {
    const db = tempDatabase();
    const file = path.join(movieLensFolder({ 'movies.csv': MOVIES, 'links.csv': LINKS, 'tags.csv': TAGS, 'ratings.csv': RATINGS }), 'movies.csv');
    await importFile(db, { file });
    const tables = () =>
      ['movies', 'movie_genres', 'movie_keywords', 'genres', 'keywords', 'item_sources'].map((table) => count(db, `SELECT count(*) FROM ${table}`));
    const before = tables();
    const snapshot = () => db.prepare(`SELECT tmdb_id, imdb_id, movielens_id, title, release_year, vote_count, vote_average FROM movies ORDER BY id`).all();
    const rowsBefore = snapshot();
    const again = await importFile(db, { file });
    expect(again.counters).toMatchObject({ rowsImported: 5, itemsAdded: 0, itemsMerged: 5 });
    expect(tables()).toEqual(before);
    expect(snapshot()).toEqual(rowsBefore);
  });

  it('reports malformed movies.csv rows with line and column', async () => {
    const db = tempDatabase();
    const movies = crlf(['movieId,title,genres', '1,Toy Story (1995),Animation', 'x1,Broken (1999),Drama', '3,,Drama', '4,Heat (1995),Action|Crime']);
    const summary = await importFile(db, { file: path.join(movieLensFolder({ 'movies.csv': movies, 'links.csv': LINKS }), 'movies.csv') });
    expect(summary.counters).toMatchObject({ rowsRead: 4, rowsImported: 2, rowsSkipped: 2 });
    expect(new ImportRuns(db).issues(summary.runId)).toEqual([
      expect.objectContaining({ line: 3, columnName: 'movieId', columnNumber: 1, reason: expect.stringContaining('got "x1"') }),
      expect.objectContaining({ line: 4, columnName: 'title', columnNumber: 2, reason: expect.stringContaining('expected a movie title') }),
    ]);
  });

  it('ignores unreadable rows of the side files with one warning each', async () => {
    const db = tempDatabase();
    const dir = movieLensFolder({
      'movies.csv': MOVIES,
      'links.csv': crlf(['movieId,imdbId,tmdbId', '1,0114709,862', 'one,0113497,8844', '318,nm0000209,278']),
      'tags.csv': crlf(['userId,movieId,label,timestamp', '2,1,Pixar,1445714994']),
      'ratings.csv': crlf(['userId,movieId,rating,timestamp', '1,1,4.0,964982703', '2,1,ten,964982224', '3,1,7,964982931']),
    });
    const summary = await importFile(db, { file: path.join(dir, 'movies.csv') });
    expect(summary.counters).toMatchObject({ rowsImported: 5, rowsSkipped: 0 });
    expect(summary.warnings).toEqual([
      'links.csv: 2 unreadable row(s) were ignored; e.g. data row 2: movieId "one" is not a whole number; data row 3: imdbId "nm0000209" is not an IMDb id.',
      'tags.csv was ignored: its header lacks the column(s) "tag".',
      'ratings.csv: 2 unreadable row(s) were ignored; e.g. data row 2: rating "ten" is not a number from 0 to 5; data row 3: rating "7" is not a number from 0 to 5.',
    ]);
    expect(movieWhere(db, 'movielens_id = 1')).toMatchObject({ tmdb_id: 862, vote_count: 1, vote_average: 8 });
    expect(count(db, `SELECT count(*) FROM movie_keywords`)).toBe(0);
  });

  it('reads a semicolon-delimited copy, side files included', async () => {
    const db = tempDatabase();
    const semicolons = (text: string) => text.replace(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/gm, ';');
    const dir = movieLensFolder({ 'movies.csv': semicolons(MOVIES), 'links.csv': semicolons(LINKS), 'tags.csv': semicolons(TAGS) });
    const summary = await importFile(db, { file: path.join(dir, 'movies.csv') });
    expect(summary.counters).toMatchObject({ rowsImported: 5, rowsSkipped: 0 });
    const shawshank = movieWhere(db, 'movielens_id = 318')!;
    expect(shawshank).toMatchObject({ title: 'The Shawshank Redemption', tmdb_id: 278 });
    expect(keywordsOf(db, shawshank.id)).toEqual(['morgan freeman', 'prison, escape']);
  });

  it.each([
    ['links.csv', LINKS],
    ['tags.csv', TAGS],
    ['ratings.csv', RATINGS],
  ])('tells the user to import movies.csv instead of %s', async (name, content) => {
    const db = tempDatabase();
    const dir = movieLensFolder({ 'movies.csv': MOVIES, [name]: content });
    const moviesFile = path.join(dir, 'movies.csv');
    await expect(importFile(db, { file: path.join(dir, name) })).rejects.toThrow(`looks like MovieLens ${name}, which holds`);
    await expect(importFile(db, { file: path.join(dir, name) })).rejects.toThrow(`Import movies.csv from the same folder instead (${moviesFile})`);
    expect(count(db, `SELECT count(*) FROM import_runs`)).toBe(0);
  });

  it('names an uploaded file by its own name and gives advice that works in a browser', async () => {
    const dir = movieLensFolder({ 'movies.csv': MOVIES, 'links.csv': LINKS });
    const failure = importFile(tempDatabase(), { file: path.join(dir, 'links.csv'), displayName: 'links.csv', uploaded: true });
    await expect(failure).rejects.toThrow(
      /^links\.csv looks like MovieLens links\.csv, which holds .* Import movies\.csv instead, choosing links\.csv and tags\.csv together with it/,
    );
    await expect(failure).rejects.not.toThrow(dir);
  });
});

describe('hostile MovieLens side files (issue #14 item 9)', () => {
  it('ignores a links.csv that is one endless line, and stops tags.csv at a row over 1 MiB, keeping the rows before it', async () => {
    const db = tempDatabase();
    const dir = movieLensFolder({
      'movies.csv': MOVIES,
      'links.csv': `movieId,imdbId,tmdbId,${'x'.repeat(5 * 1024 * 1024)}`,
      'tags.csv': crlf(['userId,movieId,tag,timestamp', '2,1,Pixar,1445714994', `3,1,${'y'.repeat(2 * 1024 * 1024)},1445714995`, '4,1,funny,1445714996']),
    });
    const summary = await importFile(db, { file: path.join(dir, 'movies.csv') });
    expect(summary.status).toBe('completed');
    expect(summary.counters).toMatchObject({ rowsImported: 5 });
    expect(summary.warnings).toEqual(
      expect.arrayContaining([
        'links.csv was ignored: line 1 is longer than 1 MiB: is this really a CSV file?',
        'tags.csv: reading stopped at line 3, which is longer than 1 MiB; the rows before it were used.',
      ]),
    );
    expect(keywordsOf(db, movieWhere(db, 'movielens_id = 1')!.id)).toEqual(['pixar']);
  });
});
