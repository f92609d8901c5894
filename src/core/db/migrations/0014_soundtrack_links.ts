import type { Migration } from '../migration.js';

/**
 * Songs whose album or title names a film of the catalog ("Spirited Away Soundtrack", "… - From
 * "Gladiator""), linked to that film. Derived data: src/core/links/soundtrack-links.ts rebuilds it
 * after every import. evidence is shown to the user ('album "Spirited Away Soundtrack"').
 */
export const soundtrackLinks: Migration = {
  version: 14,
  name: 'soundtrack-links',
  up(db) {
    db.exec(`
      CREATE TABLE soundtrack_links (
        song_id  INTEGER NOT NULL REFERENCES songs(id) ON DELETE CASCADE,
        movie_id INTEGER NOT NULL REFERENCES movies(id) ON DELETE CASCADE,
        evidence TEXT NOT NULL CHECK (evidence <> ''),
        PRIMARY KEY (song_id, movie_id)
      ) WITHOUT ROWID;
      CREATE INDEX soundtrack_links_by_movie ON soundtrack_links(movie_id);
    `);
  },
};
