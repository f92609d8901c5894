import type { CatalogDatabase } from '../../db/open-database.js';
import { analyseSentiment } from '../../features/sentiment.js';
import { candidatesOf, type Candidates, type EvaluationContext, type ItemKind, type Query, type Recommender } from '../types.js';
import { meanPosterEmbeddings } from '../../vibe/build-index.js';
import { fitPca, projectPca } from '../../vibe/linear.js';
import { requireContext } from './random.js';

/**
 * The songs-to-movies prototype's method: a song is its normalised audio features; a movie is its
 * poster embedding plus overview sentiment plus normalised runtime, popularity and revenue; the
 * two are compared by cosine similarity.
 *
 * ASSUMPTION (the prototype never said how it compared vectors of different lengths): it made
 * them the same length by reducing the poster embedding with PCA to (song length − 4) components,
 * then took the plain cosine, component by component. So:
 *   song  = [danceability, energy, loudness, speechiness, acousticness, instrumentalness,
 *            liveness, valence, tempo]                                            (9 values)
 *   movie = [poster PC1 … PC5, overview sentiment, runtime, popularity, revenue]  (9 values)
 * every value min-max normalised to [0, 1] over the catalog (scikit-learn's MinMaxScaler, what
 * "normalised" most likely meant). The pairing of components (danceability with poster PC1, …,
 * tempo with revenue) is arbitrary: that is the prototype's flaw, reproduced on purpose. With
 * another `posterComponents` the lengths differ and the shorter vector is zero-padded at the end
 * before the cosine, which is what naive code (np.pad, or a dot product over the common prefix
 * divided by both full norms) does.
 *
 * Gaps the prototype did not face, filled so every catalog item can be scored: a missing value
 * takes the catalog median of that component; a movie without a poster embedding gets the mean
 * poster (PCA coordinates 0); several posters of one movie are averaged; a revenue of 0 is
 * unknown (TMDB's convention); sentiment is the AFINN comparative score of the overview (the
 * `sentiment` package, as src/core/features/sentiment.ts); a component with no spread maps to 0.5.
 */

const SONG_FEATURES = ['danceability', 'energy', 'loudness', 'speechiness', 'acousticness', 'instrumentalness', 'liveness', 'valence', 'tempo'] as const;
const MOVIE_SCALARS = 4;

export interface PrototypeOptions {
  /** Poster PCA components (default: song length − 4 = 5, which makes both vectors 9 long). */
  readonly posterComponents?: number;
}

export class PrototypeAudioPosterRecommender implements Recommender {
  readonly name = 'prototype-audio-poster';
  readonly description = 'Prototype: 9 min-max audio features vs [5 poster PCA components, overview sentiment, runtime, popularity, revenue], cosine.';
  private context: EvaluationContext | null = null;
  private readonly vectors = new Map<ItemKind, Float64Array[]>();

  constructor(private readonly options: PrototypeOptions = {}) {}

  prepare(context: EvaluationContext): void {
    this.context = context;
    this.vectors.set('song', normaliseColumns(songRows(context.db, context.songs)));
    const components = this.options.posterComponents ?? SONG_FEATURES.length - MOVIE_SCALARS;
    this.vectors.set('movie', normaliseColumns(movieRows(context.db, context.movies, components)));
  }

  /** The vector the method compares for one item (for tests and for explaining scores), or null. */
  vectorOf(kind: ItemKind, id: number): Float64Array | null {
    const index = candidatesOf(requireContext(this.context, this.name), kind).indexOf(id);
    return index < 0 ? null : (this.vectors.get(kind)?.[index] ?? null);
  }

  scores(query: Query, targetKind: ItemKind): Float64Array {
    const context = requireContext(this.context, this.name);
    const sources = candidatesOf(context, query.kind);
    const own = this.vectors.get(query.kind)!;
    const picked = query.ids.map((id) => sources.indexOf(id)).filter((index) => index >= 0);
    const targets = this.vectors.get(targetKind)!;
    const scores = new Float64Array(targets.length);
    if (picked.length === 0 || own.length === 0) return scores;
    const centre = new Float64Array(own[0]!.length);
    for (const index of picked) own[index]!.forEach((value, j) => (centre[j]! += value / picked.length));
    for (let index = 0; index < targets.length; index++) scores[index] = paddedCosine(centre, targets[index]!);
    return scores;
  }
}

/** Cosine after zero-padding the shorter vector: the dot product runs over the common prefix. */
export function paddedCosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let j = 0; j < a.length; j++) normA += a[j]! * a[j]!;
  for (let j = 0; j < b.length; j++) normB += b[j]! * b[j]!;
  for (let j = 0; j < Math.min(a.length, b.length); j++) dot += a[j]! * b[j]!;
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}

/** Raw rows (null = unknown), aligned with the candidates. */
type RawRows = (number | null)[][];

function songRows(db: CatalogDatabase, candidates: Candidates): RawRows {
  const rows: RawRows = Array.from({ length: candidates.ids.length }, () => SONG_FEATURES.map(() => null));
  const all = db
    .prepare(`SELECT id, ${SONG_FEATURES.join(', ')} FROM songs`)
    .raw()
    .all() as (number | null)[][];
  for (const [id, ...values] of all) {
    const index = candidates.indexOf(id!);
    if (index >= 0) rows[index] = values;
  }
  return rows;
}

function movieRows(db: CatalogDatabase, candidates: Candidates, components: number): RawRows {
  const posters = meanPosterEmbeddings(db);
  // The vibe space's own PCA (src/core/vibe/linear.ts), so both methods reduce posters the same way.
  const pca = components > 0 && posters.size >= 2 ? fitPca([...posters.values()], components) : null;
  const rows: RawRows = Array.from({ length: candidates.ids.length }, () => new Array<number | null>(components + MOVIE_SCALARS).fill(null));
  const all = db.prepare(`SELECT id, overview, runtime_minutes, popularity, revenue FROM movies`).raw().all() as [
    number,
    string | null,
    number | null,
    number | null,
    number | null,
  ][];
  for (const [id, overview, runtime, popularity, revenue] of all) {
    const index = candidates.indexOf(id);
    if (index < 0) continue;
    const poster = posters.get(id);
    const projected = pca && poster ? projectPca(pca, poster) : null;
    // Without a poster: the mean poster, which is the origin of the PCA coordinates.
    const posterPart = Array.from({ length: components }, (_, c) => (pca ? (projected?.[c] ?? 0) : null));
    const sentiment = overview && overview.trim() !== '' ? analyseSentiment(overview).comparative : null;
    rows[index] = [...posterPart, sentiment, runtime, popularity, revenue !== null && revenue > 0 ? revenue : null];
  }
  return rows;
}

/** Mean poster embedding per movie, from feature_vectors via posters.movie_id. */

/** Min-max scales each column to [0, 1]; unknowns take the column's median; no spread → 0.5. */
export function normaliseColumns(rows: RawRows): Float64Array[] {
  const width = rows[0]?.length ?? 0;
  const output = rows.map(() => new Float64Array(width));
  for (let column = 0; column < width; column++) {
    const known = rows.map((row) => row[column]).filter((value): value is number => value !== null && value !== undefined && Number.isFinite(value));
    const sorted = Float64Array.from(known).sort();
    const min = sorted[0] ?? 0;
    const max = sorted[sorted.length - 1] ?? 0;
    const middle = sorted.length >> 1;
    const median = sorted.length === 0 ? 0 : sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
    rows.forEach((row, index) => {
      const raw = row[column];
      const value = raw !== null && raw !== undefined && Number.isFinite(raw) ? raw : median;
      output[index]![column] = max > min ? (value - min) / (max - min) : 0.5;
    });
  }
  return output;
}
