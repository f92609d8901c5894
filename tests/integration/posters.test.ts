import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../src/core/importers/import-file.js';
import { scanPosterFolder } from '../../src/core/posters/scan-poster-folder.js';
import { tempDatabase } from '../support/temp.js';

const dir = path.resolve(import.meta.dirname, '../../../shared/data');
const present = fs.existsSync(dir);
if (!present) console.warn(`Skipping poster folder integration tests: ${dir} (../shared/data beside this checkout) does not exist.`);

const KAGGLE = path.join(dir, 'posters-kaggle-movie-genre-from-poster');
const GREATEST = path.join(dir, 'posters-greatest-films-omdb/posters');

describe.skipIf(!present)('poster folders in ../shared/data', () => {
  it('links both folders to MovieLens movies by IMDb id (numeric names without tt, and tt names)', async () => {
    const db = tempDatabase();
    await importFile(db, { file: path.join(dir, 'movielens-ml-latest-small/movies.csv') });
    const kaggle = await scanPosterFolder(db, { folder: path.join(KAGGLE, 'posters') });
    expect(kaggle).toMatchObject({ imagesSeen: 1446, linked: 1446, numericIdsInterpretation: 'imdb', unmatched: [] });
    expect(kaggle.matchedBy).toEqual({ imdb_id: 1446 });
    const greatest = await scanPosterFolder(db, { folder: GREATEST });
    expect(greatest).toMatchObject({ imagesSeen: 924, linked: 924, unmatched: [] });
    // 153 IMDb ids name a file in both folders (counted from the file names with ls | comm).
    expect(db.prepare(`SELECT count(*) FROM (SELECT movie_id FROM posters GROUP BY movie_id HAVING count(*) = 2)`).pluck().get()).toBe(153);

    const mapped = await scanPosterFolder(db, { folder: path.join(KAGGLE, 'posters'), mapFile: path.join(KAGGLE, 'poster_index_DERIVED.csv') });
    expect(mapped).toMatchObject({ linked: 1446, newlyLinked: 0, relinked: 0, mappingIssues: 0 });
    expect(mapped.matchedBy).toEqual({ mapping: 1446 });
  });

  it('links the Kaggle folder to TMDB 5000 movies through the mapping CSV (TMDB 5000 has no IMDb ids)', async () => {
    const db = tempDatabase();
    await importFile(db, { file: path.join(dir, 'tmdb-5000-movies/tmdb_5000_movies.csv') });
    // 5 of the numeric names happen to be TMDb ids too: too few to read the folder as TMDb ids.
    const plain = await scanPosterFolder(db, { folder: path.join(KAGGLE, 'posters') });
    expect(plain).toMatchObject({ linked: 0, numericIdsInterpretation: null });
    expect(plain.unmatched).toHaveLength(1446);
    expect(plain.unmatched[0]?.reason).toMatch(/--numeric-ids imdb or tmdb/);
    const mapped = await scanPosterFolder(db, { folder: path.join(KAGGLE, 'posters'), mapFile: path.join(KAGGLE, 'poster_index_DERIVED.csv') });
    expect(mapped).toMatchObject({ linked: 1446, unmatched: [] });
  });
});
