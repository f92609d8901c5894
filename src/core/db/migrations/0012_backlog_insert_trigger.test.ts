import { describe, expect, it } from 'vitest';
import { databaseAt } from '../../testing/migrations.js';
import { migrate } from '../migrate.js';

describe('migration 12: the backlog keeps the insert trigger it dropped', () => {
  it('adds an insert_trigger column that defaults to NULL and keeps the one-row-per-table rule', () => {
    const db = databaseAt(11);
    migrate(db, undefined, 12);
    const columns = db.prepare(`SELECT name, "notnull" FROM pragma_table_info('search_backlog') ORDER BY cid`).all();
    expect(columns).toEqual([
      { name: 'table_name', notnull: 1 },
      { name: 'indexed_through', notnull: 1 },
      { name: 'insert_trigger', notnull: 0 },
    ]);
    db.prepare(`INSERT INTO search_backlog(table_name, indexed_through) VALUES ('songs', 0)`).run();
    expect(db.prepare(`SELECT insert_trigger FROM search_backlog`).pluck().get()).toBeNull();
    expect(() => db.prepare(`INSERT INTO search_backlog(table_name, indexed_through) VALUES ('songs', 1)`).run()).toThrow(/UNIQUE|PRIMARY/);
  });
});
