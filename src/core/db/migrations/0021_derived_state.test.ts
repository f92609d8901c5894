import { describe, expect, it } from 'vitest';
import { databaseAt } from '../../../../tests/support/migrations.js';
import { migrate } from '../migrate.js';

describe('migration 21: derived state', () => {
  it('starts with nothing recorded, so derived tables are computed once more, and keeps one digest per name', () => {
    const db = databaseAt(20);
    migrate(db, undefined, 21);
    expect(db.prepare(`SELECT count(*) FROM derived_state`).pluck().get()).toBe(0);
    db.prepare(`INSERT INTO derived_state(name, digest) VALUES ('soundtrack-links', 'a')`).run();
    expect(() => db.prepare(`INSERT INTO derived_state(name, digest) VALUES ('soundtrack-links', 'b')`).run()).toThrow(/UNIQUE|PRIMARY/);
    expect(() => db.prepare(`INSERT INTO derived_state(name, digest) VALUES ('x', NULL)`).run()).toThrow(/NOT NULL/);
  });
});
