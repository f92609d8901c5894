import type { Migration } from '../migration.js';

/**
 * What each table of derived data was last computed from (a digest of the catalog's state), so a
 * job that needs it current can skip recomputing it: the soundtrack links, which every import
 * rebuilds and which a full vibe build used to rebuild again (10 to 36 s at a million songs).
 */
export const derivedState: Migration = {
  version: 21,
  name: 'derived-state',
  up(db) {
    db.exec(`CREATE TABLE derived_state (name TEXT PRIMARY KEY, digest TEXT NOT NULL) WITHOUT ROWID`);
  },
};
