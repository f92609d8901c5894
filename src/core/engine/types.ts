/**
 * The top-k engine's contract. The engine knows nothing about songs or movies: it ranks rows of
 * a matrix of L2-normalised float32 vectors by cosine (= dot product) to a query vector.
 * The vibe space (src/core/vibe) builds those vectors; the engine only has to be fast and exact.
 */

/** Rows of equal-length vectors, contiguous and row-major; row i belongs to catalog item itemIds[i]. */
export interface VectorMatrix {
  readonly dims: number;
  readonly count: number;
  /** count * dims values; every row has unit length (or is all zeros for "no information"). */
  readonly data: Float32Array;
  /** Catalog ids (songs.id or movies.id) in row order. */
  readonly itemIds: Int32Array;
}

/** A set of matrix rows, one bit per row. */
export interface RowSet {
  readonly size: number;
  has(row: number): boolean;
}

export interface TopKQuery {
  /** Length dims; need not be normalised (ranking by dot product is the same up to scale). */
  readonly vector: Float32Array;
  readonly k: number;
  /** Only rows in this set may be returned (filters: genres, years, language, explicit/adult, votes). */
  readonly allow?: RowSet;
  /** Rows that must never be returned (e.g. the picks themselves). */
  readonly exclude?: ReadonlySet<number>;
  /** Maximal marginal relevance re-ranking: 1 = pure relevance, 0 = pure diversity. */
  readonly mmrLambda?: number;
}

export interface TopKHit {
  readonly row: number;
  readonly itemId: number;
  /** Exact float32 cosine with the (normalised) query. */
  readonly score: number;
}

export interface TopKEngine {
  readonly matrix: VectorMatrix;
  /** Exact: equal to sorting all allowed rows by float cosine (ties by row), then taking k. */
  search(query: TopKQuery): Promise<TopKHit[]>;
  /** One search per vector with the same k and filters, answered together (faster than one by one). */
  searchEach(vectors: readonly Float32Array[], options: Omit<TopKQuery, 'vector'>): Promise<TopKHit[][]>;
  /** Replace or append rows after an import, without reloading everything. */
  upsert(itemId: number, vector: Float32Array): void;
  close(): Promise<void>;
}
