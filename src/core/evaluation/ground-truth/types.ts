/** Ground truth for evaluation: movie–song pairs that belong together by an outside fact. */

export type GroundTruthSource = 'imdb-soundtrack' | 'oscar-song' | 'soundtrack-album';

export const GROUND_TRUTH_SOURCES = ['imdb-soundtrack', 'oscar-song', 'soundtrack-album'] as const satisfies readonly GroundTruthSource[];

export interface GroundTruthPair {
  /** Catalog ids (movies.id, songs.id). */
  readonly movieId: number;
  readonly songId: number;
  readonly source: GroundTruthSource;
  /** Why the pair was made, for a person checking it: the source text and what matched. */
  readonly evidence: string;
}

export interface GroundTruthCounts {
  /** Data rows read from the files (for the album source: catalog songs examined). */
  readonly rowsRead: number;
  /** Rows whose movie was found in the catalog (album source: songs naming a film). */
  readonly rowsWithMovie: number;
  /** Song mentions examined (soundtrack entries, Oscar rows, film references). */
  readonly entriesRead: number;
  /** Distinct movies and songs that ended up in at least one pair. */
  readonly moviesMatched: number;
  readonly songsMatched: number;
  /** Distinct (movie, song) pairs. */
  readonly pairs: number;
}

export interface UnmatchedSample {
  /** File and 1-based line, or "song <id>" for catalog rows. */
  readonly where: string;
  readonly reason: string;
  readonly text: string;
}

export interface GroundTruthResult {
  readonly source: GroundTruthSource;
  readonly pairs: readonly GroundTruthPair[];
  readonly counts: GroundTruthCounts;
  /** How many mentions failed for each reason. */
  readonly unmatchedReasons: Readonly<Record<string, number>>;
  /** The first few unmatched mentions per reason. */
  readonly unmatched: readonly UnmatchedSample[];
}

/** Collects pairs (deduplicated), counts and unmatched samples while a source is read. */
export class ResultBuilder {
  private readonly pairs = new Map<string, GroundTruthPair>();
  private readonly reasons: Record<string, number> = {};
  private readonly samples: UnmatchedSample[] = [];
  rowsRead = 0;
  rowsWithMovie = 0;
  entriesRead = 0;

  constructor(
    readonly source: GroundTruthSource,
    private readonly samplesPerReason = 5,
  ) {}

  /** Adds a pair unless the same movie and song are already paired (the first evidence is kept). */
  add(movieId: number, songId: number, evidence: string): void {
    const key = `${movieId}:${songId}`;
    if (!this.pairs.has(key)) this.pairs.set(key, { movieId, songId, source: this.source, evidence });
  }

  miss(where: string, reason: string, text: string): void {
    const seen = this.reasons[reason] ?? 0;
    this.reasons[reason] = seen + 1;
    if (seen < this.samplesPerReason) this.samples.push({ where, reason, text });
  }

  result(): GroundTruthResult {
    const pairs = [...this.pairs.values()];
    return {
      source: this.source,
      pairs,
      counts: {
        rowsRead: this.rowsRead,
        rowsWithMovie: this.rowsWithMovie,
        entriesRead: this.entriesRead,
        moviesMatched: new Set(pairs.map((pair) => pair.movieId)).size,
        songsMatched: new Set(pairs.map((pair) => pair.songId)).size,
        pairs: pairs.length,
      },
      unmatchedReasons: { ...this.reasons },
      unmatched: [...this.samples],
    };
  }
}
