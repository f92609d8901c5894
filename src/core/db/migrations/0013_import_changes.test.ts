import { describe, expect, it } from 'vitest';
import { databaseAt } from '../../../../tests/support/migrations.js';
import { migrate } from '../migrate.js';

describe('migration 13: what each import changed', () => {
  it('marks runs imported before it as not journaled, new runs as journaled, and none as undone', () => {
    const db = databaseAt(12);
    db.prepare(`INSERT INTO sources(id, path, kind, format) VALUES (1, '/a.csv', 'songs', 'x')`).run();
    db.prepare(`INSERT INTO import_runs(id, source_id, status) VALUES (1, 1, 'completed')`).run();
    migrate(db, undefined, 13);
    db.prepare(`INSERT INTO import_runs(id, source_id, status) VALUES (2, 1, 'running')`).run();
    expect(db.prepare(`SELECT id, journaled, undone_at FROM import_runs ORDER BY id`).all()).toEqual([
      { id: 1, journaled: 0, undone_at: null },
      { id: 2, journaled: 1, undone_at: null },
    ]);
  });

  it('keeps one change per run and item, requires a snapshot for merges, and goes with its run', () => {
    const db = databaseAt(13);
    db.prepare(`INSERT INTO sources(id, path, kind, format) VALUES (1, '/a.csv', 'songs', 'x')`).run();
    db.prepare(`INSERT INTO import_runs(id, source_id, status) VALUES (1, 1, 'completed')`).run();
    const insert = db.prepare(`INSERT INTO import_changes(import_run_id, item_kind, item_id, outcome, before_json) VALUES (?, ?, ?, ?, ?)`);
    insert.run(1, 'song', 7, 'added', null);
    expect(() => insert.run(1, 'song', 7, 'added', null)).toThrow(/UNIQUE/);
    expect(() => insert.run(1, 'song', 8, 'merged', null)).toThrow(/CHECK/);
    expect(() => insert.run(1, 'song', 8, 'merged', 'not json')).toThrow(/CHECK/);
    expect(() => insert.run(1, 'poster', 8, 'added', null)).toThrow(/CHECK/);
    insert.run(1, 'song', 8, 'merged', '{"title":"x"}');
    db.prepare(`DELETE FROM import_runs WHERE id = 1`).run();
    expect(db.prepare(`SELECT count(*) FROM import_changes`).pluck().get()).toBe(0);
  });
});
