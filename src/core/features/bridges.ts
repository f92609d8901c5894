import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { normaliseTerm } from '../catalog/vocabulary.js';
import { MOOD_AXES, type MoodAxes } from './types.js';

/**
 * The genre bridge: the reviewed tables in resources/vibe that map music genres and tags, movie
 * genres and keywords, and languages onto one shared vocabulary of vibe concepts and regions.
 * The tables are the product's own editorial knowledge; this module finds, validates and
 * indexes them. Every concept or region id a table uses must be declared, or loading fails with
 * the file and key at fault.
 */

/** Overrides where the tables are read from: a `resources` folder holding vibe/, or the vibe folder itself. */
export const RESOURCES_ENV_VAR = 'CROSSFADE_RESOURCES_DIR';

export const TABLE_FILES = {
  concepts: 'concepts.json',
  musicGenres: 'music-genres.json',
  movieGenres: 'movie-genres.json',
  movieKeywords: 'movie-keywords.json',
  regions: 'regions.json',
} as const;
export type TableName = keyof typeof TABLE_FILES;

export class BridgeTableError extends Error {
  constructor(
    message: string,
    readonly file: string | null = null,
  ) {
    super(message);
    this.name = 'BridgeTableError';
  }
}

/** Concept (or region) weights, each > 0 … 1; an empty map means "reviewed, carries no vibe". */
export type Weights = ReadonlyMap<string, number>;
export type MoodPrior = Partial<Record<keyof MoodAxes, number>>;

export interface ConceptDefinition {
  readonly id: string;
  readonly kind: 'mood' | 'style';
  readonly label: string;
  /** Short phrase for explanations ("bittersweet", "anime and Japanese animation"). */
  readonly phrase: string;
  readonly mood: MoodPrior | null;
}

/** Two kindred concepts (a before b in the vocabulary) and how close they are, 0..1. */
export interface ConceptKin {
  readonly a: string;
  readonly b: string;
  readonly weight: number;
}

export interface RegionDefinition {
  readonly id: string;
  readonly label: string;
  readonly phrase: string;
}

/** What a Last.fm tag that names a dataset genre means of an artist (music-genres.json artistTags). */
interface ArtistTagMeaning {
  readonly concepts: Weights;
  /** Only these: the genre's regions do not come with it ("romance" is no Russian romance). */
  readonly regions: Weights;
}

export interface MovieGenreEntry {
  readonly concepts: Weights;
  readonly mood: MoodPrior | null;
  /**
   * Concepts a film of this genre does not take from its keywords: in a horror film a priest, a nun
   * or a church is the source of dread, not devotion, so it is not "spiritual" as a gospel song is.
   */
  readonly notFromKeywords: ReadonlySet<string>;
}

/** Per axis, the weighted mean of the concept priors and the total weight behind it. */
export type AxisPriors = Partial<Record<keyof MoodAxes, { readonly value: number; readonly weight: number }>>;

// ---------------------------------------------------------------------------------------------
// Finding the tables

/**
 * The folder holding the vibe tables: $CROSSFADE_RESOURCES_DIR (its vibe/ subfolder, or the
 * folder itself), else the first `resources/vibe` found walking up from this module (the checkout
 * from src/core/features, from out/main after electron-vite bundles it, or app.asar in a packaged
 * app), else Electron's resources folder. Throws a BridgeTableError listing where it looked.
 */
export function resourcesDir(env: NodeJS.ProcessEnv = process.env, start: string = moduleDir()): string {
  const override = env[RESOURCES_ENV_VAR]?.trim();
  if (override) {
    const base = path.resolve(override);
    const candidates = [path.join(base, 'vibe'), base];
    const found = candidates.find(hasTables);
    if (found) return found;
    throw new BridgeTableError(`${RESOURCES_ENV_VAR}=${override}: no ${TABLE_FILES.concepts} in ${candidates.join(' or ')}.`);
  }
  const looked: string[] = [];
  for (let dir = path.resolve(start); ;) {
    const candidate = path.join(dir, 'resources', 'vibe');
    looked.push(candidate);
    if (hasTables(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const electronResources = (process as { resourcesPath?: unknown }).resourcesPath;
  if (typeof electronResources === 'string' && electronResources) {
    for (const candidate of [path.join(electronResources, 'vibe'), path.join(electronResources, 'resources', 'vibe')]) {
      looked.push(candidate);
      if (hasTables(candidate)) return candidate;
    }
  }
  throw new BridgeTableError(
    `Cannot find the vibe tables (resources/vibe/${TABLE_FILES.concepts}). Looked in: ${looked.join(', ')}. Set ${RESOURCES_ENV_VAR} to the resources folder.`,
  );
}

function moduleDir(): string {
  try {
    return path.dirname(fileURLToPath(import.meta.url));
  } catch {
    return process.cwd();
  }
}

function hasTables(dir: string): boolean {
  try {
    return fs.statSync(path.join(dir, TABLE_FILES.concepts)).isFile();
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Schemas

const ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const unit = z.number().min(0).max(1);
const moodPrior = z.strictObject(Object.fromEntries(MOOD_AXES.map((axis) => [axis, unit.optional()])) as Record<keyof MoodAxes, z.ZodOptional<typeof unit>>);
const comment = z.string().min(1);
const lowerCaseKey = (key: string) => key === normaliseTerm(key);

function weightsOf(known: ReadonlySet<string>, what: 'concept' | 'region') {
  return z.record(z.string(), unit).superRefine((weights, ctx) => {
    for (const id of Object.keys(weights))
      if (!known.has(id))
        ctx.addIssue({
          code: 'custom',
          path: [id],
          message: `unknown ${what} "${id}" (not declared in ${what === 'concept' ? TABLE_FILES.concepts : TABLE_FILES.regions})`,
        });
  });
}

function keyedBy<T extends z.ZodType>(value: T) {
  return z.record(z.string(), value).superRefine((record, ctx) => {
    for (const key of Object.keys(record))
      if (!lowerCaseKey(key))
        ctx.addIssue({ code: 'custom', path: [key], message: `key "${key}" must be lower-case with single spaces (write "${normaliseTerm(key)}")` });
  });
}

const conceptsSchema = z.strictObject({
  _review: comment,
  _format: comment.optional(),
  concepts: z
    .array(
      z.strictObject({
        id: z.string().regex(ID),
        kind: z.enum(['mood', 'style']),
        label: z.string().min(1),
        phrase: z.string().min(1),
        mood: moodPrior.optional(),
      }),
    )
    .min(1),
  // Checked against the declared ids once they are known (tableSchemas' kin).
  kin: z.record(z.string(), z.unknown()).optional(),
});

const regionsSchemaBase = z.strictObject({
  _review: comment,
  _format: comment.optional(),
  regions: z.array(z.strictObject({ id: z.string().regex(ID), label: z.string().min(1), phrase: z.string().min(1) })).min(1),
  languages: z.unknown(),
  musicGenres: z.unknown(),
  movieKeywords: z.unknown(),
});

function tableSchemas(concepts: ReadonlySet<string>, regions: ReadonlySet<string>) {
  const conceptWeights = weightsOf(concepts, 'concept');
  const regionWeights = weightsOf(regions, 'region');
  return {
    kin: z.record(z.string(), conceptWeights).superRefine((kin, ctx) => {
      for (const [id, kindred] of Object.entries(kin)) {
        if (!concepts.has(id)) ctx.addIssue({ code: 'custom', path: [id], message: `unknown concept "${id}" (not declared in concepts)` });
        if (Object.hasOwn(kindred, id)) ctx.addIssue({ code: 'custom', path: [id, id], message: 'a concept is not kin to itself' });
      }
    }),
    musicGenres: z.strictObject({
      _review: comment,
      _format: comment.optional(),
      genres: keyedBy(conceptWeights),
      tags: keyedBy(conceptWeights),
      ignore: z.array(z.string()),
      artistTags: keyedBy(z.strictObject({ concepts: conceptWeights, regions: regionWeights.optional() })).optional(),
    }),
    movieGenres: z.strictObject({
      _review: comment,
      _format: comment.optional(),
      genres: keyedBy(
        z.strictObject({
          concepts: conceptWeights,
          mood: moodPrior.optional(),
          notFromKeywords: z
            .array(z.string())
            .superRefine((ids, ctx) =>
              ids.forEach((id, index) => {
                if (!concepts.has(id)) ctx.addIssue({ code: 'custom', path: [index], message: `unknown concept "${id}" (not declared in concepts)` });
              }),
            )
            .optional(),
        }),
      ),
    }),
    movieKeywords: z.strictObject({
      _review: comment,
      _format: comment.optional(),
      terms: keyedBy(conceptWeights),
      patterns: z.array(
        z.strictObject({
          pattern: z.string().superRefine((source, ctx) => {
            try {
              new RegExp(source, 'u');
            } catch (error) {
              ctx.addIssue({ code: 'custom', message: `invalid regular expression: ${(error as Error).message}` });
            }
          }),
          concepts: conceptWeights,
          note: z.string().optional(),
        }),
      ),
      ignore: z.array(z.string()),
    }),
    regions: z.strictObject({
      _review: comment,
      _format: comment.optional(),
      regions: z.array(z.strictObject({ id: z.string(), label: z.string(), phrase: z.string() })),
      languages: z.record(z.string().regex(/^[a-z]{2}$/, 'an ISO 639-1 code (two lower-case letters)'), regionWeights),
      musicGenres: keyedBy(regionWeights),
      movieKeywords: keyedBy(regionWeights),
    }),
  };
}

type Infer<T extends z.ZodType> = z.infer<T>;

function parse<T extends z.ZodType>(schema: T, value: unknown, file: string): Infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.slice(0, 10).map((issue) => `${issue.path.map(String).join(' › ') || '(top level)'}: ${issue.message}`);
  const more = result.error.issues.length > 10 ? ` (and ${result.error.issues.length - 10} more)` : '';
  throw new BridgeTableError(`${file}: ${problems.join('; ')}${more}`, file);
}

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const value of values) (seen.has(value) ? repeated : seen).add(value);
  return [...repeated];
}

// ---------------------------------------------------------------------------------------------
// The bridge

/** Raw JSON of the five tables, by name (what the files hold). */
export type BridgeTables = Readonly<Record<TableName, unknown>>;

const EMPTY: Weights = new Map();

/** Lookups are exact first, then insensitive to hyphens/underscores/spaces ("hip hop" = "hip-hop"). */
const looseKey = (term: string) => term.replace(/[\s_-]+/g, ' ');

class TermIndex<T> {
  private readonly exact = new Map<string, T>();
  private readonly loose = new Map<string, T>();

  set(term: string, value: T): void {
    this.exact.set(term, value);
    const key = looseKey(term);
    if (!this.loose.has(key)) this.loose.set(key, value);
  }

  get(term: string): T | undefined {
    return this.exact.get(term) ?? this.loose.get(looseKey(term));
  }

  has(term: string): boolean {
    return this.get(term) !== undefined;
  }

  keys(): IterableIterator<string> {
    return this.exact.keys();
  }
}

/** The kin table as symmetric pairs: a pair written both ways keeps the larger weight. */
function kinPairs(kin: Readonly<Record<string, Readonly<Record<string, number>>>>, conceptIds: readonly string[]): ConceptKin[] {
  const place = new Map(conceptIds.map((id, index) => [id, index]));
  const pairs = new Map<string, ConceptKin>();
  for (const [from, kindred] of Object.entries(kin))
    for (const [to, weight] of Object.entries(kindred)) {
      if (!(weight > 0)) continue;
      const [a, b] = place.get(from)! < place.get(to)! ? [from, to] : [to, from];
      const key = `${a} ${b}`;
      const known = pairs.get(key);
      if (!known || known.weight < weight) pairs.set(key, { a, b, weight });
    }
  return [...pairs.values()].sort((x, y) => place.get(x.a)! - place.get(y.a)! || place.get(x.b)! - place.get(y.b)!);
}

const toWeights = (record: Readonly<Record<string, number>>): Weights => new Map(Object.entries(record).filter(([, weight]) => weight > 0));

export class Bridges {
  readonly concepts: readonly ConceptDefinition[];
  readonly conceptIds: readonly string[];
  readonly regions: readonly RegionDefinition[];
  readonly regionIds: readonly string[];
  /** Kindred concepts across songs and films (concepts.json kin), each pair once, in vocabulary order. */
  readonly conceptKin: readonly ConceptKin[];
  /** SHA-256 of every table as read: a model built from other tables says so (vibe/index-store.ts). */
  readonly digest: string;
  /** Phrases for explanations, shaped like src/core/vibe/explain.ts PhraseBook. */
  readonly phrases: { concept(id: string): string; conceptMood(id: string): MoodPrior | null; region(id: string): string };

  private readonly conceptById: ReadonlyMap<string, ConceptDefinition>;
  private readonly musicIndex = new TermIndex<Weights>();
  private readonly artistTagIndex = new TermIndex<ArtistTagMeaning>();
  private readonly movieGenreIndex = new TermIndex<MovieGenreEntry>();
  private readonly keywordTerms = new TermIndex<Weights>();
  private readonly keywordPatterns: readonly { readonly regex: RegExp; readonly concepts: Weights }[];
  /** Lookups by the name exactly as given (catalog names repeat a lot): raw name → result (null = unmapped). */
  private readonly rawCache = {
    music: new Map<string, Weights | null>(),
    movieGenre: new Map<string, MovieGenreEntry | null>(),
    keyword: new Map<string, Weights | null>(),
    musicRegions: new Map<string, Weights | null>(),
    keywordRegions: new Map<string, Weights | null>(),
  };
  private readonly languageIndex = new Map<string, Weights>();
  private readonly musicRegionIndex = new TermIndex<Weights>();
  private readonly keywordRegionIndex = new TermIndex<Weights>();

  constructor(tables: BridgeTables) {
    this.digest = createHash('sha256').update(JSON.stringify(tables)).digest('hex');
    const concepts = parse(conceptsSchema, tables.concepts, TABLE_FILES.concepts);
    const repeatedConcepts = duplicates(concepts.concepts.map((concept) => concept.id));
    if (repeatedConcepts.length > 0)
      throw new BridgeTableError(`${TABLE_FILES.concepts}: concepts: duplicate id(s) ${repeatedConcepts.join(', ')}`, TABLE_FILES.concepts);
    const regionsBase = parse(regionsSchemaBase, tables.regions, TABLE_FILES.regions);
    const repeatedRegions = duplicates(regionsBase.regions.map((region) => region.id));
    if (repeatedRegions.length > 0)
      throw new BridgeTableError(`${TABLE_FILES.regions}: regions: duplicate id(s) ${repeatedRegions.join(', ')}`, TABLE_FILES.regions);

    this.concepts = concepts.concepts.map((concept) => ({
      id: concept.id,
      kind: concept.kind,
      label: concept.label,
      phrase: concept.phrase,
      mood: concept.mood ?? null,
    }));
    this.conceptIds = this.concepts.map((concept) => concept.id);
    this.conceptById = new Map(this.concepts.map((concept) => [concept.id, concept]));
    this.regions = regionsBase.regions.map(({ id, label, phrase }) => ({ id, label, phrase }));
    this.regionIds = this.regions.map((region) => region.id);
    const regionById = new Map(this.regions.map((region) => [region.id, region]));
    this.phrases = {
      concept: (id) => this.conceptById.get(id)?.phrase ?? id,
      // A style ("rock", "anime and Japanese animation") names music, not a mood: only mood concepts claim one.
      conceptMood: (id) => {
        const concept = this.conceptById.get(id);
        return concept?.kind === 'mood' ? concept.mood : null;
      },
      region: (id) => regionById.get(id)?.phrase ?? id,
    };

    const schemas = tableSchemas(new Set(this.conceptIds), new Set(this.regionIds));
    const music = parse(schemas.musicGenres, tables.musicGenres, TABLE_FILES.musicGenres);
    const movieGenres = parse(schemas.movieGenres, tables.movieGenres, TABLE_FILES.movieGenres);
    const keywords = parse(schemas.movieKeywords, tables.movieKeywords, TABLE_FILES.movieKeywords);
    const regions = parse(schemas.regions, tables.regions, TABLE_FILES.regions);
    this.conceptKin = kinPairs(parse(z.object({ kin: schemas.kin }), { kin: concepts.kin ?? {} }, TABLE_FILES.concepts).kin, this.conceptIds);

    this.indexMusic(music);
    for (const [name, entry] of Object.entries(movieGenres.genres))
      this.movieGenreIndex.set(name, {
        concepts: toWeights(entry.concepts),
        mood: entry.mood && Object.keys(entry.mood).length > 0 ? entry.mood : null,
        notFromKeywords: new Set(entry.notFromKeywords ?? []),
      });
    this.keywordPatterns = this.indexKeywords(keywords);
    for (const [code, weights] of Object.entries(regions.languages)) this.languageIndex.set(code, toWeights(weights));
    for (const [term, weights] of Object.entries(regions.musicGenres)) {
      if (!this.musicIndex.has(term))
        throw new BridgeTableError(
          `${TABLE_FILES.regions}: musicGenres › ${term}: not a genre, tag or ignored tag of ${TABLE_FILES.musicGenres}`,
          TABLE_FILES.regions,
        );
      this.musicRegionIndex.set(term, toWeights(weights));
    }
    for (const [term, weights] of Object.entries(regions.movieKeywords)) this.keywordRegionIndex.set(term, toWeights(weights));
  }

  private indexMusic(music: Infer<ReturnType<typeof tableSchemas>['musicGenres']>): void {
    const clash = (section: string, term: string) =>
      new BridgeTableError(
        `${TABLE_FILES.musicGenres}: ${section} › ${term}: also listed in another section (genres, tags and ignore must not overlap)`,
        TABLE_FILES.musicGenres,
      );
    for (const [term, weights] of Object.entries(music.genres)) this.musicIndex.set(term, toWeights(weights));
    for (const [term, weights] of Object.entries(music.tags)) {
      if (Object.hasOwn(music.genres, term)) throw clash('tags', term);
      this.musicIndex.set(term, toWeights(weights));
    }
    for (const term of music.ignore) {
      if (!lowerCaseKey(term))
        throw new BridgeTableError(`${TABLE_FILES.musicGenres}: ignore › ${term}: must be lower-case with single spaces`, TABLE_FILES.musicGenres);
      if (Object.hasOwn(music.genres, term) || Object.hasOwn(music.tags, term)) throw clash('ignore', term);
      this.musicIndex.set(term, EMPTY);
    }
    for (const [term, meaning] of Object.entries(music.artistTags ?? {})) {
      if (!Object.hasOwn(music.genres, term))
        throw new BridgeTableError(
          `${TABLE_FILES.musicGenres}: artistTags › ${term}: not a genre (a Last.fm tag that is no genre belongs in tags)`,
          TABLE_FILES.musicGenres,
        );
      this.artistTagIndex.set(term, { concepts: toWeights(meaning.concepts), regions: toWeights(meaning.regions ?? {}) });
    }
  }

  private indexKeywords(keywords: Infer<ReturnType<typeof tableSchemas>['movieKeywords']>) {
    for (const [term, weights] of Object.entries(keywords.terms)) this.keywordTerms.set(term, toWeights(weights));
    for (const term of keywords.ignore) {
      if (!lowerCaseKey(term))
        throw new BridgeTableError(`${TABLE_FILES.movieKeywords}: ignore › ${term}: must be lower-case with single spaces`, TABLE_FILES.movieKeywords);
      if (Object.hasOwn(keywords.terms, term))
        throw new BridgeTableError(`${TABLE_FILES.movieKeywords}: ignore › ${term}: also listed in terms`, TABLE_FILES.movieKeywords);
      this.keywordTerms.set(term, EMPTY);
    }
    return keywords.patterns.map((pattern) => ({ regex: new RegExp(pattern.pattern, 'u'), concepts: toWeights(pattern.concepts) }));
  }

  /** Concepts of a Spotify genre or Last.fm tag; undefined when the table does not know it (empty map: known, no vibe). */
  musicGenre(name: string): Weights | undefined {
    return memo(this.rawCache.music, name, () => this.musicIndex.get(normaliseTerm(name)));
  }

  /**
   * What a Last.fm tag listeners gave an artist means when it means something else than the
   * dataset genre of that name (artistTags): "disney" on Selena Gomez is a Disney Channel career,
   * not children's songs, and "romance" a love song, not a Russian romance. Undefined otherwise:
   * the tag then reads as the genre or tag.
   */
  artistTagOverride(name: string): ArtistTagMeaning | undefined {
    return this.artistTagIndex.get(normaliseTerm(name));
  }

  /** Concepts and mood prior of a TMDb/MovieLens/IMDb genre; undefined when unmapped. */
  movieGenre(name: string): MovieGenreEntry | undefined {
    return memo(this.rawCache.movieGenre, name, () => this.movieGenreIndex.get(normaliseTerm(name)));
  }

  /**
   * Concepts of a movie keyword or tag: the exact term (or an ignored term → empty), else every
   * matching pattern with the highest weight per concept; undefined when nothing matches.
   */
  movieKeyword(name: string): Weights | undefined {
    return memo(this.rawCache.keyword, name, () => {
      const term = normaliseTerm(name);
      const exact = this.keywordTerms.get(term);
      if (exact !== undefined) return exact;
      let merged: Map<string, number> | undefined;
      for (const pattern of this.keywordPatterns) {
        if (!pattern.regex.test(term)) continue;
        merged ??= new Map();
        for (const [concept, weight] of pattern.concepts) merged.set(concept, Math.max(weight, merged.get(concept) ?? 0));
      }
      return merged;
    });
  }

  /** Whether a keyword is covered by the tables at all: a concept term, an ignored term, a pattern, or a place (region). */
  keywordIsMapped(name: string): boolean {
    return this.movieKeyword(name) !== undefined || this.movieKeywordRegions(name) !== undefined;
  }

  /** Regions of an ISO 639-1 language code (TMDb original_language); undefined when unmapped. */
  languageRegions(code: string): Weights | undefined {
    return this.languageIndex.get(code.trim().toLowerCase());
  }

  /** Regions of a music genre or tag (j-pop → japan); undefined for genres without a region. */
  musicRegions(name: string): Weights | undefined {
    return memo(this.rawCache.musicRegions, name, () => this.musicRegionIndex.get(normaliseTerm(name)));
  }

  /** Regions a movie keyword places a film in (tokyo → japan); undefined for most keywords. */
  movieKeywordRegions(name: string): Weights | undefined {
    return memo(this.rawCache.keywordRegions, name, () => this.keywordRegionIndex.get(normaliseTerm(name)));
  }

  /** The mood priors behind a set of weighted concepts, per axis (concepts without a prior for the axis do not count). */
  conceptMood(concepts: Weights): AxisPriors {
    const sums: Partial<Record<keyof MoodAxes, { total: number; weight: number }>> = {};
    for (const [id, weight] of concepts) {
      const mood = this.conceptById.get(id)?.mood;
      if (!mood || weight <= 0) continue;
      for (const axis of MOOD_AXES) {
        const value = mood[axis];
        if (value === undefined) continue;
        const sum = (sums[axis] ??= { total: 0, weight: 0 });
        sum.total += value * weight;
        sum.weight += weight;
      }
    }
    const result: AxisPriors = {};
    for (const axis of MOOD_AXES) {
      const sum = sums[axis];
      if (sum && sum.weight > 0) result[axis] = { value: sum.total / sum.weight, weight: sum.weight };
    }
    return result;
  }

  /** Every term the music table knows (genres, tags, ignored tags), for coverage reports. */
  musicTerms(): string[] {
    return [...this.musicIndex.keys()];
  }
}

function memo<T>(cache: Map<string, T | null>, key: string, compute: () => T | undefined): T | undefined {
  const cached = cache.get(key);
  if (cached !== undefined) return cached ?? undefined;
  const value = compute();
  cache.set(key, value ?? null);
  return value;
}

/** Reads the five tables in `dir` as JSON (validation happens in the Bridges constructor). */
export function readBridgeTables(dir: string): BridgeTables {
  const read = (name: TableName) => {
    const file = path.join(dir, TABLE_FILES[name]);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      throw new BridgeTableError(`${TABLE_FILES[name]}: cannot be read from ${dir} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`, TABLE_FILES[name]);
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new BridgeTableError(`${TABLE_FILES[name]}: not valid JSON (${(error as Error).message}).`, TABLE_FILES[name]);
    }
  };
  return {
    concepts: read('concepts'),
    musicGenres: read('musicGenres'),
    movieGenres: read('movieGenres'),
    movieKeywords: read('movieKeywords'),
    regions: read('regions'),
  };
}

const cache = new Map<string, Bridges>();

/** The validated bridge tables from `dir` (default: resourcesDir()), loaded once per folder. */
export function loadBridges(dir: string = resourcesDir()): Bridges {
  const key = path.resolve(dir);
  let bridges = cache.get(key);
  if (!bridges) {
    bridges = new Bridges(readBridgeTables(key));
    cache.set(key, bridges);
  }
  return bridges;
}
