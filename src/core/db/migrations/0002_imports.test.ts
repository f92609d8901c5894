import { describe, expect, it } from 'vitest';
import { databaseAt, tableNames } from '../../testing/migrations.js';

describe('migration 2: imports', () => {
  it('creates sources, import runs, their issues and item provenance', () => {
    const db = databaseAt(2);
    expect(tableNames(db)).toEqual(expect.arrayContaining(['sources', 'import_runs', 'import_issues', 'item_sources']));
  });

  it('restricts run status and removes issues with their run', () => {
    const db = databaseAt(2);
    db.prepare(`INSERT INTO sources(id, path, kind, format) VALUES (1, '/a.csv', 'songs', 'x')`).run();
    expect(() => db.prepare(`INSERT INTO import_runs(source_id, status) VALUES (1, 'done')`).run()).toThrow(/CHECK/);
    db.prepare(`INSERT INTO import_runs(id, source_id, status) VALUES (1, 1, 'running')`).run();
    db.prepare(`INSERT INTO import_issues(import_run_id, line, reason) VALUES (1, 3, 'bad')`).run();
    db.prepare(`DELETE FROM import_runs WHERE id = 1`).run();
    expect(db.prepare(`SELECT count(*) FROM import_issues`).pluck().get()).toBe(0);
  });

  it('keeps one source per path and format', () => {
    const db = databaseAt(2);
    const insert = db.prepare(`INSERT INTO sources(path, kind, format) VALUES ('/a.csv', 'songs', ?)`);
    insert.run('x');
    insert.run('y');
    expect(() => insert.run('x')).toThrow(/UNIQUE/);
  });
});
