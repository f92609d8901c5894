import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { BLOCK_NAMES, FEEL_WEIGHTS, INTENTS, type Intent } from '../../shared/recommend-schemas.js';
import { ERA_DECADES, ERA_GAP_BIN_COUNT } from '../features/era.js';
import { resourcesDir } from '../features/bridges.js';
import { normaliseWeights, type BlockWeights } from './weights.js';

/**
 * The learned ranker's parameters: a reviewed resource (resources/vibe/ranker.json) written by
 * `crossfade eval --write-defaults` next to the report that produced them.
 *
 * Scoring stays a dot product: per-direction block weights re-weight the query, and the era table
 * (src/core/features/era.ts) is baked into every film's era block.
 */

export type Direction = 'song-to-movie' | 'movie-to-song';

const weight = z.number().min(0).max(1);
const blockWeights = z.strictObject(Object.fromEntries(BLOCK_NAMES.map((block) => [block, weight])) as Record<(typeof BLOCK_NAMES)[number], typeof weight>);

const rankerParametersSchema = z.strictObject({
  _review: z.string().optional(),
  /** The report that produced these numbers (relative to the repository root) and when. */
  source: z.strictObject({ report: z.string(), date: z.string() }),
  /** The era table's additive parts (gap bins, song decades, film decades for dated and undated songs), scaled so the table's largest magnitude is 1. */
  eraFit: z.strictObject({
    gap: z.array(z.number().min(-3).max(3)).length(ERA_GAP_BIN_COUNT),
    songDecade: z.array(z.number().min(-3).max(3)).length(ERA_DECADES.length),
    filmDecade: z.array(z.number().min(-3).max(3)).length(ERA_DECADES.length),
    undatedFilmDecade: z.array(z.number().min(-3).max(3)).length(ERA_DECADES.length),
  }),
  /**
   * The learned fit of a song's content to a film: explicit lyrics for every film, and added for
   * family and children's films; aggressive music (src/core/vibe/encode.ts songContent)
   * for family and children's films. Scaled so the largest magnitude of the film's values is 1.
   */
  contentFit: z.strictObject({
    explicit: z.number().min(-1).max(1),
    explicitInFamilyFilm: z.number().min(-2).max(2),
    aggressiveInFamilyFilm: z.number().min(-1).max(1),
  }),
  /** The learned weights of the soundtrack intent, per direction (sum to 1). */
  soundtrack: z.strictObject({ 'song-to-movie': blockWeights, 'movie-to-song': blockWeights }),
  /** The intent Discover and the CLI start with. */
  defaultIntent: z.enum(INTENTS),
});
export type RankerParameters = Omit<z.infer<typeof rankerParametersSchema>, '_review'>;

const RANKER_FILE = 'ranker.json';

class RankerParametersError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RankerParametersError';
  }
}

const cache = new Map<string, { readonly mtimeMs: number; readonly parameters: RankerParameters }>();

/** The shipped parameters (cached until the file changes: vibe.status asks on every refresh). */
export function loadRankerParameters(dir: string = resourcesDir()): RankerParameters {
  const file = path.join(dir, RANKER_FILE);
  const mtimeMs = fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? -1;
  const cached = cache.get(file);
  if (cached && cached.mtimeMs === mtimeMs) return cached.parameters;
  const parameters = readRankerParameters(file);
  cache.set(file, { mtimeMs, parameters });
  return parameters;
}

function readRankerParameters(file: string): RankerParameters {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new RankerParametersError(
      `Could not read the ranker's parameters from ${file} (${(error as Error).message}); run \`npm run eval -- --write-defaults\` to write them.`,
    );
  }
  const parsed = rankerParametersSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'file'}: ${issue.message}`).join('; ');
    throw new RankerParametersError(`${file} is not valid ranker parameters: ${problems}.`);
  }
  const { _review: _ignored, ...parameters } = parsed.data;
  return parameters;
}

/** A film's side of the content block: how a song's explicit lyrics, then its aggressive music, fit the film. */
export function filmContentFit(fit: RankerParameters['contentFit'], family: boolean): readonly [explicit: number, aggressive: number] {
  return [fit.explicit + (family ? fit.explicitInFamilyFilm : 0), family ? fit.aggressiveInFamilyFilm : 0];
}

/** The weights a query starts from: the intent's, per direction for the learned one. */
export function intentWeights(parameters: RankerParameters, intent: Intent, direction: Direction | null): BlockWeights {
  if (intent === 'feel') return normaliseWeights(FEEL_WEIGHTS);
  const learned = parameters.soundtrack[direction ?? 'song-to-movie'];
  if (direction !== null) return normaliseWeights(learned);
  // Same-kind queries ("more like this film") have no cross-kind era: the mean of both directions
  // without it, and without variety, whose same-kind shares are measured for "feels the same"
  // (vibe/exposure.ts WITHIN_KIND_INTENT); the user's variety slider still applies.
  const other = parameters.soundtrack['movie-to-song'];
  return normaliseWeights(
    Object.fromEntries(BLOCK_NAMES.map((block) => [block, block === 'era' || block === 'variety' ? 0 : (learned[block] + other[block]) / 2])) as BlockWeights,
  );
}

export function directionOf(pickKinds: readonly ('song' | 'movie')[], target: 'song' | 'movie'): Direction | null {
  const source = target === 'movie' ? 'song' : 'movie';
  return pickKinds.some((kind) => kind === source) ? (target === 'movie' ? 'song-to-movie' : 'movie-to-song') : null;
}
