import type { Migration } from '../migration.js';

/** Where data came from, every attempt to import it, and what each attempt had to skip. */
export const imports: Migration = {
  version: 2,
  name: 'imports',
  up(db) {
    db.exec(`
      CREATE TABLE sources (
        id         INTEGER PRIMARY KEY,
        path       TEXT NOT NULL,
        kind       TEXT NOT NULL CHECK (kind IN ('songs', 'movies', 'posters')),
        format     TEXT NOT NULL,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        UNIQUE (path, format)
      );

      CREATE TABLE import_runs (
        id            INTEGER PRIMARY KEY,
        source_id     INTEGER NOT NULL REFERENCES sources(id),
        status        TEXT NOT NULL CHECK (status IN ('running', 'completed', 'cancelled', 'failed', 'interrupted')),
        encoding      TEXT,
        file_size     INTEGER,
        file_mtime_ms INTEGER,
        started_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        finished_at   TEXT,
        pid           INTEGER,
        rows_read     INTEGER NOT NULL DEFAULT 0,
        rows_imported INTEGER NOT NULL DEFAULT 0,
        rows_skipped  INTEGER NOT NULL DEFAULT 0,
        items_added   INTEGER NOT NULL DEFAULT 0,
        items_merged  INTEGER NOT NULL DEFAULT 0,
        bytes_done    INTEGER NOT NULL DEFAULT 0,
        warnings_json TEXT NOT NULL DEFAULT '[]',
        error         TEXT
      );
      CREATE INDEX import_runs_by_source ON import_runs(source_id);

      -- One row per skipped input row: the report printed by "crossfade report".
      CREATE TABLE import_issues (
        id            INTEGER PRIMARY KEY,
        import_run_id INTEGER NOT NULL REFERENCES import_runs(id) ON DELETE CASCADE,
        line          INTEGER NOT NULL,
        column_name   TEXT,
        column_number INTEGER,
        reason        TEXT NOT NULL,
        excerpt       TEXT
      );
      CREATE INDEX import_issues_by_run ON import_issues(import_run_id, line);

      -- Which sources contributed to which item (an item merged from two files has two rows).
      CREATE TABLE item_sources (
        item_kind TEXT NOT NULL CHECK (item_kind IN ('song', 'movie')),
        item_id   INTEGER NOT NULL,
        source_id INTEGER NOT NULL REFERENCES sources(id),
        PRIMARY KEY (item_kind, item_id, source_id)
      ) WITHOUT ROWID;
    `);
  },
};
