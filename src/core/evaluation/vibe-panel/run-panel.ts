import type { CatalogDatabase } from '../../db/open-database.js';
import { songsAsShown } from '../../recommend/recommend.js';
import { familyFilmAmongPicks } from '../../recommend/filters.js';
import { knownExplicit } from '../../features/explicit-lyrics.js';
import { foldText, movieTitleKey, nameKey, songTitleKey, splitArtists } from '../normalise-title.js';
import { candidatesOf, targetKindOf, type Direction, type EvaluationContext, type ItemKind, type Recommender } from '../types.js';
import { creditsArtist, describe, evidence, holds, loadFacts, round, type ItemFacts } from './facts.js';
import { loadVibePanel, type PanelCheck, type PanelItem, type PanelQuery, type VibePanel } from './panel-schema.js';

/**
 * Runs the vibe panel (panel.json) against one recommender: for each hand-written query, finds
 * its item in the catalog by title (and artist or year), takes the recommender's top results and
 * checks what a person demanded of them. A query whose item is not in the catalog is counted as
 * missing, not failed: the panel then says nothing about it either way.
 */

interface PanelQueryResult {
  readonly id: string;
  readonly direction: Direction;
  /** The query item as the panel names it ("Dancing Queen — ABBA", "Spirited Away (2001)"). */
  readonly query: string;
  readonly intent: string;
  readonly passed: boolean;
  /** The query item is not in the catalog: not run, neither passed nor failed. */
  readonly missing: boolean;
  /** What went wrong, in plain words; empty when the query passed or is missing. */
  readonly failures: string[];
  /** Titles of the top 5 results. */
  readonly top: string[];
}

export interface PanelReport {
  /** The recommender's name ("crossfade", "random", …). */
  readonly method: string;
  readonly queries: number;
  readonly passed: number;
  readonly missing: number;
  /** The same counts per direction. */
  readonly byDirection: Record<Direction, { readonly queries: number; readonly passed: number; readonly missing: number }>;
  readonly results: PanelQueryResult[];
}

interface PanelOptions {
  /** Depth of checks that do not name their own (10 unless given). */
  readonly topN?: number;
  /** Another panel than the shipped panel.json (tests). */
  readonly panel?: VibePanel;
  /**
   * Song id → its recording's canonical id (catalog/recordings.ts loadRecordingGroups): song lists
   * are judged as the app shows them, each recording once (recommend.ts songsAsShown).
   */
  readonly recordings?: ReadonlyMap<number, number>;
  /**
   * Whether a song is left out of a family film's songs beyond its explicit flag (recommend/filters.ts
   * notForFamilies: likely explicit lyrics, aggressive music): a family film's songs are judged
   * without these, and without explicit songs, as the app shows them. Default: none is.
   */
  readonly notForFamilies?: (songId: number) => boolean;
}

/** Candidates ranked past the depth, so folding other versions of a recording and spreading one artist's songs still fill it. */
const FOLD_HEADROOM = 3;

const SHOWN = 5;

/**
 * The recommender must already be prepared with `context` (prepare() may be asynchronous; the
 * evaluation prepares every method once). Every query scores all candidates of the target kind;
 * the top N are taken by score, NaN last, ties in candidate order.
 */
export function runVibePanel(db: CatalogDatabase, recommender: Recommender, context: EvaluationContext, options: PanelOptions = {}): PanelReport {
  const defaultDepth = options.topN ?? 10;
  if (!Number.isInteger(defaultDepth) || defaultDepth < 1) throw new RangeError(`topN must be a whole number of at least 1, got ${defaultDepth}.`);
  const panel = options.panel ?? loadVibePanel();
  const resolved = resolveItems(db, panel.queries);
  let explicitSongs: ReadonlySet<number> | undefined;
  const results = panel.queries.map((query): PanelQueryResult => {
    const base = { id: query.id, direction: query.direction, query: itemLabel(query.item), intent: query.intent };
    const itemId = resolved.get(query.id);
    if (itemId === undefined) return { ...base, passed: false, missing: true, failures: [], top: [] };
    const targetKind = targetKindOf(query.direction);
    const depth = Math.max(defaultDepth, ...query.checks.map((check) => check.top ?? defaultDepth));
    const scores = recommender.scores({ kind: query.item.kind, ids: [itemId] }, targetKind);
    const candidates = candidatesOf(context, targetKind);
    if (scores.length !== candidates.ids.length)
      throw new Error(`${recommender.name} returned ${scores.length} scores for ${candidates.ids.length} ${targetKind} candidates (query "${query.id}").`);
    // Song lists as the app shows them: each recording once, one artist's songs spread out
    // (recommend.ts), and for a family film no explicit song or aggressive music (recommend/filters.ts familyFilmAmongPicks, notForFamilies).
    const songs = targetKind === 'song';
    const hidden = songs && query.item.kind === 'movie' && familyFilmAmongPicks(db, [{ kind: 'movie', id: itemId }], 'song', undefined) !== null;
    const explicit = hidden ? (explicitSongs ??= explicitSongIds(db)) : null;
    const ranked = topPositions(
      scores,
      songs ? depth * FOLD_HEADROOM : depth,
      (position) =>
        (candidates.ids[position] === itemId && targetKind === query.item.kind) ||
        (explicit !== null && (explicit.has(candidates.ids[position]!) || options.notForFamilies?.(candidates.ids[position]!) === true)),
    );
    const positions = songs ? shownSongs(db, ranked, scores, candidates.ids, options.recordings).slice(0, depth) : ranked;
    // Everything NaN: the method cannot score this query at all; judging items in id order would be noise.
    if (positions.length === 0 || Number.isNaN(scores[positions[0]!]!))
      return {
        ...base,
        passed: false,
        missing: false,
        failures: [`${recommender.name} could not score any ${targetKind} for this query (is its item in the vibe space?)`],
        top: [],
      };
    const top = loadFacts(
      db,
      targetKind,
      positions.map((position) => candidates.ids[position]!),
    );
    const failures = query.checks.flatMap((check) => {
      const failure = judge(check, top.slice(0, check.top ?? defaultDepth), targetKind);
      return failure === null ? [] : [failure];
    });
    return { ...base, passed: failures.length === 0, missing: false, failures, top: top.slice(0, SHOWN).map((item) => item.label) };
  });
  const counts = (of: readonly PanelQueryResult[]) => ({
    queries: of.length,
    passed: of.filter((result) => result.passed).length,
    missing: of.filter((result) => result.missing).length,
  });
  return {
    method: recommender.name,
    ...counts(results),
    byDirection: {
      'song-to-movie': counts(results.filter((result) => result.direction === 'song-to-movie')),
      'movie-to-song': counts(results.filter((result) => result.direction === 'movie-to-song')),
    },
    results,
  };
}

// ---------------------------------------------------------------------------------------------
// Finding the query items

function itemLabel(item: PanelItem): string {
  return item.kind === 'song' ? `${item.title} — ${item.artist}` : `${item.title} (${item.year})`;
}

/**
 * Panel query id → catalog id of its item. Songs match on the title key (no version suffix, no
 * "feat.") and one credited artist; when several versions match, the named album wins, then the
 * most popular. Films match on the title key of the title or the original title and the year,
 * exactly or, as sources disagree by a year about release dates, one year off; the exact year
 * wins, then the film with the most votes.
 */
export function resolveItems(db: CatalogDatabase, queries: readonly PanelQuery[]): Map<string, number> {
  const resolved = new Map<string, number>();
  const songQueries = queries.filter((query) => query.item.kind === 'song');
  const movieQueries = queries.filter((query) => query.item.kind === 'movie');
  // First the rows the full-text index finds for the title's words (milliseconds at any catalog
  // size); then, for what is still unresolved (a title spelled differently in the catalog), one
  // scan of the table.
  const songSql = `SELECT id, title, artists, album, popularity FROM songs`;
  const movieSql = `SELECT id, title, original_title, release_year, vote_count FROM movies`;
  const songsFound = db.prepare(`${songSql} WHERE id IN (SELECT rowid FROM songs_fts WHERE songs_fts MATCH ?)`);
  const moviesFound = db.prepare(`${movieSql} WHERE id IN (SELECT rowid FROM movies_fts WHERE movies_fts MATCH ?)`);
  const indexed = <Row>(statement: typeof songsFound, title: string): Row[] => {
    const match = ftsWords(title);
    return match === null ? [] : (statement.all(match) as Row[]);
  };
  matchSongs(
    songQueries.flatMap((query) => indexed<SongRow>(songsFound, query.item.title)),
    songQueries,
    resolved,
  );
  matchMovies(
    movieQueries.flatMap((query) => indexed<MovieRow>(moviesFound, query.item.title)),
    movieQueries,
    resolved,
  );
  const unresolvedSongs = songQueries.filter((query) => !resolved.has(query.id));
  if (unresolvedSongs.length > 0) matchSongs(db.prepare(songSql).iterate() as IterableIterator<SongRow>, unresolvedSongs, resolved);
  const unresolvedMovies = movieQueries.filter((query) => !resolved.has(query.id));
  if (unresolvedMovies.length > 0) matchMovies(db.prepare(movieSql).iterate() as IterableIterator<MovieRow>, unresolvedMovies, resolved);
  return resolved;
}

/**
 * The words of a title as an FTS5 query in which all must occur: folded words, with apostrophes
 * read as separators as the index's unicode61 tokenizer reads them, without "the" and "and"
 * (the title key drops a leading article and reads "&" as "and"). null when no word is left.
 */
function ftsWords(title: string): string | null {
  const words = foldText(title.replace(/['\u2018\u2019`\u00B4]/gu, ' '))
    .split(' ')
    .filter((word) => word !== '' && word !== 'the' && word !== 'and');
  return words.length === 0 ? null : words.map((word) => `"${word}"`).join(' ');
}

interface SongRow {
  id: number;
  title: string;
  artists: string;
  album: string | null;
  popularity: number | null;
}

interface MovieRow {
  id: number;
  title: string;
  original_title: string | null;
  release_year: number | null;
  vote_count: number | null;
}

function byTitleKey(queries: readonly PanelQuery[], key: (title: string) => string): Map<string, PanelQuery[]> {
  const byTitle = new Map<string, PanelQuery[]>();
  for (const query of queries) {
    const title = key(query.item.title);
    byTitle.set(title, [...(byTitle.get(title) ?? []), query]);
  }
  return byTitle;
}

/** Resolves song queries from the given rows: title key and a credited artist; then album, popularity, id. */
function matchSongs(rows: Iterable<SongRow>, songQueries: readonly PanelQuery[], resolved: Map<string, number>): void {
  const byTitle = byTitleKey(songQueries, songTitleKey);
  const best = new Map<string, readonly number[]>();
  for (const row of rows) {
    const matching = byTitle.get(songTitleKey(row.title));
    if (!matching) continue;
    const artists = splitArtists(row.artists).map(nameKey);
    const credits = foldText(row.artists);
    for (const query of matching) {
      const item = query.item as Extract<PanelItem, { kind: 'song' }>;
      if (!creditsArtist(artists, credits, item.artist)) continue;
      const albumMatches = item.album !== undefined && row.album !== null && foldText(row.album) === foldText(item.album) ? 1 : 0;
      keepBest(best, resolved, query.id, row.id, [albumMatches, row.popularity ?? -1, -row.id]);
    }
  }
}

/** Resolves film queries from the given rows: title key (or the original title's) and year ±1; then exact year, votes, id. */
function matchMovies(rows: Iterable<MovieRow>, movieQueries: readonly PanelQuery[], resolved: Map<string, number>): void {
  const byTitle = byTitleKey(movieQueries, movieTitleKey);
  const best = new Map<string, readonly number[]>();
  for (const row of rows) {
    if (row.release_year === null) continue;
    const keys = new Set([movieTitleKey(row.title), ...(row.original_title ? [movieTitleKey(row.original_title)] : [])]);
    for (const key of keys)
      for (const query of byTitle.get(key) ?? []) {
        const { year } = query.item as Extract<PanelItem, { kind: 'movie' }>;
        if (Math.abs(row.release_year - year) > 1) continue;
        keepBest(best, resolved, query.id, row.id, [row.release_year === year ? 1 : 0, row.vote_count ?? -1, -row.id]);
      }
  }
}

function keepBest(best: Map<string, readonly number[]>, resolved: Map<string, number>, queryId: string, itemId: number, rank: readonly number[]): void {
  const current = best.get(queryId);
  if (current && compareRanks(rank, current) <= 0) return;
  best.set(queryId, rank);
  resolved.set(queryId, itemId);
}

function compareRanks(a: readonly number[], b: readonly number[]): number {
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return a[index]! - b[index]!;
  return 0;
}

// ---------------------------------------------------------------------------------------------
// The top of the list

/** True when position `a` ranks before position `b`: higher score first, NaN last, then candidate order. */
function ranksBefore(scores: ArrayLike<number>, a: number, b: number): boolean {
  const sa = scores[a]!;
  const sb = scores[b]!;
  const nanA = Number.isNaN(sa);
  const nanB = Number.isNaN(sb);
  if (nanA !== nanB) return nanB;
  if (!nanA && sa !== sb) return sa > sb;
  return a < b;
}

/** Songs the app's "explicit" filter leaves out (recommend/filter-columns.ts): flagged, else named so by their title. */
function explicitSongIds(db: CatalogDatabase): ReadonlySet<number> {
  const rows = db.prepare(`SELECT id, explicit, title FROM songs`).raw().all() as [number, number | null, string][];
  return new Set(rows.filter(([, flag, title]) => knownExplicit(flag, title) === true).map(([id]) => id));
}

/** Ranked song positions as the app shows them (recommend.ts songsAsShown). */
function shownSongs(
  db: CatalogDatabase,
  ranked: readonly number[],
  scores: ArrayLike<number>,
  ids: ArrayLike<number>,
  recordings: ReadonlyMap<number, number> | undefined,
): number[] {
  const hits = ranked.map((position) => ({ row: position, itemId: ids[position]!, score: Number.isNaN(scores[position]!) ? -Infinity : scores[position]! }));
  return songsAsShown(db, hits, recordings).map(({ hit }) => hit.row);
}

/** The positions of the `count` best scores, best first, skipping excluded positions (one pass, no full sort). */
export function topPositions(scores: ArrayLike<number>, count: number, excluded: (position: number) => boolean = () => false): number[] {
  const top: number[] = [];
  for (let position = 0; position < scores.length; position++) {
    if (top.length === count && !ranksBefore(scores, position, top[count - 1]!)) continue;
    if (excluded(position)) continue;
    let at = top.length;
    while (at > 0 && ranksBefore(scores, position, top[at - 1]!)) at--;
    top.splice(at, 0, position);
    if (top.length > count) top.pop();
  }
  return top;
}

// ---------------------------------------------------------------------------------------------
// Checks

const EXAMPLES = 3;
const percent = (share: number) => `${Math.round(share * 100)} %`;

function examples(items: readonly ItemFacts[], check: Extract<PanelCheck, { where: unknown }>): string {
  const shown = items.slice(0, EXAMPLES).map((item) => evidence(check.where, item));
  return shown.join('; ') + (items.length > EXAMPLES ? `; and ${items.length - EXAMPLES} more` : '');
}

/** null when the check passes, else what failed in plain words. */
function judge(check: PanelCheck, top: readonly ItemFacts[], kind: ItemKind): string | null {
  const depth = top.length;
  const noun = kind === 'song' ? 'songs' : 'films';
  if (depth === 0) return `no ${noun} were recommended, so "${check.check}" cannot be met`;
  const within = `the top ${depth}`;
  switch (check.check) {
    case 'mustNotInclude': {
      const offending = top.filter((item) => holds(check.where, item));
      return offending.length === 0
        ? null
        : `${within} holds ${offending.length} ${describe(check.where, kind, offending.length)}, none allowed: ${examples(offending, check)}`;
    }
    case 'mustInclude':
      return top.some((item) => holds(check.where, item)) ? null : `${within} holds no ${describe(check.where, kind)}; at least one expected`;
    case 'atMostShare':
    case 'atLeastShare': {
      const matching = top.filter((item) => holds(check.where, item));
      const share = matching.length / depth;
      const ok = check.check === 'atMostShare' ? share <= check.share + 1e-9 : share >= check.share - 1e-9;
      if (ok) return null;
      const bound = check.check === 'atMostShare' ? `at most ${percent(check.share)} allowed` : `at least ${percent(check.share)} expected`;
      const list = matching.length > 0 ? `: ${examples(matching, check)}` : '';
      return `${within} holds ${matching.length} ${describe(check.where, kind, matching.length)} (${percent(share)}), ${bound}${list}`;
    }
    case 'mean': {
      const values = top.map((item) => item.features[check.feature]).filter((value) => value !== undefined);
      if (values.length === 0) return `no ${kind} in ${within} has a known ${check.feature}, so its mean cannot be checked`;
      const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
      const over = values.length === depth ? `${within} ${noun}` : `the ${values.length} of ${within} ${noun} with a known ${check.feature}`;
      if (check.atLeast !== undefined && mean < check.atLeast)
        return `the mean ${check.feature} of ${over} is ${round(mean)}; at least ${check.atLeast} expected`;
      if (check.atMost !== undefined && mean > check.atMost) return `the mean ${check.feature} of ${over} is ${round(mean)}; at most ${check.atMost} expected`;
      return null;
    }
    case 'distinctRecordings': {
      const seen = new Map<string, ItemFacts[]>();
      const repeated: string[] = [];
      for (const item of top) {
        const key = item.recordingKey ?? `id:${item.id}`;
        const earlier = (seen.get(key) ?? []).find((other) => other.artists.some((artist) => item.artists.includes(artist)));
        if (earlier) repeated.push(`"${item.label}" (also at #${top.indexOf(earlier) + 1})`);
        seen.set(key, [...(seen.get(key) ?? []), item]);
      }
      return repeated.length === 0 ? null : `${within} holds the same recording more than once: ${repeated.slice(0, EXAMPLES).join('; ')}`;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Report

/** Text safe in one Markdown table cell. */
export const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** The panel's results as Markdown: the pass count, then one row per query, failures in plain words. */
export function renderPanelMarkdown(report: PanelReport): string {
  const failed = report.queries - report.passed - report.missing;
  const lines = [
    `### Vibe panel: ${report.method}`,
    '',
    `${report.passed} of ${report.queries - report.missing} queries pass, ${failed} fail` +
      (report.missing > 0 ? `; ${report.missing} not run because the query item is not in the catalog` : '') +
      '. The panel is a sanity check written by people; nothing is fitted to it.',
  ];
  for (const direction of ['song-to-movie', 'movie-to-song'] as const) {
    const results = report.results.filter((result) => result.direction === direction);
    if (results.length === 0) continue;
    const passed = results.filter((result) => result.passed).length;
    lines.push(
      '',
      `#### ${direction === 'song-to-movie' ? 'Song → films' : 'Film → songs'} (${passed} of ${results.filter((result) => !result.missing).length} pass)`,
      '',
    );
    lines.push('| query | demand | result | top 5 |', '|---|---|---|---|');
    for (const result of results) {
      const verdict = result.missing ? 'not in the catalog' : result.passed ? 'pass' : `**fail**: ${result.failures.join(' — ')}`;
      lines.push(`| ${cell(result.query)} | ${cell(result.intent)} | ${cell(verdict)} | ${cell(result.top.join('; '))} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}
