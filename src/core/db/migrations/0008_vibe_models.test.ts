import { describe, expect, it } from 'vitest';
import { databaseAt } from '../../testing/migrations.js';

describe('migration 8: vibe models', () => {
  it('stores fitted models as valid JSON, newest last', () => {
    const db = databaseAt(8);
    const insert = db.prepare(`INSERT INTO vibe_models(model_json, songs, movies) VALUES (?, ?, ?)`);
    insert.run('{"version":1}', 10, 5);
    insert.run('{"version":2}', 11, 5);
    expect(() => insert.run('not json', 0, 0)).toThrow(/CHECK/);
    expect(db.prepare(`SELECT model_json FROM vibe_models ORDER BY id DESC LIMIT 1`).pluck().get()).toBe('{"version":2}');
  });
});
