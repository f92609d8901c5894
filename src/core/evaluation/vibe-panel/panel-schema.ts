import { z } from 'zod';
import type { Direction, ItemKind } from '../types.js';
import { targetKindOf } from '../types.js';
import shippedPanel from './panel.json' with { type: 'json' };

/**
 * The vibe panel's format: hand-written queries, each with what a person demands of the top of
 * its result list, written as predicates over catalog facts (genres, keywords, language, year,
 * artist, audio features) rather than over ids or exact titles, so the panel survives catalog
 * changes. The panel is a sanity check for people: nothing may ever be fitted to it.
 */

const SONG_FEATURES = ['energy', 'valence', 'danceability', 'acousticness', 'instrumentalness', 'speechiness', 'tempo'] as const;
const MOVIE_FEATURES = ['runtime'] as const;
type SongFeature = (typeof SONG_FEATURES)[number];
type MovieFeature = (typeof MOVIE_FEATURES)[number];
export type Feature = SongFeature | MovieFeature;

/** A yes/no question about one result, answered from its catalog facts. Unknown facts answer no. */
export type Predicate =
  /** One of the result's genres (song or film) is in the list; case, spaces and hyphens are ignored. */
  | { readonly fact: 'genre'; readonly any: readonly string[] }
  /** Films: one of the film's keywords is in the list. */
  | { readonly fact: 'keyword'; readonly any: readonly string[] }
  /** Films: the original language (ISO 639-1, as TMDb writes it) is in the list. */
  | { readonly fact: 'language'; readonly any: readonly string[] }
  /** Songs: one of the credited artists is this person or band. */
  | { readonly fact: 'artist'; readonly is: string }
  /** The title (songs: or album; films: or original title) contains one of these words or phrases. */
  | { readonly fact: 'text'; readonly any: readonly string[] }
  /** The release year is known and within [from, to]. */
  | { readonly fact: 'year'; readonly from?: number | undefined; readonly to?: number | undefined }
  /** Songs: marked explicit. */
  | { readonly fact: 'explicit' }
  /** The feature is known and below / above the bounds (exclusive). */
  | { readonly fact: 'feature'; readonly feature: Feature; readonly below?: number | undefined; readonly above?: number | undefined }
  | { readonly fact: 'anyOf'; readonly of: readonly Predicate[] }
  | { readonly fact: 'allOf'; readonly of: readonly Predicate[] }
  | { readonly fact: 'not'; readonly of: Predicate };

type PanelDepth = 10 | 20;

export type PanelCheck =
  /** None of the top N satisfies the predicate. */
  | { readonly check: 'mustNotInclude'; readonly top?: PanelDepth | undefined; readonly where: Predicate }
  /** At least one of the top N satisfies it. */
  | { readonly check: 'mustInclude'; readonly top?: PanelDepth | undefined; readonly where: Predicate }
  /** At most this share (0…1) of the top N satisfies it. */
  | { readonly check: 'atMostShare'; readonly top?: PanelDepth | undefined; readonly share: number; readonly where: Predicate }
  /** At least this share (0…1) of the top N satisfies it. */
  | { readonly check: 'atLeastShare'; readonly top?: PanelDepth | undefined; readonly share: number; readonly where: Predicate }
  /** The mean of a feature over the top N results that have it is within the bounds (inclusive). */
  | {
      readonly check: 'mean';
      readonly top?: PanelDepth | undefined;
      readonly feature: Feature;
      readonly atLeast?: number | undefined;
      readonly atMost?: number | undefined;
    }
  /** Songs: no recording twice in the top N (same title key and a shared artist). */
  | { readonly check: 'distinctRecordings'; readonly top?: PanelDepth | undefined };

export type PanelItem =
  | { readonly kind: 'song'; readonly title: string; readonly artist: string; readonly album?: string | undefined }
  | { readonly kind: 'movie'; readonly title: string; readonly year: number };

export interface PanelQuery {
  readonly id: string;
  readonly direction: Direction;
  readonly item: PanelItem;
  /** What a person demands, in plain words ("a crime film must not get comedy albums"). */
  readonly intent: string;
  readonly checks: readonly PanelCheck[];
}

export interface VibePanel {
  readonly review: string;
  readonly queries: readonly PanelQuery[];
}

export class VibePanelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VibePanelError';
  }
}

// ---------------------------------------------------------------------------------------------
// Schema

const text = z.string().trim().min(1);
const terms = z.array(text).min(1);
const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const predicateSchema: z.ZodType<Predicate> = z.lazy(() =>
  z.discriminatedUnion('fact', [
    z.strictObject({ fact: z.literal('genre'), any: terms }),
    z.strictObject({ fact: z.literal('keyword'), any: terms }),
    z.strictObject({
      fact: z.literal('language'),
      any: z.array(z.string().regex(/^[a-z]{2}$/, 'an ISO 639-1 code (two lower-case letters, e.g. "ja")')).min(1),
    }),
    z.strictObject({ fact: z.literal('artist'), is: text }),
    z.strictObject({ fact: z.literal('text'), any: terms }),
    z
      .strictObject({ fact: z.literal('year'), from: z.number().int().optional(), to: z.number().int().optional() })
      .refine((year) => year.from !== undefined || year.to !== undefined, 'give "from", "to" or both'),
    z.strictObject({ fact: z.literal('explicit') }),
    z
      .strictObject({
        fact: z.literal('feature'),
        feature: z.enum([...SONG_FEATURES, ...MOVIE_FEATURES]),
        below: z.number().optional(),
        above: z.number().optional(),
      })
      .refine((feature) => feature.below !== undefined || feature.above !== undefined, 'give "below", "above" or both'),
    z.strictObject({ fact: z.literal('anyOf'), of: z.array(predicateSchema).min(1) }),
    z.strictObject({ fact: z.literal('allOf'), of: z.array(predicateSchema).min(1) }),
    z.strictObject({ fact: z.literal('not'), of: predicateSchema }),
  ]),
);

const depth = z.union([z.literal(10), z.literal(20)], { error: 'top must be 10 or 20' }).optional();
const share = z.number().min(0).max(1);

const checkSchema = z.discriminatedUnion('check', [
  z.strictObject({ check: z.literal('mustNotInclude'), top: depth, where: predicateSchema }),
  z.strictObject({ check: z.literal('mustInclude'), top: depth, where: predicateSchema }),
  z.strictObject({ check: z.literal('atMostShare'), top: depth, share, where: predicateSchema }),
  z.strictObject({ check: z.literal('atLeastShare'), top: depth, share, where: predicateSchema }),
  z
    .strictObject({
      check: z.literal('mean'),
      top: depth,
      feature: z.enum([...SONG_FEATURES, ...MOVIE_FEATURES]),
      atLeast: z.number().optional(),
      atMost: z.number().optional(),
    })
    .refine((mean) => mean.atLeast !== undefined || mean.atMost !== undefined, 'give "atLeast", "atMost" or both'),
  z.strictObject({ check: z.literal('distinctRecordings'), top: depth }),
]);

const itemSchema = z.strictObject({ title: text, artist: text.optional(), album: text.optional(), year: z.number().int().min(1870).max(2100).optional() });

const querySchema = z
  .strictObject({
    id: z.string().regex(ID, 'lower-case words joined by hyphens (e.g. "pulp-fiction")'),
    direction: z.enum(['song-to-movie', 'movie-to-song']),
    query: itemSchema,
    intent: text,
    checks: z.array(checkSchema).min(1),
  })
  .superRefine((query, ctx) => {
    const target = targetKindOf(query.direction);
    if (query.direction === 'song-to-movie') {
      if (query.query.artist === undefined)
        ctx.addIssue({ code: 'custom', path: ['query', 'artist'], message: 'a song is identified by its title and artist: add "artist"' });
      if (query.query.year !== undefined)
        ctx.addIssue({ code: 'custom', path: ['query', 'year'], message: 'songs are identified by title, artist and optionally album, not by year' });
    } else {
      if (query.query.year === undefined)
        ctx.addIssue({ code: 'custom', path: ['query', 'year'], message: 'a film is identified by its title and release year: add "year"' });
      for (const key of ['artist', 'album'] as const)
        if (query.query[key] !== undefined) ctx.addIssue({ code: 'custom', path: ['query', key], message: `films have no "${key}"` });
    }
    query.checks.forEach((check, index) => {
      const path = ['checks', index];
      if (check.check === 'mean') requireFeatureOf(target, check.feature, [...path, 'feature'], ctx);
      if (check.check === 'distinctRecordings' && target !== 'song')
        ctx.addIssue({ code: 'custom', path, message: 'distinctRecordings applies to song results only (movie-to-song queries)' });
      if ('where' in check) requirePredicateFits(target, check.where, [...path, 'where'], ctx);
    });
  });

const panelSchema = z.strictObject({
  _review: text,
  _format: text.optional(),
  queries: z.array(querySchema).min(1),
});

type Path = (string | number)[];

const SONG_ONLY = new Set<Predicate['fact']>(['artist', 'explicit']);
const MOVIE_ONLY = new Set<Predicate['fact']>(['keyword', 'language']);

function requireFeatureOf(target: ItemKind, feature: Feature, path: Path, ctx: z.RefinementCtx): void {
  const allowed: readonly string[] = target === 'song' ? SONG_FEATURES : MOVIE_FEATURES;
  if (!allowed.includes(feature))
    ctx.addIssue({ code: 'custom', path, message: `"${feature}" is not a ${target} feature; results here are ${target}s (${allowed.join(', ')})` });
}

/** A predicate must ask about facts the results actually have: no "language" of a song, no "artist" of a film. */
function requirePredicateFits(target: ItemKind, predicate: Predicate, path: Path, ctx: z.RefinementCtx): void {
  if (predicate.fact === 'anyOf' || predicate.fact === 'allOf')
    predicate.of.forEach((inner, index) => requirePredicateFits(target, inner, [...path, 'of', index], ctx));
  else if (predicate.fact === 'not') requirePredicateFits(target, predicate.of, [...path, 'of'], ctx);
  else if (predicate.fact === 'feature') requireFeatureOf(target, predicate.feature, [...path, 'feature'], ctx);
  else if (target === 'movie' && SONG_ONLY.has(predicate.fact))
    ctx.addIssue({ code: 'custom', path: [...path, 'fact'], message: `"${predicate.fact}" is a song fact; results here are films` });
  else if (target === 'song' && MOVIE_ONLY.has(predicate.fact))
    ctx.addIssue({ code: 'custom', path: [...path, 'fact'], message: `"${predicate.fact}" is a film fact; results here are songs` });
}

// ---------------------------------------------------------------------------------------------
// Loading

const PANEL_FILE_NAME = 'src/core/evaluation/vibe-panel/panel.json';

/**
 * Validates a panel (the shipped panel.json by default). A malformed panel throws a
 * VibePanelError naming the file, the query id and the path of each bad field, so the reviewer
 * knows exactly what to fix.
 */
export function loadVibePanel(raw: unknown = shippedPanel, file = PANEL_FILE_NAME): VibePanel {
  const result = panelSchema.safeParse(raw);
  if (!result.success) {
    const queries = Array.isArray((raw as { queries?: unknown } | null)?.queries) ? (raw as { queries: unknown[] }).queries : [];
    const where = (issuePath: readonly PropertyKey[]) => {
      const named = issuePath.map(String).join(' › ') || '(top level)';
      const index = issuePath[0] === 'queries' && typeof issuePath[1] === 'number' ? issuePath[1] : null;
      const id = index !== null ? (queries[index] as { id?: unknown } | undefined)?.id : undefined;
      return typeof id === 'string' ? `${named} (query "${id}")` : named;
    };
    const problems = result.error.issues.slice(0, 10).map((issue) => `${where(issue.path)}: ${issue.message}`);
    const more = result.error.issues.length > 10 ? ` (and ${result.error.issues.length - 10} more)` : '';
    throw new VibePanelError(`${file}: ${problems.join('; ')}${more}. Fix the panel and run again.`);
  }
  const seen = new Set<string>();
  for (const query of result.data.queries) {
    if (seen.has(query.id)) throw new VibePanelError(`${file}: query id "${query.id}" is used twice; give each query its own id.`);
    seen.add(query.id);
  }
  return {
    review: result.data._review,
    queries: result.data.queries.map((query) => ({
      id: query.id,
      direction: query.direction,
      intent: query.intent,
      checks: query.checks,
      item:
        query.direction === 'song-to-movie'
          ? { kind: 'song', title: query.query.title, artist: query.query.artist!, ...(query.query.album !== undefined ? { album: query.query.album } : {}) }
          : { kind: 'movie', title: query.query.title, year: query.query.year! },
    })),
  };
}
