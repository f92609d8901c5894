import { describe, expect, it } from 'vitest';
import { databaseAt } from '../../testing/migrations.js';

describe('migration 6: lists', () => {
  it('keeps ordered playlists and watchlists and deletes items with their list', () => {
    const db = databaseAt(6);
    expect(() => db.prepare(`INSERT INTO user_lists(kind, name) VALUES ('playlist', '  ')`).run()).toThrow(/CHECK/);
    expect(() => db.prepare(`INSERT INTO user_lists(kind, name) VALUES ('mixtape', 'x')`).run()).toThrow(/CHECK/);
    db.prepare(`INSERT INTO user_lists(id, kind, name) VALUES (1, 'playlist', 'Rainy day')`).run();
    const add = db.prepare(`INSERT INTO user_list_items(list_id, position, item_id) VALUES (1, ?, ?)`);
    add.run(2, 10);
    add.run(1, 20);
    expect(() => add.run(3, 10)).toThrow(/UNIQUE|PRIMARY/);
    expect(db.prepare(`SELECT item_id FROM user_list_items WHERE list_id = 1 ORDER BY position`).pluck().all()).toEqual([20, 10]);
    db.prepare(`DELETE FROM user_lists WHERE id = 1`).run();
    expect(db.prepare(`SELECT count(*) FROM user_list_items`).pluck().get()).toBe(0);
  });
});
