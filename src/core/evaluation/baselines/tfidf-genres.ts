import type { CatalogDatabase } from '../../db/open-database.js';
import { candidatesOf, type Candidates, type EvaluationContext, type ItemKind, type Query, type Recommender } from '../types.js';
import { requireContext } from './random.js';

/**
 * The movies-to-music prototype's method: one TF-IDF vocabulary over the words of movie genres
 * and music genres (and music tags, which the catalog does not hold for songs today), the mean
 * of the picks' vectors as the query, cosine similarity to every candidate.
 *
 * It reproduces scikit-learn's TfidfVectorizer defaults, which the prototype used: lower-case
 * tokens of two or more word characters (so "hip-hop" is "hip" + "hop", and "r&b" or the "k" of
 * "k-pop" vanish), raw term counts, smoothed idf = ln((1 + n) / (1 + df)) + 1 over every song and
 * movie document together, and L2-normalised rows. An item without genre words has a zero vector
 * and, like sklearn's cosine_similarity, scores 0 against everything.
 *
 * Cross-kind scores are only non-zero where a movie genre word is also a music genre word (in
 * the shared datasets: "comedy", "romance", "children", "music" via "world-music", "fiction"
 * never): that sparsity is the prototype's weakness and what this baseline is there to measure.
 */

interface SparseVector {
  readonly terms: Int32Array;
  readonly weights: Float64Array;
}

const EMPTY: SparseVector = { terms: new Int32Array(0), weights: new Float64Array(0) };

export function tokenize(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}_]{2,}/gu) ?? [];
}

export class TfidfGenresRecommender implements Recommender {
  readonly name = 'tfidf-genres';
  readonly description = 'Prototype: one TF-IDF space over movie and music genre words; mean of the picks; cosine.';
  private context: EvaluationContext | null = null;
  private vocabularySize = 0;
  private readonly vectors = new Map<ItemKind, SparseVector[]>();

  prepare(context: EvaluationContext): void {
    this.context = context;
    const songDocs = documents(context.db, 'song', context.songs);
    const movieDocs = documents(context.db, 'movie', context.movies);
    const vocabulary = new Map<string, number>();
    const documentFrequency: number[] = [];
    for (const doc of [...songDocs, ...movieDocs]) {
      for (const term of new Set(doc)) {
        let id = vocabulary.get(term);
        if (id === undefined) {
          id = vocabulary.size;
          vocabulary.set(term, id);
          documentFrequency.push(0);
        }
        documentFrequency[id]!++;
      }
    }
    const n = songDocs.length + movieDocs.length;
    const idf = documentFrequency.map((df) => Math.log((1 + n) / (1 + df)) + 1);
    this.vocabularySize = vocabulary.size;
    this.vectors.set(
      'song',
      songDocs.map((doc) => vectorize(doc, vocabulary, idf)),
    );
    this.vectors.set(
      'movie',
      movieDocs.map((doc) => vectorize(doc, vocabulary, idf)),
    );
  }

  scores(query: Query, targetKind: ItemKind): Float64Array {
    const context = requireContext(this.context, this.name);
    const sources = candidatesOf(context, query.kind);
    const queryVectors = this.vectors.get(query.kind)!;
    const centre = new Float64Array(this.vocabularySize);
    let picks = 0;
    for (const id of query.ids) {
      const index = sources.indexOf(id);
      if (index < 0) continue;
      picks++;
      const vector = queryVectors[index]!;
      for (let entry = 0; entry < vector.terms.length; entry++) centre[vector.terms[entry]!]! += vector.weights[entry]!;
    }
    // The mean and the sum point the same way; only the norm is needed for the cosine.
    let norm = 0;
    for (const value of centre) norm += value * value;
    norm = Math.sqrt(norm);
    const targets = this.vectors.get(targetKind)!;
    const scores = new Float64Array(targets.length);
    if (picks === 0 || norm === 0) return scores;
    for (let index = 0; index < targets.length; index++) {
      const vector = targets[index]!;
      let dot = 0;
      for (let entry = 0; entry < vector.terms.length; entry++) dot += centre[vector.terms[entry]!]! * vector.weights[entry]!;
      // Candidate rows are unit length (or zero, giving 0).
      scores[index] = dot / norm;
    }
    return scores;
  }
}

/** Genre words of every candidate, aligned with the candidate ids. */
function documents(db: CatalogDatabase, kind: ItemKind, candidates: Candidates): string[][] {
  const link = kind === 'song' ? 'song_genres' : 'movie_genres';
  const owner = kind === 'song' ? 'song_id' : 'movie_id';
  const rows = db.prepare(`SELECT l.${owner}, g.name FROM ${link} l JOIN genres g ON g.id = l.genre_id`).raw().all() as [number, string][];
  const docs: string[][] = Array.from({ length: candidates.ids.length }, () => []);
  for (const [id, name] of rows) {
    const index = candidates.indexOf(id);
    if (index >= 0) docs[index]!.push(...tokenize(name));
  }
  return docs;
}

function vectorize(doc: readonly string[], vocabulary: ReadonlyMap<string, number>, idf: readonly number[]): SparseVector {
  if (doc.length === 0) return EMPTY;
  const counts = new Map<number, number>();
  for (const term of doc) {
    const id = vocabulary.get(term)!;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const terms = Int32Array.from(counts.keys()).sort();
  const weights = Float64Array.from(terms, (term) => counts.get(term)! * idf[term]!);
  const norm = Math.sqrt(weights.reduce((sum, weight) => sum + weight * weight, 0));
  for (let index = 0; index < weights.length; index++) weights[index]! /= norm;
  return { terms, weights };
}
