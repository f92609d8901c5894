import type { Migration } from '../migration.js';

/**
 * Artists' tags from Last.fm (hetrec 2011 and the like), keyed by the normalised artist name so a
 * song finds them through its own artists (src/core/features/song-tags.ts). Each import of a tag
 * source replaces that source's rows; a catalog can hold several sources, and readers merge them.
 *
 * users = how many listeners gave the tag; weight = users / the artist's most-given tag (see
 * src/core/importers/formats/lastfm/artist-tags.ts for which tags are kept).
 */
export const artistTags: Migration = {
  version: 13,
  name: 'artist-tags',
  up(db) {
    db.exec(`
      CREATE TABLE artist_tags (
        source_id   INTEGER NOT NULL REFERENCES sources(id),
        artist_key  TEXT NOT NULL CHECK (artist_key <> ''),
        artist_name TEXT NOT NULL,
        tag         TEXT NOT NULL CHECK (tag <> '' AND tag = lower(tag)),
        users       INTEGER NOT NULL CHECK (users >= 1),
        weight      REAL NOT NULL CHECK (weight > 0 AND weight <= 1),
        PRIMARY KEY (artist_key, tag, source_id)
      ) WITHOUT ROWID;
      CREATE INDEX artist_tags_by_source ON artist_tags(source_id);
    `);
  },
};
