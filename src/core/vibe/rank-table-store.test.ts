import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeSpotifyTracksCsv, writeTmdbV11Csv } from '../../../tests/support/generate-fixtures.js';
import { storedModelRows } from '../../../tests/support/vibe-rows.js';
import type { CatalogDatabase } from '../db/open-database.js';
import { loadBridges } from '../features/bridges.js';
import { loadSongFeatures } from '../features/load-features.js';
import { compactRankTable, rankTableOf } from '../features/rank-table.js';
import { loadSongTags } from '../features/song-tags.js';
import { loadSongYears } from '../features/song-years.js';
import { importFile } from '../importers/import-file.js';
import { tempDatabase, tempDir } from '../testing/temp.js';
import { buildVibeIndex } from './build-index.js';
import { encodeItem } from './encode.js';
import { currentModel } from './index-store.js';
import { loadRankTables } from './rank-table-store.js';

const bridges = loadBridges();
let db: CatalogDatabase | undefined;
afterEach(() => db?.close());

async function builtCatalog(): Promise<CatalogDatabase> {
  const dir = tempDir();
  db = tempDatabase();
  await importFile(db, { file: writeSpotifyTracksCsv(path.join(dir, 'songs.csv'), { rows: 120, seed: 31 }).file });
  await importFile(db, { file: writeTmdbV11Csv(path.join(dir, 'movies.csv'), { rows: 60, seed: 32 }).file });
  expect((await buildVibeIndex(db, { bridges })).status).toBe('completed');
  return db;
}

/** Copies of existing songs as new songs (ids past the last vector), each with this popularity. */
function addSongsWithPopularity(catalog: CatalogDatabase, count: number, popularity: number, tag: string): number[] {
  const before = catalog.prepare(`SELECT max(id) FROM songs`).pluck().get() as number;
  catalog
    .prepare(
      `INSERT INTO songs(song_key, title, artists, album, duration_ms, popularity, danceability, energy, valence, tempo, loudness)
       SELECT ? || id, title || ' (' || ? || ')', artists, album, duration_ms, ?, danceability, energy, valence, tempo, loudness
         FROM songs ORDER BY id LIMIT ?`,
    )
    .run(`${tag}:`, tag, popularity, count);
  return catalog.prepare(`SELECT id FROM songs WHERE id > ? ORDER BY id`).pluck().all(before) as number[];
}

/** The vectors the current model gives these songs, ranked against its stored tables or the catalog now. */
function expectedSongVectors(catalog: CatalogDatabase, ids: readonly number[], ranks: 'model' | 'catalog'): Map<number, number[]> {
  const { id, model } = currentModel(catalog)!;
  const tags = loadSongTags(catalog);
  const stored = ranks === 'model' ? loadRankTables(catalog, id) : new Map();
  const features = loadSongFeatures(catalog, { bridges, only: new Set(ids), extras: { tags, eras: loadSongYears(catalog, tags) }, ranks: { stored } });
  return new Map(features.map((item) => [item.itemId, Array.from(encodeItem(item, model, null))]));
}

function storedSongVectors(catalog: CatalogDatabase, ids: readonly number[]): Map<number, number[]> {
  const rows = storedModelRows(catalog, currentModel(catalog)!.id);
  return new Map(ids.map((id) => [id, Array.from(rows.get(`song:${id}`)!)]));
}

describe('the percentile distributions a vibe model keeps', () => {
  it('are those the full build ranked with, and go with their model', async () => {
    const catalog = await builtCatalog();
    const first = currentModel(catalog)!.id;
    const tables = loadRankTables(catalog, first);
    expect([...tables.keys()].sort()).toEqual(['movie.popularity', 'movie.revenue', 'movie.votes', 'song.loudness', 'song.popularity']);
    const popularity = catalog.prepare(`SELECT popularity FROM songs`).pluck().all() as number[];
    expect(tables.get('song.popularity')).toEqual(compactRankTable(rankTableOf(popularity)));
    expect((await buildVibeIndex(catalog, { bridges })).status).toBe('completed');
    expect(catalog.prepare(`SELECT count(*) FROM vibe_rank_tables WHERE model_id = ?`).pluck().get(first)).toBe(0);
    expect(loadRankTables(catalog, currentModel(catalog)!.id).size).toBe(5);
  });

  it("rank an incremental build's new songs against the catalog the model was built on; without them, among the catalog now", async () => {
    const catalog = await builtCatalog();
    // Forty ties at the median popularity move every rank near it: the two readings differ.
    const median = catalog.prepare(`SELECT popularity FROM songs ORDER BY popularity LIMIT 1 OFFSET 60`).pluck().get() as number;
    const added = addSongsWithPopularity(catalog, 40, median, 'tied');
    expect((await buildVibeIndex(catalog, { bridges, mode: 'incremental' })).encoded).toBe(40);
    const byModel = expectedSongVectors(catalog, added, 'model');
    expect(storedSongVectors(catalog, added)).toEqual(byModel);
    expect(expectedSongVectors(catalog, added, 'catalog')).not.toEqual(byModel);

    // A model built before the tables were kept: its new songs are ranked among the catalog's values.
    catalog.prepare(`DELETE FROM vibe_rank_tables`).run();
    const more = addSongsWithPopularity(catalog, 10, median, 'more');
    expect((await buildVibeIndex(catalog, { bridges, mode: 'incremental' })).encoded).toBe(10);
    const byCatalog = expectedSongVectors(catalog, more, 'catalog');
    expect(storedSongVectors(catalog, more)).toEqual(byCatalog);
    expect(expectedSongVectors(catalog, more, 'model')).toEqual(byCatalog);
  });
});
