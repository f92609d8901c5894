import { z } from 'zod';

/**
 * Request and response shapes of the recommendation part of the contract (src/shared/contract.ts).
 * Shared by every runtime: no Node, Electron or React imports.
 */

const id = z.number().int().positive();
export const itemKindSchema = z.enum(['song', 'movie']);
export type ItemKind = z.infer<typeof itemKindSchema>;

/** The vibe space's blocks, in the order of src/core/vibe/weights.ts BLOCKS (a test checks they agree). */
export const BLOCK_NAMES = ['mood', 'genre', 'language', 'popularity', 'visual'] as const;
export type BlockName = (typeof BLOCK_NAMES)[number];
/** The mood axes, in the order of src/core/features/types.ts MOOD_AXES. */
export const MOOD_AXIS_NAMES = ['valence', 'energy', 'danceability', 'acousticness', 'pace'] as const;

const weight = z.number().min(0).max(1);
export const blockWeightsSchema = z.object({ mood: weight, genre: weight, language: weight, popularity: weight, visual: weight });
export type BlockWeightValues = z.infer<typeof blockWeightsSchema>;

export const pickSchema = z.object({ kind: itemKindSchema, id }).strict();
export type PickRef = z.infer<typeof pickSchema>;

export const recommendFiltersSchema = z
  .object({
    genres: z.array(z.string().min(1).max(100)).max(50),
    yearMin: z.number().int().min(1800).max(2200),
    yearMax: z.number().int().min(1800).max(2200),
    languages: z.array(z.string().regex(/^[a-z]{2}$/, 'an ISO 639-1 code such as "ja"')).max(50),
    includeExplicit: z.boolean(),
    includeAdult: z.boolean(),
    minVotes: z.number().int().min(0),
  })
  .partial()
  .strict();
export type RecommendFilterValues = z.infer<typeof recommendFiltersSchema>;

export const recommendQuerySchema = z
  .object({
    picks: z.array(pickSchema).min(1, 'pick at least one song or movie').max(50),
    target: itemKindSchema,
    k: z.number().int().min(1).max(200).default(24),
    mode: z.enum(['mean', 'blend']).default('mean'),
    weights: blockWeightsSchema.partial().strict().optional(),
    filters: recommendFiltersSchema.optional(),
    /** 0 = pure relevance … 1 = most diverse. */
    diversity: z.number().min(0).max(1).default(0),
  })
  .strict();
export type RecommendQuery = z.input<typeof recommendQuerySchema>;

export const songCardSchema = z.object({
  id,
  title: z.string(),
  artists: z.string(),
  album: z.string().nullable(),
  releaseYear: z.number().nullable(),
  durationMs: z.number().nullable(),
  spotifyId: z.string().nullable(),
  genres: z.array(z.string()),
  /** The track page when the id is known, otherwise a Spotify search. */
  spotifyUrl: z.string(),
});
export type SongCardData = z.infer<typeof songCardSchema>;

export const movieCardSchema = z.object({
  id,
  title: z.string(),
  releaseYear: z.number().nullable(),
  tmdbId: z.number().nullable(),
  imdbId: z.string().nullable(),
  originalLanguage: z.string().nullable(),
  overview: z.string().nullable(),
  runtimeMinutes: z.number().nullable(),
  posterId: id.nullable(),
  genres: z.array(z.string()),
  tmdbUrl: z.string().nullable(),
  imdbUrl: z.string().nullable(),
});
export type MovieCardData = z.infer<typeof movieCardSchema>;

const moodSchema = z.array(z.number()).length(MOOD_AXIS_NAMES.length).nullable();

export const recommendationSchema = z.object({
  kind: itemKindSchema,
  itemId: id,
  /** Σ weight × block cosine; equals the sum of `blocks`. */
  score: z.number(),
  blocks: z.object({ mood: z.number(), genre: z.number(), language: z.number(), popularity: z.number(), visual: z.number() }),
  axes: z.array(z.object({ axis: z.enum(MOOD_AXIS_NAMES), contribution: z.number(), side: z.enum(['high', 'low', 'mixed']) })),
  reasons: z.array(z.string()),
  viaPick: z.number().int().nullable(),
  mood: moodSchema,
  song: songCardSchema.nullable(),
  movie: movieCardSchema.nullable(),
});
export type RecommendationData = z.infer<typeof recommendationSchema>;

export const recommendResponseSchema = z.object({
  modelId: id,
  results: z.array(recommendationSchema),
  weights: blockWeightsSchema,
  profileMood: moodSchema,
  picks: z.array(z.object({ kind: itemKindSchema, id, mood: moodSchema, song: songCardSchema.nullable(), movie: movieCardSchema.nullable() })),
  /** How many items the filters allowed (null: unfiltered). */
  allowed: z.number().nullable(),
  elapsedMs: z.number(),
});
export type RecommendResponseData = z.infer<typeof recommendResponseSchema>;

export const vibeStatusSchema = z.object({
  built: z.boolean(),
  modelId: id.nullable(),
  songs: z.number(),
  movies: z.number(),
  builtAt: z.string().nullable(),
  visual: z.boolean(),
  stale: z.boolean(),
  staleReasons: z.array(z.string()),
  /** The model's default block weights (what the sliders start from). */
  defaultWeights: blockWeightsSchema.nullable(),
});

export const browseMoviesSchema = z
  .object({
    text: z.string().max(200).default(''),
    genres: z.array(z.string().min(1).max(100)).max(50).default([]),
    yearMin: z.number().int().optional(),
    yearMax: z.number().int().optional(),
    languages: z.array(z.string().regex(/^[a-z]{2}$/)).max(50).default([]),
    withPosterOnly: z.boolean().default(false),
    /** 'shuffle' draws a random sample of the matching pool (seeded, so paging is stable). */
    order: z.enum(['popular', 'title', 'year', 'shuffle']).default('popular'),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(0),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(500).default(60),
  })
  .strict();

export const browseMoviesResultSchema = z.object({
  total: z.number(),
  items: z.array(z.object({ id, title: z.string(), releaseYear: z.number().nullable(), posterId: id.nullable(), genres: z.array(z.string()) })),
});

export const facetSchema = z.array(z.object({ value: z.string(), count: z.number() }));
