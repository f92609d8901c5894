import type { CatalogDatabase } from '../db/open-database.js';
import { VIBE_SLOTS, vibeVectorTable } from '../db/vibe-vector-tables.js';
import { JOURNAL_LINKS, itemTable, itemsChangedByRuns, snapshotColumns, type JournalKind } from './import-journal.js';

/** What undoing an import run does, computed before (the confirmation) and reported after. */
interface UndoImportPlan {
  readonly runId: number;
  readonly path: string;
  readonly kind: 'songs' | 'movies' | 'posters';
  /** Items the run created that nothing else provides: they are deleted. */
  readonly remove: number;
  /** Items the run merged into: they get back the values, genres and sources they had before it. */
  readonly restore: number;
  /**
   * Items a later import also wrote: they stay as they are (that import now owns the change and
   * undoing it later goes back to the state before this run); only this run's source link goes.
   */
  readonly keep: number;
  /** Entries of playlists and watchlists that point at removed items and go with them. */
  readonly listEntries: number;
  /** Null when the run can be undone; otherwise one sentence saying why not and what to do. */
  readonly refusal: string | null;
  /** The confirmation, in plain words: what will be removed and restored. */
  readonly summary: string;
}

export class UndoImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UndoImportError';
  }
}

interface RunRow {
  readonly id: number;
  readonly sourceId: number;
  readonly path: string;
  readonly kind: 'songs' | 'movies' | 'posters';
  readonly status: string;
  readonly journaled: 0 | 1;
  readonly undoneAt: string | null;
  readonly itemsMerged: number;
}

interface Change {
  readonly seq: number;
  readonly kind: JournalKind;
  readonly itemId: number;
  readonly outcome: 'added' | 'merged';
  readonly before: string | null;
  /** The first change to the same item by another run still in effect, after this one. */
  readonly laterSeq: number | null;
}

/** What undoing the run would do; `refusal` says when it can't. Changes nothing. */
export function planUndoImport(db: CatalogDatabase, runId: number): UndoImportPlan {
  return db.transaction(() => computePlan(db, loadRun(db, runId)).plan)();
}

/**
 * Undoes an import run in one transaction: deletes what it added (unless a later import also
 * wrote it), puts back what it merged into as it was before the run (columns, genre, keyword
 * and source links, and through the triggers the search index), removes list entries of deleted
 * items and vocabulary only those items used, and marks the run undone (it stays in the history).
 * Throws UndoImportError with the reason when the run can't be undone.
 */
export function undoImport(db: CatalogDatabase, runId: number): UndoImportPlan {
  return db
    .transaction(() => {
      const run = loadRun(db, runId);
      const { plan, changes, legacyItems } = computePlan(db, run);
      if (plan.refusal !== null) throw new UndoImportError(plan.refusal);
      const vocabulary = vocabularyOf(db, changes, legacyItems);
      const removed = new Map<JournalKind, number[]>([
        ['song', []],
        ['movie', []],
      ]);
      // Items whose values the undo puts back (a merge that changed nothing is restored as it is).
      let changedBack = 0;
      if (run.journaled === 1) {
        const changedByRun = { song: itemsChangedByRuns(db, 'song', [run.id]), movie: itemsChangedByRuns(db, 'movie', [run.id]) };
        const handDown = db.prepare(`UPDATE import_changes SET outcome = ?, before_json = ? WHERE seq = ?`);
        for (const change of changes) {
          if (change.laterSeq !== null) {
            handDown.run(change.outcome, change.before, change.laterSeq);
            dropSourceLink(db, run, change.kind, change.itemId);
          } else if (change.outcome === 'added') {
            removed.get(change.kind)!.push(change.itemId);
          } else {
            restore(db, change.kind, change.itemId, change.before!, run.id);
            if (changedByRun[change.kind].has(change.itemId)) changedBack++;
          }
        }
      } else {
        for (const item of legacyItems) {
          if (item.otherSources > 0) dropSourceLink(db, run, item.kind, item.itemId);
          else removed.get(item.kind)!.push(item.itemId);
        }
      }
      for (const [kind, ids] of removed) removeItems(db, kind, ids);
      removeUnusedVocabulary(db, vocabulary);
      db.prepare(`DELETE FROM import_changes WHERE import_run_id = ?`).run(run.id);
      // What it changed back is journaled no more: the count tells a vibe build whether it must start over (changed-items.ts).
      db.prepare(`UPDATE import_runs SET undone_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), items_restored = ? WHERE id = ?`).run(changedBack, run.id);
      return plan;
    })
    .immediate();
}

function loadRun(db: CatalogDatabase, runId: number): RunRow {
  const run = db
    .prepare(
      `SELECT r.id, r.source_id AS sourceId, s.path, s.kind, r.status, r.journaled, r.undone_at AS undoneAt, r.items_merged AS itemsMerged
       FROM import_runs r JOIN sources s ON s.id = r.source_id WHERE r.id = ?`,
    )
    .get(runId) as RunRow | undefined;
  if (!run) throw new UndoImportError(`There is no import run #${runId}. List them with: crossfade runs`);
  return run;
}

interface LegacyItem {
  readonly kind: JournalKind;
  readonly itemId: number;
  readonly otherSources: number;
}

function computePlan(db: CatalogDatabase, run: RunRow): { plan: UndoImportPlan; changes: Change[]; legacyItems: LegacyItem[] } {
  const base = { runId: run.id, path: run.path, kind: run.kind };
  const refuse = (refusal: string) => ({
    plan: { ...base, remove: 0, restore: 0, keep: 0, listEntries: 0, refusal, summary: refusal },
    changes: [],
    legacyItems: [],
  });
  if (run.undoneAt !== null) return refuse(`Import #${run.id} was already undone (${run.undoneAt}).`);
  if (run.status === 'running') return refuse(`Import #${run.id} is still running: wait for it to finish, or cancel it, then undo it.`);
  if (run.kind === 'posters')
    return refuse(`Import #${run.id} linked posters; poster links are not undone here. Link the folder again with a corrected mapping file instead.`);

  let changes: Change[] = [];
  let legacyItems: LegacyItem[] = [];
  if (run.journaled === 1) {
    changes = db
      .prepare(
        `SELECT c.seq, c.item_kind AS kind, c.item_id AS itemId, c.outcome, c.before_json AS before,
           (SELECT min(l.seq) FROM import_changes l JOIN import_runs lr ON lr.id = l.import_run_id
             WHERE l.item_kind = c.item_kind AND l.item_id = c.item_id AND l.seq > c.seq AND l.import_run_id <> c.import_run_id AND lr.undone_at IS NULL) AS laterSeq
         FROM import_changes c WHERE c.import_run_id = ? ORDER BY c.seq`,
      )
      .all(run.id) as Change[];
  } else {
    // Runs imported before Crossfade recorded what each import changed (schema 13): the catalog
    // only knows which file provided which item, not what a merge overwrote or which of a file's
    // runs added an item. Such a run can be undone exactly when it merged nothing and is its file's only run.
    const runsOfSource = db.prepare(`SELECT count(*) FROM import_runs WHERE source_id = ? AND undone_at IS NULL`).pluck().get(run.sourceId) as number;
    if (run.itemsMerged > 0 || runsOfSource > 1) {
      const why =
        run.itemsMerged > 0
          ? `it merged ${run.itemsMerged.toLocaleString('en')} rows into items that were already there`
          : 'the same file was imported more than once';
      return refuse(
        `Import #${run.id} was made before Crossfade recorded what each import changes, and ${why}, so it can't be undone exactly. ` +
          'Imports made from now on can be undone; to drop this one, start a new catalog (Settings › data folder) and import the files you want to keep.',
      );
    }
    legacyItems = db
      .prepare(
        `SELECT item_kind AS kind, item_id AS itemId,
           (SELECT count(*) FROM item_sources o WHERE o.item_kind = s.item_kind AND o.item_id = s.item_id AND o.source_id <> s.source_id) AS otherSources
         FROM item_sources s WHERE source_id = ?`,
      )
      .all(run.sourceId) as LegacyItem[];
  }

  const removedIds = new Map<JournalKind, number[]>([
    ['song', []],
    ['movie', []],
  ]);
  let restore = 0;
  let keep = 0;
  for (const change of changes) {
    if (change.laterSeq !== null) keep++;
    else if (change.outcome === 'added') removedIds.get(change.kind)!.push(change.itemId);
    else restore++;
  }
  for (const item of legacyItems) {
    if (item.otherSources > 0) keep++;
    else removedIds.get(item.kind)!.push(item.itemId);
  }
  const remove = removedIds.get('song')!.length + removedIds.get('movie')!.length;
  const listEntries = countListEntries(db, 'playlist', removedIds.get('song')!) + countListEntries(db, 'watchlist', removedIds.get('movie')!);
  const noun = run.kind === 'songs' ? 'song' : 'movie';
  const plural = (count: number) => `${count.toLocaleString('en')} ${noun}${count === 1 ? '' : 's'}`;
  const parts = [
    `Removes ${plural(remove)} this import added`,
    `restores ${plural(restore)} it merged into to how they were before`,
    ...(keep > 0 ? [`keeps ${plural(keep)} that a later import also provides`] : []),
  ];
  const summary =
    `${parts.join(', ')}.` + (listEntries > 0 ? ` ${listEntries.toLocaleString('en')} of them will also leave your playlists or watchlists.` : '');
  return { plan: { ...base, remove, restore, keep, listEntries, refusal: null, summary }, changes, legacyItems };
}

function countListEntries(db: CatalogDatabase, listKind: 'playlist' | 'watchlist', ids: readonly number[]): number {
  if (ids.length === 0) return 0;
  return db
    .prepare(
      `SELECT count(*) FROM user_list_items i JOIN user_lists l ON l.id = i.list_id
       WHERE l.kind = ? AND i.item_id IN (SELECT value FROM json_each(?))`,
    )
    .pluck()
    .get(listKind, JSON.stringify(ids)) as number;
}

/** Removes the run's source link from an item that stays, unless another run of that file still provides it. */
function dropSourceLink(db: CatalogDatabase, run: RunRow, kind: JournalKind, itemId: number): void {
  const stillProvided = db
    .prepare(
      `SELECT 1 FROM import_changes c JOIN import_runs r ON r.id = c.import_run_id
       WHERE c.item_kind = ? AND c.item_id = ? AND r.source_id = ? AND r.id <> ? AND r.undone_at IS NULL LIMIT 1`,
    )
    .get(kind, itemId, run.sourceId, run.id);
  if (stillProvided) return;
  db.prepare(`DELETE FROM item_sources WHERE item_kind = ? AND item_id = ? AND source_id = ?`).run(kind, itemId, run.sourceId);
}

/** Puts an item back as its snapshot says: every column, its links, and the sources still in effect. */
function restore(db: CatalogDatabase, kind: JournalKind, itemId: number, before: string, undoneRunId: number): void {
  const columns = snapshotColumns(db, kind);
  const snapshot = JSON.parse(before) as Record<string, unknown>;
  // A column added to the table after the snapshot was taken is left as it is.
  const known = columns.filter((column) => Object.hasOwn(snapshot, column));
  db.prepare(`UPDATE ${itemTable(kind)} SET ${known.map((column) => `"${column}" = json_extract(@before, '$."${column}"')`).join(', ')} WHERE id = @id`).run({
    before,
    id: itemId,
  });
  for (const link of JOURNAL_LINKS[kind]) {
    db.prepare(`DELETE FROM ${link.table} WHERE ${link.itemColumn} = ? AND ${link.linkColumn} NOT IN (SELECT value FROM json_each(?, '$.${link.key}'))`).run(
      itemId,
      before,
    );
  }
  // Sources: the snapshot's, except files whose every run has been undone since.
  const live = `SELECT value FROM json_each(?, '$.sources') WHERE EXISTS (SELECT 1 FROM import_runs r WHERE r.source_id = value AND r.undone_at IS NULL AND r.id <> ?)`;
  db.prepare(`DELETE FROM item_sources WHERE item_kind = ? AND item_id = ? AND source_id NOT IN (${live})`).run(kind, itemId, before, undoneRunId);
}

function removeItems(db: CatalogDatabase, kind: JournalKind, ids: readonly number[]): void {
  if (ids.length === 0) return;
  const list = JSON.stringify(ids);
  const inList = `IN (SELECT value FROM json_each(?))`;
  db.prepare(`DELETE FROM user_list_items WHERE item_id ${inList} AND list_id IN (SELECT id FROM user_lists WHERE kind = ?)`).run(
    list,
    kind === 'song' ? 'playlist' : 'watchlist',
  );
  db.prepare(`DELETE FROM taste_items WHERE item_id ${inList} AND profile_id IN (SELECT id FROM taste_profiles WHERE kind = ?)`).run(list, kind);
  db.prepare(`DELETE FROM item_sources WHERE item_kind = ? AND item_id ${inList}`).run(kind, list);
  db.prepare(`DELETE FROM feature_vectors WHERE item_kind = ? AND item_id ${inList}`).run(kind, list);
  for (const slot of VIBE_SLOTS) db.prepare(`DELETE FROM ${vibeVectorTable(kind, slot)} WHERE item_id ${inList}`).run(list);
  db.prepare(`DELETE FROM import_changes WHERE item_kind = ? AND item_id ${inList}`).run(kind, list);
  // Genre and keyword links, posters and their embeddings go with the item (ON DELETE CASCADE), local files become unmatched
  // (ON DELETE SET NULL); the search index follows through its triggers.
  db.prepare(`DELETE FROM ${itemTable(kind)} WHERE id ${inList}`).run(list);
}

interface VocabularyIds {
  readonly genres: number[];
  readonly keywords: number[];
}

/** The genres and keywords linked to the run's items now: candidates for removal when nothing uses them afterwards. */
function vocabularyOf(db: CatalogDatabase, changes: readonly Change[], legacy: readonly LegacyItem[]): VocabularyIds {
  const songs = JSON.stringify([...changes, ...legacy].filter((item) => item.kind === 'song').map((item) => item.itemId));
  const movies = JSON.stringify([...changes, ...legacy].filter((item) => item.kind === 'movie').map((item) => item.itemId));
  const ids = (sql: string, list: string) => db.prepare(sql).pluck().all(list) as number[];
  return {
    genres: [
      ...ids(`SELECT DISTINCT genre_id FROM song_genres WHERE song_id IN (SELECT value FROM json_each(?))`, songs),
      ...ids(`SELECT DISTINCT genre_id FROM movie_genres WHERE movie_id IN (SELECT value FROM json_each(?))`, movies),
    ],
    keywords: ids(`SELECT DISTINCT keyword_id FROM movie_keywords WHERE movie_id IN (SELECT value FROM json_each(?))`, movies),
  };
}

function removeUnusedVocabulary(db: CatalogDatabase, { genres, keywords }: VocabularyIds): void {
  for (const [table, ids] of [
    ['genres', genres],
    ['keywords', keywords],
  ] as const) {
    if (ids.length === 0) continue;
    // Every table that refers to this vocabulary (read from the schema, so tables added later count too).
    const unused = referencesTo(db, table).map((ref) => `NOT EXISTS (SELECT 1 FROM "${ref.table}" WHERE "${ref.column}" = ${table}.id)`);
    db.prepare(`DELETE FROM ${table} WHERE id IN (SELECT value FROM json_each(?))${unused.map((test) => ` AND ${test}`).join('')}`).run(JSON.stringify(ids));
  }
}

function referencesTo(db: CatalogDatabase, target: string): { table: string; column: string }[] {
  return db
    .prepare(
      `SELECT m.name AS "table", f."from" AS "column" FROM sqlite_master m, pragma_foreign_key_list(m.name) f
       WHERE m.type = 'table' AND f."table" = ?`,
    )
    .all(target) as { table: string; column: string }[];
}
