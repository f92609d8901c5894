import Database from 'better-sqlite3';
import type { CatalogDatabase } from '../db/open-database.js';
import { foldText, songTitleKey } from '../evaluation/normalise-title.js';
import { completenessSql, groupRecordings, type RecordingCandidate } from './recordings.js';
import { FAME_ORDER_SQL, songFameSql } from './fame.js';
import { SONG_SEARCH_PAGE } from '../../shared/contract/catalog.js';

export interface SongHit {
  readonly id: number;
  readonly title: string;
  readonly artists: string;
  readonly album: string | null;
  readonly releaseYear: number | null;
  readonly spotifyId: string | null;
}

export interface MovieHit {
  readonly id: number;
  readonly title: string;
  readonly originalTitle: string | null;
  readonly releaseYear: number | null;
  readonly tmdbId: number | null;
  readonly imdbId: string | null;
}

/**
 * Turns what the user typed into an FTS5 query: every word must match, the last one as a
 * prefix (search-as-you-type). Words are quoted, so FTS5 syntax in the input is inert.
 *
 * The first keystrokes ("l", "lo") would match most of a large catalog and rank all of it, which
 * is slow and useless; a lone word shorter than SHORT_PREFIX therefore only matches the start of
 * a title, artist or album (FTS5's ^ initial-token operator).
 */
export const SHORT_PREFIX = 3;

export function toFtsQuery(input: string): string | null {
  const words = input
    .normalize('NFC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
  if (words.length === 0) return null;
  if (words.length === 1 && [...words[0]!].length < SHORT_PREFIX) return `^"${words[0]}"*`;
  return words.map((word, index) => (index === words.length - 1 ? `"${word}"*` : `"${word}"`)).join(' ');
}

type SongCandidate = SongHit & RecordingCandidate;

const SONG_OVERFETCH = 4;
const MAX_EXTRA_CANDIDATES = 1000;
/**
 * Answers are ranked as a page of at least this many, then cut to the limit asked: candidates are
 * over-fetched in relevance order before titles equal to the text are lifted, so a smaller page saw
 * fewer of them and could start differently. The CLI's `recommend --song hallelujah` (a page of
 * one) picked Pentatonix's "Hallelujah" where the app's first row is Leonard Cohen's.
 */
const MIN_RANKED_PAGE = SONG_SEARCH_PAGE;

function toSongHit({ id, title, artists, album, releaseYear, spotifyId }: SongCandidate): SongHit {
  return { id, title, artists, album, releaseYear, spotifyId };
}

/**
 * Orders search candidates (given in relevance order): titles equal to what was typed first, then
 * titles starting with it, each of those by popularity; then the rest in relevance order. Each
 * recording appears once, as its best-known version, where its best-placed version stood.
 */
function rankSongHits<T extends SongCandidate>(text: string, candidates: readonly T[]): T[] {
  const typed = foldText(text);
  const titleClass = (title: string): number => {
    const key = songTitleKey(title);
    if (typed === '' || key === '') return 2;
    if (key === typed || foldText(title) === typed) return 0;
    return key.startsWith(typed) ? 1 : 2;
  };
  const classes = new Map(candidates.map((candidate) => [candidate.id, titleClass(candidate.title)] as const));
  const relevance = new Map(candidates.map((candidate, index) => [candidate.id, index] as const));
  const ordered = [...candidates].sort((a, b) => {
    const classA = classes.get(a.id)!;
    const classB = classes.get(b.id)!;
    if (classA !== classB) return classA - classB;
    if (classA < 2) {
      const byPopularity = (b.popularity ?? -1) - (a.popularity ?? -1);
      if (byPopularity !== 0) return byPopularity;
    }
    return relevance.get(a.id)! - relevance.get(b.id)!;
  });
  const canonical = new Map<number, T>();
  for (const group of groupRecordings(candidates)) for (const member of group) canonical.set(member.id, group[0]!);
  const shown = new Set<number>();
  const result: T[] = [];
  for (const candidate of ordered) {
    const best = canonical.get(candidate.id) ?? candidate;
    if (shown.has(best.id)) continue;
    shown.add(best.id);
    result.push(best);
  }
  return result;
}

/** Answers kept for repeated keystrokes (the same few first letters come up again and again). */
const RECENT_ANSWERS = 512;

/**
 * The most popular items (by the popularity the ranking uses) kept in an in-memory FTS5 index
 * whose rowid is the popularity rank, so `ORDER BY rowid LIMIT n` stops at the n most popular
 * matches. Ranking every match costs about 3 µs each (bm25 reads every match's phrase counts, and
 * each match is joined for its popularity), so at a million items "l" took 200+ ms; a query with
 * enough matches among these items ("l", "lo", "love") is answered from them instead.
 */
const POPULAR_POOL = 50_000;

interface CatalogSearchOptions {
  /** Items in the popular pool of each kind (default POPULAR_POOL). */
  readonly poolSize?: number;
  /**
   * A kind with at most this many items is always ranked exhaustively (default POPULAR_POOL):
   * that is fast enough there, and the pool would be the whole catalog.
   */
  readonly exhaustiveUpTo?: number;
  /** Answers are ranked as pages of at least this many rows, then cut to the limit (default MIN_RANKED_PAGE). */
  readonly minRankedPage?: number;
  /**
   * Builds pools off this thread (the app: poolBuilderInWorkers). Until a kind's pool is in, its
   * searches are ranked exhaustively; without a builder a pool is built on the first search.
   */
  readonly buildPools?: PoolBuilder;
}

export type PoolKind = 'songs' | 'movies';
type Kind = PoolKind;

/** A popular pool as bytes: the serialised in-memory database, item ids by rank, and whether it holds every item. */
export interface PoolImage {
  readonly image: Uint8Array;
  readonly ids: Int32Array;
  readonly complete: boolean;
}

/** Builds a pool image elsewhere (a worker thread); `cancel` stops it (the promise then rejects). */
export type PoolBuilder = (kind: PoolKind, size: number) => { readonly result: Promise<PoolImage>; cancel(): void };

const FTS_COLUMNS: Record<Kind, readonly string[]> = { songs: ['title', 'artists', 'album'], movies: ['title', 'original_title'] };
/** bm25 column weights, the same for the catalog's index and the pool. */
const BM25: Record<Kind, string> = { songs: '4.0, 2.0, 1.0', movies: '3.0, 1.0' };
/** The popularity each kind's ranking subtracts from bm25, as SQL over the item table aliased `x`. */
const POPULARITY_SQL: Record<Kind, string> = { songs: FAME_ORDER_SQL.song, movies: FAME_ORDER_SQL.movie };

/**
 * The pool of `kind` built from the catalog, as bytes (see PopularPool): what a worker thread
 * builds so the first keystroke after opening or an import does not wait for it (about a second
 * at a million items).
 */
export function buildPoolImage(db: CatalogDatabase, kind: Kind, size: number): PoolImage {
  const columns = FTS_COLUMNS[kind];
  const rows = db
    .prepare(`SELECT id, ${columns.join(', ')} FROM ${kind} x ORDER BY ${POPULARITY_SQL[kind]} DESC, id LIMIT ?`)
    .raw()
    .all(size + 1) as (string | number | null)[][];
  const complete = rows.length <= size;
  if (!complete) rows.length = size;
  const memory = new Database(':memory:');
  try {
    const list = columns.join(', ');
    const slots = columns.map(() => '?').join(', ');
    memory.exec(`
      CREATE TABLE staged(rank INTEGER PRIMARY KEY, ${list});
      CREATE VIRTUAL TABLE pool USING fts5(${list}, tokenize = "unicode61 remove_diacritics 2", prefix = '1 2 3');`);
    const stage = memory.prepare(`INSERT INTO staged VALUES (?, ${slots})`);
    memory.transaction(() => {
      rows.forEach(([, ...texts], index) => stage.run(index + 1, ...texts));
      // One INSERT … SELECT: FTS5 indexes the rows in one pass instead of flushing per statement.
      memory.exec(`INSERT INTO pool(rowid, ${list}) SELECT rank, ${list} FROM staged; DROP TABLE staged;`);
    })();
    memory.exec('VACUUM');
    return { image: memory.serialize(), ids: Int32Array.from(rows, (row) => row[0] as number), complete };
  } finally {
    memory.close();
  }
}

/**
 * The most popular items of one kind in a private in-memory FTS5 index, rowid = popularity rank
 * (1 = most popular, ties by id), with the same tokenizer and prefix indexes as the catalog's.
 */
class PopularPool {
  private readonly matches;
  private readonly ranks;

  private constructor(
    private readonly memory: Database.Database,
    /** Item id by popularity rank - 1. */
    private readonly ids: Int32Array,
    /** Whether the pool holds every item of its kind (then it answers any query exactly). */
    readonly complete: boolean,
    kind: Kind,
  ) {
    this.matches = memory.prepare(`SELECT rowid, bm25(pool, ${BM25[kind]}) FROM pool WHERE pool MATCH ? ORDER BY rowid LIMIT ?`).raw();
    this.ranks = memory.prepare(`SELECT rowid FROM pool WHERE pool MATCH ? ORDER BY rowid LIMIT ?`).pluck();
  }

  static build(db: CatalogDatabase, kind: Kind, size: number): PopularPool {
    return PopularPool.fromImage(buildPoolImage(db, kind, size), kind);
  }

  static fromImage({ image, ids, complete }: PoolImage, kind: Kind): PopularPool {
    return new PopularPool(new Database(Buffer.from(image.buffer, image.byteOffset, image.byteLength)), ids, complete, kind);
  }

  /** The `count` most popular matches of an FTS query, most popular first, with bm25 over the pool. */
  mostPopular(query: string, count: number): { id: number; relevance: number }[] {
    return (this.matches.all(query, count) as [number, number][]).map(([rank, relevance]) => ({ id: this.ids[rank - 1]!, relevance }));
  }

  /** The ids of the `count` most popular matches of an FTS query (of all items when it is null), most popular first. */
  mostPopularIds(query: string | null, count: number): number[] {
    if (query === null) return Array.from(this.ids.subarray(0, count));
    return (this.ranks.all(query, count) as number[]).map((rank) => this.ids[rank - 1]!);
  }

  close(): void {
    this.memory.close();
  }
}

/**
 * Items in popularity order from a popular pool: `ids` are the first matches overall (the pool
 * holds the most popular items, so its matches come before any other), at most the count asked;
 * `everyMatch` when the pool holds the whole kind, so fewer ids than asked are all there are.
 */
export interface PopularIds {
  readonly ids: readonly number[];
  readonly everyMatch: boolean;
}

/** Prepared search statements; ranked by FTS relevance, ties broken by popularity. */
export class CatalogSearch {
  private readonly songs;
  private readonly movies;
  private readonly songsByIds;
  private readonly moviesByIds;
  private readonly changes;
  private readonly dataVersion;
  private readonly poolSize: number;
  private readonly exhaustiveUpTo: number;
  private readonly minRankedPage: number;
  /**
   * Popular pools, built at a kind's first search ('none': the kind is small enough to rank
   * exhaustively), with the kind's content stamp they were built at. Any write clears the
   * remembered answers, but a pool (about a second to build at a million items) is only rebuilt
   * when its kind's content stamp moved: adding a song to a playlist must not cost the next
   * keystroke a rebuild.
   */
  private pools: Partial<Record<Kind, { readonly pool: PopularPool | 'none'; readonly stamp: string }>> = {};
  /** Pools being built off-thread, with the content stamp they are built at. */
  private readonly building: Partial<Record<Kind, { readonly stamp: string; readonly cancel: () => void; readonly settled: Promise<void> }>> = {};
  private buildPools: PoolBuilder | undefined;
  private closed = false;
  /** The catalog version at which each kind's pool stamp was last compared. */
  private poolsCheckedAt: Partial<Record<Kind, string>> = {};
  /**
   * Recent answers by kind, limit and FTS query. At a million items the first keystrokes ("m",
   * "lo") rank tens of thousands of matches (100+ ms each); typing and deleting asks them again.
   * Dropped as soon as the catalog changes (this connection's writes, or another's commit).
   */
  private readonly recent = new Map<string, readonly (SongHit | MovieHit)[]>();
  /** Recent counts by key (rememberedCount), dropped with the answers. */
  private readonly counts = new Map<string, number>();
  private catalogVersion = '';

  constructor(
    private readonly db: CatalogDatabase,
    options: CatalogSearchOptions = {},
  ) {
    this.poolSize = options.poolSize ?? POPULAR_POOL;
    this.exhaustiveUpTo = options.exhaustiveUpTo ?? POPULAR_POOL;
    this.minRankedPage = options.minRankedPage ?? MIN_RANKED_PAGE;
    this.buildPools = options.buildPools;
    this.changes = db.prepare(`SELECT total_changes()`).pluck();
    this.dataVersion = db.prepare(`PRAGMA data_version`).pluck();
    const songColumns = `s.id, s.title, s.artists, s.album, s.release_year AS releaseYear, s.spotify_id AS spotifyId,
             s.duration_ms AS durationMs, ${songFameSql('s')} AS popularity, ${completenessSql('s')} AS completeness`;
    const movieColumns = `m.id, m.title, m.original_title AS originalTitle, m.release_year AS releaseYear, m.tmdb_id AS tmdbId, m.imdb_id AS imdbId,
             m.vote_count AS voteCount`;
    this.songs = db.prepare(`
      SELECT ${songColumns}
      FROM songs_fts f JOIN songs s ON s.id = f.rowid
      WHERE songs_fts MATCH ?
      ORDER BY bm25(songs_fts, ${BM25.songs}) - COALESCE(${songFameSql('s')}, 0) / 50.0, s.id
      LIMIT ?`);
    this.movies = db.prepare(`
      SELECT ${movieColumns}
      FROM movies_fts f JOIN movies m ON m.id = f.rowid
      WHERE movies_fts MATCH ?
      ORDER BY bm25(movies_fts, ${BM25.movies}) - ln(1 + COALESCE(m.vote_count, 0)) / 4.0, m.id
      LIMIT ?`);
    this.songsByIds = db.prepare(`SELECT ${songColumns} FROM songs s WHERE s.id IN (SELECT value FROM json_each(?))`);
    this.moviesByIds = db.prepare(`SELECT ${movieColumns} FROM movies m WHERE m.id IN (SELECT value FROM json_each(?))`);
  }

  /**
   * Songs matching `text`, each recording once (its best-known version; see recordings.ts). Songs
   * whose title is what was typed come first, best-known first, so "hallelujah" opens with the
   * most popular Hallelujah rather than the cover whose album is also called that.
   */
  searchSongs(text: string, limit = 20): SongHit[] {
    const query = toFtsQuery(text);
    if (query === null) return [];
    const page = Math.max(limit, this.minRankedPage);
    // Over-fetch: collapsing versions removes rows, and the title rule may lift a lower-ranked one.
    return this.remembered(`s${page}:${query}`, limit, () => {
      const count = Math.min(page * SONG_OVERFETCH, page + MAX_EXTRA_CANDIDATES);
      const pooled = this.popularCandidates(
        'songs',
        query,
        count,
        (x: SongCandidate) => x.popularity ?? 0,
        (p) => p / 50,
      );
      const pooledHits = pooled && rankSongHits(text, pooled.candidates);
      const hits =
        pooledHits && (pooled.enough || pooledHits.length >= page) ? pooledHits : rankSongHits(text, this.songs.all(query, count) as SongCandidate[]);
      return hits.slice(0, page).map(toSongHit);
    }) as SongHit[];
  }

  searchMovies(text: string, limit = 20): MovieHit[] {
    const query = toFtsQuery(text);
    if (query === null) return [];
    const page = Math.max(limit, this.minRankedPage);
    return this.remembered(`m${page}:${query}`, limit, () => {
      type MovieCandidate = MovieHit & { voteCount: number | null };
      const pooled = this.popularCandidates(
        'movies',
        query,
        page * SONG_OVERFETCH,
        (x: MovieCandidate) => x.voteCount ?? 0,
        (v) => Math.log(1 + v) / 4,
      );
      const candidates = pooled && (pooled.enough || pooled.candidates.length >= page) ? pooled.candidates : (this.movies.all(query, page) as MovieCandidate[]);
      return candidates.slice(0, page).map(({ voteCount: _, ...hit }) => hit);
    }) as MovieHit[];
  }

  /**
   * A query's `count` most popular matches among the pool's items (all of them when it holds
   * fewer), ordered as the exhaustive ranking orders them (bm25 - popularity bonus, then id) but
   * with bm25 taken over the pool. `enough` when they are `count` or the pool is the whole catalog
   * (which then gives exactly the exhaustive ranking whenever `count` covers every match); with
   * fewer, the caller still takes them when they fill a page: at a million items a multi-word text
   * with a common word ("Gold Heart L") has thousands of matches, 1 in 20 of them pooled, and
   * ranking all of them exhaustively took 30 to 80 ms. Null when the kind is ranked exhaustively.
   */
  private popularCandidates<T extends { id: number }>(
    kind: Kind,
    query: string,
    count: number,
    popularityOf: (row: T) => number,
    bonus: (popularity: number) => number,
  ): { readonly candidates: T[]; readonly enough: boolean } | null {
    const pool = this.poolOf(kind);
    if (pool === 'none' || pool === null) return null;
    const found = pool.mostPopular(query, count);
    const relevance = new Map(found.map(({ id, relevance }) => [id, relevance] as const));
    const byIds = kind === 'songs' ? this.songsByIds : this.moviesByIds;
    const score = (row: T) => relevance.get(row.id)! - bonus(popularityOf(row));
    const candidates = found.length === 0 ? [] : (byIds.all(JSON.stringify([...relevance.keys()])) as T[]).sort((a, b) => score(a) - score(b) || a.id - b.id);
    return { candidates, enough: found.length >= count || pool.complete };
  }

  /**
   * Movies matching `text` (every movie when it is blank), most voted first, ties by id: the
   * poster picker's default order, which is the pool's. The first `count` from the pool, without
   * ranking every match (at a million movies, sorting the 154K matches of "S" took 270 ms). Null
   * when movies are ranked exhaustively (few of them) or the pool is still being built.
   */
  popularMovies(text: string, count: number): PopularIds | null {
    this.syncCatalogVersion();
    const pool = this.poolOf('movies');
    if (pool === null || pool === 'none') return null;
    return { ids: pool.mostPopularIds(toFtsQuery(text), count), everyMatch: pool.complete };
  }

  /**
   * Starts building the pools that are missing or out of date (off-thread when there is a
   * builder), so the first keystrokes after opening or an import find them ready.
   */
  preparePools(): void {
    this.syncCatalogVersion();
    for (const kind of ['songs', 'movies'] as const) this.poolOf(kind);
  }

  /**
   * Resolves once the kind's pool is ready to answer, starting its build if needed: an async
   * caller (the app's search handlers) waits for it instead of ranking a million items
   * exhaustively (400 ms a keystroke at a million songs) while the pool is built off-thread.
   */
  async poolReady(kind: PoolKind): Promise<void> {
    this.syncCatalogVersion();
    if (this.poolOf(kind) !== null) return;
    await this.building[kind]?.settled;
  }

  /** Stops pool builds under way and frees the pools. */
  close(): void {
    this.closed = true;
    for (const kind of ['songs', 'movies'] as const) {
      this.building[kind]?.cancel();
      delete this.building[kind];
      const entry = this.pools[kind];
      if (entry && entry.pool !== 'none') entry.pool.close();
    }
    this.pools = {};
  }

  /** The kind's pool; 'none' when it is ranked exhaustively; null while its pool is being built off-thread. */
  private poolOf(kind: Kind): PopularPool | 'none' | null {
    let entry = this.pools[kind];
    if (entry && this.poolsCheckedAt[kind] !== this.catalogVersion) {
      this.poolsCheckedAt[kind] = this.catalogVersion;
      if (entry.stamp !== this.contentStamp(kind)) {
        if (entry.pool !== 'none') entry.pool.close();
        delete this.pools[kind];
        entry = undefined;
      }
    }
    if (entry) return entry.pool;
    if (this.closed) return null;
    const stamp = this.contentStamp(kind);
    if (this.building[kind]?.stamp === stamp) return null;
    if (!this.largerThan(kind, this.exhaustiveUpTo)) return this.install(kind, 'none', stamp);
    if (!this.buildPools) return this.install(kind, PopularPool.build(this.db, kind, this.poolSize), stamp);
    this.buildOffThread(kind, stamp, this.buildPools);
    return null;
  }

  private install(kind: Kind, pool: PopularPool | 'none', stamp: string): PopularPool | 'none' {
    this.pools[kind] = { pool, stamp };
    this.poolsCheckedAt[kind] = this.catalogVersion;
    return pool;
  }

  private buildOffThread(kind: Kind, stamp: string, builder: PoolBuilder): void {
    this.building[kind]?.cancel();
    const job = builder(kind, this.poolSize);
    const current = {
      stamp,
      cancel: () => job.cancel(),
      settled: job.result.then(
        () => undefined,
        () => undefined,
      ),
    };
    this.building[kind] = current;
    void job.result.then(
      (image) => {
        if (this.building[kind] !== current) return; // replaced by a newer build, or closed
        delete this.building[kind];
        try {
          // Content that moved on meanwhile: the next search starts a build at the new stamp.
          if (this.contentStamp(kind) !== stamp) return;
          const pool = PopularPool.fromImage(image, kind);
          const previous = this.pools[kind];
          if (previous && previous.pool !== 'none') previous.pool.close();
          this.install(kind, pool, stamp);
        } catch {
          // An image that does not open: build on this thread from now on (never an unhandled rejection).
          this.buildPools = undefined;
        }
      },
      () => {
        if (this.building[kind] !== current) return;
        delete this.building[kind];
        // A thread that cannot build (a missing worker script in a broken install): build on this one.
        this.buildPools = undefined;
      },
    );
  }

  /**
   * What changes when a kind's searchable content may have, read in constant time: its highest id
   * (new rows) and the import runs (every import, merge into existing rows and undo records one).
   */
  private contentStamp(kind: Kind): string {
    return JSON.stringify(
      this.db.prepare(`SELECT (SELECT max(rowid) FROM ${kind}), (SELECT json_array(max(id), max(finished_at), max(undone_at)) FROM import_runs)`).raw().get(),
    );
  }

  private largerThan(kind: Kind, items: number): boolean {
    return (
      this.db
        .prepare(`SELECT count(*) FROM (SELECT 1 FROM ${kind} LIMIT ?)`)
        .pluck()
        .get(items + 1) ===
      items + 1
    );
  }

  /** Notes the catalog's version; remembered answers are dropped when it moved. */
  private syncCatalogVersion(): void {
    const version = `${this.dataVersion.get() as number}:${this.changes.get() as number}`;
    if (version !== this.catalogVersion) {
      this.recent.clear();
      this.counts.clear();
      this.catalogVersion = version;
    }
  }

  /**
   * The count remembered under `key` while the catalog is unchanged, else `count()`'s (remembered):
   * the poster picker counts a text's matches for every page it shows (browse.ts browseMovies).
   */
  rememberedCount(key: string, count: () => number): number {
    this.syncCatalogVersion();
    return recall(this.counts, key, count);
  }

  /** The first `limit` of the remembered answer (copies) while the catalog is unchanged, else of a fresh one (remembered). */
  private remembered(key: string, limit: number, run: () => readonly (SongHit | MovieHit)[]): (SongHit | MovieHit)[] {
    this.syncCatalogVersion();
    return recall(this.recent, key, run)
      .slice(0, limit)
      .map((hit) => ({ ...hit }));
  }
}

/**
 * The value remembered under `key`, else `compute()`'s; either way it becomes the most recent
 * entry, and the least recent goes once there are more than RECENT_ANSWERS.
 */
function recall<T>(recent: Map<string, T>, key: string, compute: () => T): T {
  const known = recent.has(key);
  const value = known ? recent.get(key)! : compute();
  if (known) recent.delete(key); // re-inserted below as the most recent
  recent.set(key, value);
  if (recent.size > RECENT_ANSWERS) recent.delete(recent.keys().next().value!);
  return value;
}
