import type { CatalogDatabase } from '../db/open-database.js';

/**
 * An import run's state as a cache records it: id, status, finished_at, undone_at. Caches compare
 * them to tell what imports did since (import-runs.ts), and the journal comparison keys its last
 * answer by them (import-journal.ts).
 */
export type ImportRunState = readonly [number, string, string | null, string | null];

/**
 * Every import run's state in id order (without the runs of sources of kind `exceptSourceKind`),
 * and whether one of them is running: what a cache records, and itemsImportedSince compares.
 */
export function importRunStates(db: CatalogDatabase, exceptSourceKind: string | null = null): { states: ImportRunState[]; running: boolean } {
  const [json, running] = db
    .prepare(
      `SELECT json_group_array(json_array(id, status, finished_at, undone_at)), count(*) FILTER (WHERE status = 'running')
         FROM (SELECT r.id, r.status, r.finished_at, r.undone_at FROM import_runs r JOIN sources s ON s.id = r.source_id
                WHERE :except IS NULL OR s.kind <> :except ORDER BY r.id)`,
    )
    .raw()
    .get({ except: exceptSourceKind }) as [string, number];
  return { states: JSON.parse(json) as ImportRunState[], running: running > 0 };
}

/** Run states a cache wrote (importRunStates as JSON), or null when the text is not such a list. */
export function parseImportRunStates(text: string): ImportRunState[] | null {
  try {
    const states: unknown = JSON.parse(text);
    return Array.isArray(states) ? (states as ImportRunState[]) : null;
  } catch {
    return null;
  }
}
