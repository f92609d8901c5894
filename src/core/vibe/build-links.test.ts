import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSpotifyTracksCsv, writeTmdbV11Csv } from '../../../tests/support/generate-fixtures.js';
import { importFile } from '../importers/import-file.js';
import { soundtrackLinksCurrent } from '../links/soundtrack-links.js';
import { tempDatabase, tempDir } from '../testing/temp.js';
import { buildVibeIndex } from './build-index.js';

describe('a full build and the soundtrack links', () => {
  it('leaves the links every import already found, and finds them again when the catalog changed since, incremental or full', async () => {
    const db = tempDatabase();
    const dir = tempDir();
    await importFile(db, { file: writeSpotifyTracksCsv(path.join(dir, 'songs.csv'), { rows: 60, seed: 21 }).file });
    await importFile(db, { file: writeTmdbV11Csv(path.join(dir, 'movies.csv'), { rows: 40, seed: 22 }).file });
    expect(soundtrackLinksCurrent(db)).toBe(true);
    // A row no rule gives: it stays while the links are current, and goes when they are found again.
    const [songId, movieId] = [db.prepare(`SELECT min(id) FROM songs`).pluck().get(), db.prepare(`SELECT min(id) FROM movies`).pluck().get()];
    db.prepare(`DELETE FROM soundtrack_links WHERE song_id = ? AND movie_id = ?`).run(songId, movieId);
    db.prepare(`INSERT INTO soundtrack_links(song_id, movie_id, evidence, relation) VALUES (?, ?, 'marker', 'named')`).run(songId, movieId);
    const marker = () => db.prepare(`SELECT count(*) FROM soundtrack_links WHERE evidence = 'marker'`).pluck().get();
    expect((await buildVibeIndex(db)).status).toBe('completed');
    expect(marker()).toBe(1);
    // An undone import changes what the links follow: the build after it, incremental here, finds them again.
    db.prepare(`UPDATE import_runs SET undone_at = datetime('now') WHERE id = (SELECT max(id) FROM import_runs)`).run();
    expect(soundtrackLinksCurrent(db)).toBe(false);
    expect((await buildVibeIndex(db, { mode: 'incremental' })).status).toBe('completed');
    expect(marker()).toBe(0);
    expect(soundtrackLinksCurrent(db)).toBe(true);
    db.prepare(`INSERT OR REPLACE INTO soundtrack_links(song_id, movie_id, evidence, relation) VALUES (?, ?, 'marker', 'named')`).run(songId, movieId);
    db.prepare(`UPDATE import_runs SET undone_at = NULL`).run();
    expect((await buildVibeIndex(db, { mode: 'full' })).status).toBe('completed');
    expect(marker()).toBe(0);
    db.close();
  }, 60_000);
});
