import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { CatalogDatabase } from '../../db/open-database.js';
import { GROUND_TRUTH_SOURCES, type GroundTruthPair, type GroundTruthSource } from './types.js';

/**
 * Measuring the precision of a ground-truth source by hand: a deterministic sample of its pairs,
 * a reviewed file holding a person's verdict on each (reviewed-sample.json), and the precision
 * computed from it. Pairs are identified by titles, not catalog ids, because ids depend on the
 * order files were imported in; each pair's place in the draw is a hash of the seed and that
 * identity, so the same catalog content always gives the same sample, and a matcher change that
 * drops or adds a few pairs changes only those places: the rest of the review still holds.
 */

export interface DescribedPair {
  /** "Movie Title (year)" + " | " + "Song Title — Artist, Artist": stable across catalogs. */
  readonly key: string;
  readonly movie: string;
  readonly song: string;
  readonly evidence: string;
}

export type Verdict = 'correct' | 'same-composition' | 'wrong';

export interface ReviewedPair extends DescribedPair {
  /**
   * correct: this recording is the song the film used (or a release of it); same-composition:
   * the same song, but another recording than the film's (a cover, remix or live take, or the
   * songwriter's own version of a song another artist performed in the film); wrong: another song.
   */
  readonly verdict: Verdict;
  readonly note?: string;
}

export interface ReviewedSample {
  readonly source: GroundTruthSource;
  readonly seed: number;
  readonly size: number;
  /** What the sample was drawn from (dataset files and catalog), for whoever re-reviews it. */
  readonly drawnFrom: string;
  readonly reviewer: string;
  readonly pairs: readonly ReviewedPair[];
}

const reviewedFileSchema = z.object({
  about: z.string(),
  samples: z.array(
    z.object({
      source: z.enum(GROUND_TRUTH_SOURCES),
      seed: z.number().int(),
      size: z.number().int().positive(),
      drawnFrom: z.string(),
      reviewer: z.string(),
      pairs: z.array(
        z.object({
          key: z.string(),
          movie: z.string(),
          song: z.string(),
          evidence: z.string(),
          verdict: z.enum(['correct', 'same-composition', 'wrong']),
          note: z.string().optional(),
        }),
      ),
    }),
  ),
});

export interface ReviewedSampleFile {
  readonly about: string;
  readonly samples: readonly ReviewedSample[];
}

/** reviewed-sample.json beside this module (resolved from the source tree, for tests and scripts). */
export const REVIEWED_SAMPLE_FILE = fileURLToPath(new URL('./reviewed-sample.json', import.meta.url));

/** Reads and checks a reviewed-sample file; a malformed file throws with the path of the bad field. */
export function readReviewedSamples(file = REVIEWED_SAMPLE_FILE): ReviewedSampleFile {
  const parsed = reviewedFileSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  return parsed.data;
}

export function describePairs(db: CatalogDatabase, pairs: readonly GroundTruthPair[]): DescribedPair[] {
  const movie = db.prepare(`SELECT title, release_year AS year FROM movies WHERE id = ?`);
  const song = db.prepare(`SELECT title, artists FROM songs WHERE id = ?`);
  return pairs.map((pair) => {
    const m = movie.get(pair.movieId) as { title: string; year: number | null } | undefined;
    const s = song.get(pair.songId) as { title: string; artists: string } | undefined;
    const movieText = m ? `${m.title} (${m.year ?? '?'})` : `movie ${pair.movieId}`;
    const songText = s ? `${s.title} — ${s.artists}` : `song ${pair.songId}`;
    return { key: `${movieText} | ${songText}`, movie: movieText, song: songText, evidence: pair.evidence };
  });
}

const drawPlace = (seed: number, key: string): string => createHash('sha256').update(`${seed}\u0000${key}`).digest('hex');

/** The `size` pairs of one source whose seeded hash of the key is lowest (duplicates by key dropped). */
export function samplePairs(described: readonly DescribedPair[], size: number, seed: number): DescribedPair[] {
  const unique = new Map<string, DescribedPair>();
  for (const pair of described) if (!unique.has(pair.key)) unique.set(pair.key, pair);
  const placed = [...unique.values()].map((pair) => ({ pair, place: drawPlace(seed, pair.key) }));
  placed.sort((a, b) => (a.place < b.place ? -1 : a.place > b.place ? 1 : 0));
  return placed.slice(0, size).map(({ pair }) => pair);
}

export interface Precision {
  readonly reviewed: number;
  readonly correct: number;
  readonly sameComposition: number;
  readonly wrong: number;
  /** correct / reviewed: the pair names the very recording. */
  readonly strict: number;
  /** (correct + same-composition) / reviewed: the pair names the right song. */
  readonly lenient: number;
  /** 95% Wilson score interval of the strict precision (the sample is small). */
  readonly strictInterval: readonly [number, number];
}

export function precisionOf(sample: Pick<ReviewedSample, 'pairs'>): Precision {
  const count = (verdict: Verdict) => sample.pairs.filter((pair) => pair.verdict === verdict).length;
  const reviewed = sample.pairs.length;
  const correct = count('correct');
  const sameComposition = count('same-composition');
  return {
    reviewed,
    correct,
    sameComposition,
    wrong: count('wrong'),
    strict: reviewed === 0 ? Number.NaN : correct / reviewed,
    lenient: reviewed === 0 ? Number.NaN : (correct + sameComposition) / reviewed,
    strictInterval: wilsonInterval(correct, reviewed),
  };
}

/** Wilson score interval for a proportion (z = 1.96): sensible even at 30 of 30. */
export function wilsonInterval(successes: number, total: number, z = 1.96): [number, number] {
  if (total === 0) return [0, 1];
  const p = successes / total;
  const denominator = 1 + (z * z) / total;
  const centre = (p + (z * z) / (2 * total)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / total + (z * z) / (4 * total * total))) / denominator;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}
