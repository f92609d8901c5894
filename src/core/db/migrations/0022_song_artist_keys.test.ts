import { describe, expect, it } from 'vitest';
import { databaseAt } from '../../../../tests/support/migrations.js';
import { migrate } from '../migrate.js';

describe('migration 22: song artist keys', () => {
  it('starts empty, and a song that is removed or whose credits change loses its key row', () => {
    const db = databaseAt(21);
    const song = db.prepare(`INSERT INTO songs(id, song_key, title, artists) VALUES (?, ?, ?, ?)`);
    song.run(1, 'a', 'One', 'Queen');
    song.run(2, 'b', 'Two', 'Queen');
    song.run(3, 'c', 'Three', 'ABBA');
    migrate(db, undefined, 22);
    expect(db.prepare(`SELECT count(*) FROM song_artist_keys`).pluck().get()).toBe(0);
    const key = db.prepare(`INSERT INTO song_artist_keys(song_id, artist_key) VALUES (?, ?)`);
    key.run(1, 'queen');
    key.run(2, 'queen');
    key.run(3, 'abba');
    expect(() => key.run(3, 'abba')).toThrow(/UNIQUE|PRIMARY/);
    expect(() => db.prepare(`INSERT INTO song_artist_keys(song_id, artist_key) VALUES (4, NULL)`).run()).toThrow(/NOT NULL/);

    // An import's merge that rewrites the same credits keeps the key; other columns never touch it.
    db.prepare(`UPDATE songs SET title = 'Uno', artists = 'Queen' WHERE id = 1`).run();
    db.prepare(`UPDATE songs SET album = 'Greatest Hits' WHERE id = 2`).run();
    expect(db.prepare(`SELECT song_id FROM song_artist_keys ORDER BY song_id`).pluck().all()).toEqual([1, 2, 3]);

    db.prepare(`UPDATE songs SET artists = 'Queen;David Bowie' WHERE id = 1`).run();
    db.prepare(`DELETE FROM songs WHERE id = 3`).run();
    expect(db.prepare(`SELECT song_id FROM song_artist_keys ORDER BY song_id`).pluck().all()).toEqual([2]);
    expect(db.prepare(`SELECT song_id FROM song_artist_keys WHERE artist_key = 'queen'`).pluck().all()).toEqual([2]);
  });
});
