import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDatabase } from '../../../tests/support/temp.js';
import type { CatalogDatabase } from '../db/open-database.js';
import { EMBEDDING_SPACE } from '../model/image-model.js';
import { matchFacts, MOVIES_WITH_POSTER_EMBEDDING_SQL } from './facts.js';

let db: CatalogDatabase;

beforeAll(() => {
  db = tempDatabase();
  const movie = db.prepare(`INSERT INTO movies(id, title, release_year) VALUES (?, ?, 2001)`);
  const poster = db.prepare(`INSERT INTO posters(id, movie_id, path, file_size, file_mtime_ms, matched_by) VALUES (?, ?, ?, 1, 1, 'mapping')`);
  const vector = db.prepare(`INSERT INTO feature_vectors(item_kind, item_id, space, dims, vector) VALUES ('poster', ?, ?, 2, ?)`);
  for (let id = 1; id <= 400; id++) {
    movie.run(id, `Film ${id}`);
    poster.run(id, id, `/posters/${id}.jpg`);
    // Every other poster is embedded; film 2's is not.
    if (id % 2 === 1) vector.run(id, EMBEDDING_SPACE, Buffer.from(new Float32Array([0.5, 0.5]).buffer));
  }
  movie.run(401, 'Film without a poster');
});

afterAll(() => db.close());

describe('matchFacts', () => {
  it('knows which movies have a real poster embedding', () => {
    const facts = matchFacts(db, { target: 'movie' }, [1, 2, 401], [], new Map());
    expect([1, 2, 401].map((id) => facts.of(id, null).itemHasPoster)).toEqual([true, false, false]);
  });

  it("finds them from the request's movies, never by walking every poster vector", () => {
    const plan = (
      db.prepare(`EXPLAIN QUERY PLAN ${MOVIES_WITH_POSTER_EMBEDDING_SQL}`).all({ space: EMBEDDING_SPACE, ids: '[1, 2]' }) as { detail: string }[]
    ).map((row) => row.detail);
    // The vector is looked up by its whole primary key, per poster of the request's movies.
    expect(plan.some((detail) => /^SEARCH f .*USING PRIMARY KEY \(space=\? AND item_kind=\? AND item_id=\?\)/.test(detail))).toBe(true);
    expect(plan.some((detail) => /posters_by_movie/.test(detail))).toBe(true);
    expect(plan.some((detail) => /^SCAN (f|p)\b/.test(detail))).toBe(false);
  });
});
