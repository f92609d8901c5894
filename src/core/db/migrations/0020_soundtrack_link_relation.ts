import type { Migration } from '../migration.js';

/**
 * What a soundtrack link rests on: 'named', a song whose album or title names the film (every link
 * before this migration), or 'about-artist', a song by the artist a film is about (Bohemian Rhapsody
 * and Queen, Walk the Line and Johnny Cash). The table is derived data, rebuilt after every import.
 */
export const soundtrackLinkRelation: Migration = {
  version: 20,
  name: 'soundtrack-link-relation',
  up(db) {
    db.exec(`ALTER TABLE soundtrack_links ADD COLUMN relation TEXT NOT NULL DEFAULT 'named' CHECK (relation IN ('named', 'about-artist'))`);
  },
};
