import { describe, expect, it } from 'vitest';
import { databaseAt, ftsMatch, insertSearchSamples } from '../../testing/migrations.js';
import { migrate } from '../migrate.js';

describe('migration 10: one-character search prefixes', () => {
  it('rebuilds both indexes with a one-character prefix index, keeping rows and triggers', () => {
    const db = databaseAt(9);
    insertSearchSamples(db);
    migrate(db, undefined, 10);
    expect(db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'songs_fts'`).pluck().get()).toMatch(/prefix = '1 2 3'/);
    expect(ftsMatch(db, 'songs_fts', '^"c"*')).toEqual([7]);
    expect(ftsMatch(db, 'movies_fts', '"a"*')).toEqual([3]);
    db.prepare(`INSERT INTO songs(id, song_key, title, artists) VALUES (8, 'k2', 'Lune', 'X')`).run();
    db.prepare(`UPDATE songs SET title = 'Nocturne' WHERE id = 7`).run();
    expect(ftsMatch(db, 'songs_fts', 'lune')).toEqual([8]);
    db.prepare(`DELETE FROM movies WHERE id = 3`).run();
    expect(ftsMatch(db, 'movies_fts', 'amelie')).toEqual([]);
  });
});
