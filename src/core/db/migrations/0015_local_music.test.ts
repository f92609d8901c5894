import { describe, expect, it } from 'vitest';
import { databaseAt } from '../../../../tests/support/migrations.js';
import { migrate } from '../migrate.js';

describe('migration 15: the local music folder', () => {
  it('keeps one row per file, a match only with how it was made, and forgets the match when the song leaves the catalog', () => {
    const db = databaseAt(14);
    migrate(db, undefined, 15);
    db.prepare(`INSERT INTO songs(id, song_key, title, artists) VALUES (1, 'k', 'Smile', 'Nat King Cole')`).run();
    db.prepare(`INSERT INTO music_folders(id, path) VALUES (1, '/music')`).run();
    const track = db.prepare(`INSERT INTO local_tracks(folder_id, path, file_size, file_mtime_ms, song_id, matched_by, error) VALUES (1, ?, 10, 0, ?, ?, ?)`);
    track.run('/music/a.mp3', 1, 'tags', null);
    track.run('/music/broken.mp3', null, null, 'not an audio file');
    expect(() => track.run('/music/a.mp3', null, null, null)).toThrow(/UNIQUE/);
    expect(() => track.run('/music/b.mp3', 1, null, null)).toThrow(/CHECK/);
    expect(() => track.run('/music/c.mp3', 1, 'guess', null)).toThrow(/CHECK/);
    db.pragma('foreign_keys = ON');
    db.prepare(`DELETE FROM songs WHERE id = 1`).run();
    expect(db.prepare(`SELECT song_id FROM local_tracks WHERE path = '/music/a.mp3'`).pluck().get()).toBeNull();
  });

  it("drops a folder's tracks with the folder", () => {
    const db = databaseAt(15);
    db.prepare(`INSERT INTO music_folders(id, path) VALUES (1, '/music')`).run();
    db.prepare(`INSERT INTO local_tracks(folder_id, path, file_size, file_mtime_ms) VALUES (1, '/music/a.wav', 1, 1)`).run();
    db.prepare(`DELETE FROM music_folders WHERE id = 1`).run();
    expect(db.prepare(`SELECT count(*) FROM local_tracks`).pluck().get()).toBe(0);
  });
});
