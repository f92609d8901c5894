import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBridges } from '../../src/core/features/bridges.js';
import { importFile } from '../../src/core/importers/import-file.js';
import { tempDatabase } from '../support/temp.js';

const dir = path.resolve(import.meta.dirname, '../../../shared/data');
const present = fs.existsSync(dir);
if (!present) console.warn(`Skipping the genre bridge coverage test: ${dir} (../shared/data beside this checkout) does not exist.`);

/** Every song and movie file in ../shared/data that carries genres. */
const FILES = [
  'spotify-tracks-maharshipandya/dataset_sample_10k_random.csv',
  'spotify-tracks-maharshipandya/dataset_first499_acoustic_excel_bom.csv',
  'spotify-songs-tidytuesday-2020-01-21/sampled_spotify_songs.csv',
  'spotify-dataset-1921-2020-subset-gbk/spotify_subset.csv',
  'spotify-2023-most-streamed/spotify-2023.csv',
  'tmdb-5000-movies/tmdb_5000_movies.csv',
  'tmdb-movies-dataset-2023-v11-subset/TMDB_movie_dataset_v11_subset91_cp1252.csv',
  'tmdb-top10k-movies/top10K-TMDB-movies.csv',
  'movielens-ml-latest-small/movies.csv',
];

describe.skipIf(!present)('genre bridge tables cover ../shared/data', () => {
  it('map every music and movie genre the shared datasets import (all 114 track_genre values included)', async () => {
    const db = tempDatabase();
    for (const file of FILES) await importFile(db, { file: path.join(dir, file) });
    const bridges = loadBridges();
    const names = (kind: string) => db.prepare(`SELECT name FROM genres WHERE domain = ? ORDER BY name`).pluck().all(kind) as string[];
    const music = names('music');
    const movie = names('movie');
    expect(music.length).toBeGreaterThanOrEqual(114);
    expect(movie.length).toBeGreaterThanOrEqual(19);
    expect(music.filter((genre) => bridges.musicGenre(genre) === undefined)).toEqual([]);
    expect(movie.filter((genre) => bridges.movieGenre(genre) === undefined)).toEqual([]);
  }, 120_000);
});

describe.skipIf(!present)('music tag bridge covers Last.fm', () => {
  it('maps the 100 most used Last.fm tags (HetRec 2011)', () => {
    const folder = path.join(dir, 'lastfm-hetrec2011-2k');
    // tags.dat is Latin-1 with CRLF; user_taggedartists.dat is plain ASCII.
    const tags = new Map(
      fs
        .readFileSync(path.join(folder, 'tags.dat'), 'latin1')
        .split(/\r?\n/)
        .slice(1)
        .filter(Boolean)
        .map((line) => line.split('\t') as [string, string]),
    );
    const uses = new Map<string, number>();
    for (const line of fs.readFileSync(path.join(folder, 'user_taggedartists.dat'), 'utf8').split(/\r?\n/).slice(1)) {
      const tagId = line.split('\t')[2];
      if (tagId) uses.set(tagId, (uses.get(tagId) ?? 0) + 1);
    }
    const top = [...uses]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 100)
      .map(([tagId]) => tags.get(tagId) ?? `#${tagId}`);
    const bridges = loadBridges();
    expect(top.filter((tag) => bridges.musicGenre(tag) === undefined)).toEqual([]);
  });
});
