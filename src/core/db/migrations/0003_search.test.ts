import { describe, expect, it } from 'vitest';
import { databaseAt, ftsMatch, insertSearchSamples } from '../../testing/migrations.js';
import { migrate } from '../migrate.js';

describe('migration 3: search', () => {
  it('indexes rows that existed before the migration', () => {
    const db = databaseAt(2);
    insertSearchSamples(db);
    migrate(db, undefined, 3);
    expect(ftsMatch(db, 'songs_fts', 'clair')).toEqual([7]);
    expect(ftsMatch(db, 'movies_fts', 'amelie')).toEqual([3]);
  });

  it('keeps the index in step with inserts, updates and deletes, ignoring accents', () => {
    const db = databaseAt(3);
    db.prepare(`INSERT INTO songs(id, song_key, title, artists, album) VALUES (1, 'k', 'Variation 18', 'Yannick Nézet-Séguin', 'Rhapsody')`).run();
    expect(ftsMatch(db, 'songs_fts', 'nezet')).toEqual([1]);
    expect(ftsMatch(db, 'songs_fts', '"rhap"*')).toEqual([1]);
    db.prepare(`UPDATE songs SET album = 'Preludes' WHERE id = 1`).run();
    expect(ftsMatch(db, 'songs_fts', 'rhapsody')).toEqual([]);
    expect(ftsMatch(db, 'songs_fts', 'preludes')).toEqual([1]);
    db.prepare(`DELETE FROM songs WHERE id = 1`).run();
    expect(ftsMatch(db, 'songs_fts', 'preludes')).toEqual([]);
    db.prepare(`INSERT INTO movies(id, title, original_title) VALUES (2, 'Spirited Away', '千と千尋の神隠し')`).run();
    expect(ftsMatch(db, 'movies_fts', 'spirit*')).toEqual([2]);
  });
});
