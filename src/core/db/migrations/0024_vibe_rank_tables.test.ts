import { describe, expect, it } from 'vitest';
import { databaseAt } from '../../../../tests/support/migrations.js';
import { migrate } from '../migrate.js';

describe('migration 24: the rank tables of vibe models', () => {
  it('keeps one table per model and column, and removes them with their model', () => {
    const db = databaseAt(23);
    db.prepare(`INSERT INTO vibe_models(id, model_json) VALUES (1, '{}'), (2, '{}')`).run();
    migrate(db, undefined, 24);
    const insert = db.prepare(`INSERT INTO vibe_rank_tables(model_id, name, rank_table) VALUES (?, ?, ?)`);
    insert.run(1, 'song.popularity', Buffer.alloc(8));
    insert.run(2, 'song.popularity', Buffer.alloc(8));
    expect(() => insert.run(1, 'song.popularity', Buffer.alloc(8))).toThrow(/UNIQUE|PRIMARY/);
    expect(() => insert.run(3, 'song.popularity', Buffer.alloc(8))).toThrow(/FOREIGN KEY/);
    db.prepare(`DELETE FROM vibe_models WHERE id = 1`).run();
    expect(db.prepare(`SELECT model_id FROM vibe_rank_tables`).pluck().all()).toEqual([2]);
  });
});
