import { describe, expect, it } from 'vitest';
import { databaseAt } from '../../testing/migrations.js';
import { migrate } from '../migrate.js';

describe('migration 9: vibe builds', () => {
  it('marks models as building or ready, with a JSON fingerprint; older rows count as ready', () => {
    const db = databaseAt(8);
    db.prepare(`INSERT INTO vibe_models(model_json, songs, movies) VALUES ('{"version":1}', 3, 2)`).run();
    migrate(db, undefined, 9);
    expect(db.prepare(`SELECT status, fingerprint FROM vibe_models`).get()).toEqual({ status: 'ready', fingerprint: null });
    const insert = db.prepare(`INSERT INTO vibe_models(model_json, status, fingerprint) VALUES ('{}', ?, ?)`);
    insert.run('building', '{"songs":3}');
    expect(() => insert.run('half', null)).toThrow(/CHECK/);
    expect(() => insert.run('ready', 'not json')).toThrow(/CHECK/);
    expect(db.prepare(`SELECT id FROM vibe_models WHERE status = 'ready' ORDER BY id DESC LIMIT 1`).pluck().get()).toBe(1);
  });
});
