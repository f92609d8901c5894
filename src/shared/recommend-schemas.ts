import { z } from 'zod';

/**
 * Request and response shapes of the recommendation part of the contract (src/shared/contract.ts).
 * Shared by every runtime: no Node, Electron or React imports.
 */

const id = z.number().int().positive();
export const itemKindSchema = z.enum(['song', 'movie']);
export type ItemKind = z.infer<typeof itemKindSchema>;

/**
 * The vibe space's blocks, in vector order: the one home of these names (the core's vibe space
 * lays its vectors out in this order). 'era' is the learned fit between a song's release era and
 * a film's year; 'variety' holds back, across kinds, items that would top a large share of all
 * lists; 'content' is the learned fit of a song's explicit lyrics and aggressive music to a film
 * (family and children's films above all); 'topic' joins a film about a music (jazz, disco, Christmas…) with songs of that
 * music; 'clash' holds back a song and a film whose moods are opposite, and a film's dread against a
 * song that can't carry it; the others compare like with like.
 */
export const BLOCK_NAMES = ['mood', 'genre', 'language', 'era', 'popularity', 'visual', 'variety', 'content', 'topic', 'clash'] as const;
export type BlockName = (typeof BLOCK_NAMES)[number];
/** What each block means, in plain words (the "Why?" panel and the weight sliders). */
export const BLOCK_LABELS: Readonly<Record<BlockName, string>> = {
  mood: 'Mood',
  genre: 'Genres & tags',
  language: 'Language',
  era: 'Era',
  popularity: 'Popularity',
  visual: 'Poster look',
  variety: 'Variety',
  content: 'Explicit or aggressive',
  topic: 'Music it is about',
  clash: 'Mood clash',
};
/** One plain sentence per block, for tooltips on the weight sliders and the "Why?" bars. */
export const BLOCK_HINTS: Readonly<Record<BlockName, string>> = {
  mood: 'How happy, energetic, danceable, acoustic and fast both feel.',
  genre: 'Genres, Last.fm tags and what the overview is about, through shared concepts.',
  language: 'The language sung or spoken, and where it comes from.',
  era: "How well the song's release era fits the film's year (for a song of unknown date: how much films of that decade use songs), learned from real soundtracks.",
  popularity: 'How well known both are; only breaks ties.',
  visual: 'How the posters look (colours, brightness, composition).',
  variety: 'Holds back, a little, items that would top almost every list, so each list speaks to its pick.',
  content:
    "Explicit songs are rare in soundtracks and kept out of family and children's films, as is aggressive music (metal, hardcore, gangsta rap), learned from real soundtracks.",
  topic: 'A film about a music (jazz, disco, hip-hop, Christmas…) and songs of that music, as its keywords and overview name it.',
  clash:
    'Holds back a song and a film whose moods are clearly opposite: a bright, happy song for a bleak film, a sombre one for a light comedy, a lullaby for a war film, a pounding track for a quiet drama, a cheerful pop song for a horror film.',
};
/** The mood axes, in vector order. */
export const MOOD_AXIS_NAMES = ['valence', 'energy', 'danceability', 'acousticness', 'pace'] as const;

/**
 * Two intents, named for the user. 'soundtrack' is the learned, era-aware ranker measured by the
 * evaluation ("could be on its soundtrack"); 'feel' puts mood, poster look and tags first and
 * ignores era ("feels the same").
 */
export const INTENTS = ['soundtrack', 'feel'] as const;
export type Intent = (typeof INTENTS)[number];
export const INTENT_LABELS: Readonly<Record<Intent, { readonly label: string; readonly short: string; readonly description: string }>> = {
  soundtrack: {
    label: 'Could be on its soundtrack',
    short: 'On its soundtrack',
    description: 'Learned from real film soundtracks: era, language, genres and tags decide, mood never contradicts.',
  },
  feel: { label: 'Feels the same', short: 'Feels the same', description: 'Mood, poster look and tags first; release era is ignored.' },
};

/**
 * The intents' names when every pick is of the kind recommended ("more like this film"): there is
 * no soundtrack to be on, and the learned ranker runs without its era (src/core/vibe/ranker.ts
 * intentWeights), so "Could be on its soundtrack" would promise what it does not do.
 */
const SAME_KIND_INTENT_LABELS: typeof INTENT_LABELS = {
  soundtrack: {
    label: 'Same genres and tags',
    short: 'Same genres',
    description: 'The learned ranker without era: genres, language, tags and the music a film is about decide.',
  },
  feel: INTENT_LABELS.feel,
};

/** Whether a query asks for more of the kind it picks (no taste profile, every pick of the target kind). */
export function isSameKindQuery(query: {
  readonly picks: readonly { readonly kind: ItemKind }[];
  readonly target: ItemKind;
  readonly taste?: unknown;
}): boolean {
  return query.taste === undefined && query.picks.length > 0 && query.picks.every((pick) => pick.kind === query.target);
}

/** The intents' names for a query: across kinds, or for more of the same kind. */
export const intentLabels = (sameKind: boolean): typeof INTENT_LABELS => (sameKind ? SAME_KIND_INTENT_LABELS : INTENT_LABELS);

const weight = z.number().min(0).max(1);
export const blockWeightsSchema = z.object({
  mood: weight,
  genre: weight,
  language: weight,
  era: weight,
  popularity: weight,
  visual: weight,
  // Added after the first release: clients that do not know it send none.
  variety: weight.default(0),
  content: weight.default(0),
  topic: weight.default(0),
  clash: weight.default(0),
});
export type BlockWeightValues = z.infer<typeof blockWeightsSchema>;

/**
 * A query's own weights: the blocks it names replace its intent's, the others keep the intent's.
 * Not blockWeightsSchema.partial(): zod keeps a field's default under partial(), so a query naming
 * only the mood zeroed the exposure guard (variety), the content fit, the topics and the clash.
 */
const blockWeightsOverrideSchema = z
  .object(Object.fromEntries(BLOCK_NAMES.map((block) => [block, weight.optional()])) as Record<BlockName, z.ZodOptional<typeof weight>>)
  .strict();

/**
 * The "feels the same" intent's weights: a product choice, not learned (mood, poster look and
 * tags first, era ignored). Also what the sliders show before a vibe space reports its own.
 */
export const FEEL_WEIGHTS: BlockWeightValues = {
  mood: 0.27,
  genre: 0.24,
  language: 0.07,
  era: 0,
  popularity: 0.02,
  visual: 0.18,
  // Holds back songs on many of the best-known films' feel lists (vibe/exposure.ts): at 0.08 one
  // song stayed on 10.7 % of the 300 best-known films' first pages, at 0.15 none is on more than 8.7 %.
  variety: 0.15,
  content: 0.04,
  topic: 0.1,
  // Mostly for dread (vibe/mood-clash.ts): the mood block's cosine keeps bright and bleak apart,
  // but not fear from excitement, and pop songs got horror films.
  clash: 0.06,
};

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
    /** Songs only: keep songs matched to a file in the user's local music folder ("only songs I have"). */
    onlyLocal: z.boolean(),
  })
  .partial()
  .strict();
export type RecommendFilterValues = z.infer<typeof recommendFiltersSchema>;

export const recommendQuerySchema = z
  .object({
    picks: z.array(pickSchema).max(50),
    /** A taste profile (taste.list) to start from, alone or with picks. */
    taste: id.optional(),
    target: itemKindSchema,
    k: z.number().int().min(1).max(200).default(24),
    mode: z.enum(['mean', 'blend']).default('mean'),
    weights: blockWeightsOverrideSchema.optional(),
    filters: recommendFiltersSchema.optional(),
    /** 0 = pure relevance … 1 = most diverse. */
    diversity: z.number().min(0).max(1).default(0),
    /** Which intent's weights to start from (default: the model's default intent); `weights` override it. */
    intent: z.enum(INTENTS).optional(),
  })
  .strict()
  .refine((query) => query.picks.length > 0 || query.taste !== undefined, { message: 'pick at least one song or movie', path: ['picks'] });
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
  /** Σ weight × block similarity; equals the sum of `blocks`. */
  score: z.number(),
  /**
   * The score as a percentage of a perfect match (every part identical, under these weights),
   * clamped to 0–100: what the match number shows.
   */
  match: z.number().min(0).max(100),
  blocks: z.object({
    mood: z.number(),
    genre: z.number(),
    language: z.number(),
    era: z.number(),
    popularity: z.number(),
    visual: z.number(),
    variety: z.number().default(0),
    content: z.number().default(0),
    topic: z.number().default(0),
    clash: z.number().default(0),
  }),
  axes: z.array(z.object({ axis: z.enum(MOOD_AXIS_NAMES), contribution: z.number(), side: z.enum(['high', 'low', 'mixed']) })),
  reasons: z.array(z.string()),
  viaPick: z.number().int().nullable(),
  mood: moodSchema,
  /** Other ids of the same recording (same title, main artist and duration), shown once. */
  otherVersions: z.array(id),
  song: songCardSchema.nullable(),
  movie: movieCardSchema.nullable(),
});
export type RecommendationData = z.infer<typeof recommendationSchema>;

/** Block weights sum to 1 and every block similarity is at most 1, so a perfect match scores 1: the match number is the score as a share of that. */
export const matchPercent = (score: number): number => Math.round(Math.max(0, Math.min(1, score)) * 1000) / 10;

/**
 * How a pick and a linked item are linked: 'soundtrack', a song from the picked film's soundtrack
 * (its album or title names the film); 'used-in', a film the picked song's album or title names;
 * 'by-artist', a song by the artist the picked film is about; 'about-artist', a film about the
 * picked song's artist.
 */
const SOUNDTRACK_LINK_RELATIONS = ['soundtrack', 'used-in', 'by-artist', 'about-artist'] as const;
export type SoundtrackLinkRelation = (typeof SOUNDTRACK_LINK_RELATIONS)[number];

/**
 * An explicit link between a pick and an item of the target kind, found in the catalog itself
 * (a song's album or title names the film, or the film is about the song's artist). Shown first,
 * in its own group; not part of the score.
 */
const soundtrackLinkSchema = z.object({
  kind: itemKindSchema,
  itemId: id,
  /** The pick (its index in `picks`) the link belongs to. */
  viaPick: z.number().int(),
  relation: z.enum(SOUNDTRACK_LINK_RELATIONS),
  /** The group's heading, e.g. "From the film's soundtrack", "Used in Spirited Away" or "By Queen, whom the film is about". */
  label: z.string(),
  /** What the link rests on, e.g. album "Spirited Away Soundtrack". */
  evidence: z.string(),
  song: songCardSchema.nullable(),
  movie: movieCardSchema.nullable(),
});
export type SoundtrackLinkData = z.infer<typeof soundtrackLinkSchema>;

export const recommendResponseSchema = z.object({
  modelId: id,
  /** The intent the results were ranked for. */
  intent: z.enum(INTENTS),
  /** Explicit soundtrack links of the picks, before the ranked results (empty when none are known). */
  links: z.array(soundtrackLinkSchema),
  results: z.array(recommendationSchema),
  weights: blockWeightsSchema,
  profileMood: moodSchema,
  picks: z.array(z.object({ kind: itemKindSchema, id, mood: moodSchema, song: songCardSchema.nullable(), movie: movieCardSchema.nullable() })),
  /** How many items the filters allowed (null: unfiltered, or not counted yet: a family film just after opening a large catalog). */
  allowed: z.number().nullable(),
  /**
   * A family film among the picks, for which explicit songs and aggressive music (metal, hardcore,
   * gangsta rap) were left out (null: none were). The user can ask for them with
   * filters.includeExplicit true.
   */
  familyFilm: z.string().nullable().default(null),
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
  /** The weights each intent starts from, and the intent chosen by the evaluation as default. */
  intentWeights: z.object({ soundtrack: blockWeightsSchema, feel: blockWeightsSchema }).nullable(),
  defaultIntent: z.enum(INTENTS).nullable(),
});

export const browseMoviesSchema = z
  .object({
    text: z.string().max(200).default(''),
    genres: z.array(z.string().min(1).max(100)).max(50).default([]),
    yearMin: z.number().int().optional(),
    yearMax: z.number().int().optional(),
    languages: z
      .array(z.string().regex(/^[a-z]{2}$/))
      .max(50)
      .default([]),
    withPosterOnly: z.boolean().default(false),
    /** 'shuffle' draws a random sample of the matching pool (seeded, so paging is stable). */
    order: z.enum(['popular', 'title', 'year', 'shuffle']).default('popular'),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(0),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(500).default(60),
  })
  .strict();

export const browseMoviesResultSchema = z.object({
  /** Movies that pass, counted up to a limit (browse.ts COUNT_UP_TO). */
  total: z.number(),
  /** More movies pass than `total`: it is the limit the count stopped at ("10,000+ movies"). */
  totalAtLeast: z.boolean(),
  items: z.array(z.object({ id, title: z.string(), releaseYear: z.number().nullable(), posterId: id.nullable(), genres: z.array(z.string()) })),
});

export const facetSchema = z.array(z.object({ value: z.string(), count: z.number() }));
