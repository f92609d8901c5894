import { describe, expect, it } from 'vitest';
import { databaseAt } from '../../../../tests/support/migrations.js';
import { migrate } from '../migrate.js';

describe('migration 23: items an undo restored', () => {
  it('leaves every existing run unknown (NULL) and takes counts only', () => {
    const db = databaseAt(22);
    db.prepare(`INSERT INTO sources(path, kind, format) VALUES ('/a.csv', 'songs', 'spotify-tracks-hf')`).run();
    db.prepare(`INSERT INTO import_runs(source_id, status) VALUES (1, 'completed')`).run();
    migrate(db, undefined, 23);
    expect(db.prepare(`SELECT items_restored FROM import_runs`).pluck().all()).toEqual([null]);
    db.prepare(`UPDATE import_runs SET items_restored = 3`).run();
    expect(db.prepare(`SELECT items_restored FROM import_runs`).pluck().get()).toBe(3);
    expect(() => db.prepare(`UPDATE import_runs SET items_restored = -1`).run()).toThrow(/CHECK/);
  });
});
