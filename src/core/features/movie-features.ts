import { filmTopics } from './music-topics.js';
import type { Bridges, Weights } from './bridges.js';
import { clamp01, scaleToMax } from './normalise.js';
import { ERA_EFFECT, MOOD_CONFIDENCE, MOVIE_CONCEPT_WEIGHTS, MOVIE_MOOD_WEIGHTS, POSTER_COLOUR_PRIOR, RUNTIME_EFFECT } from './priors.js';
import { textValence } from './sentiment.js';
import { MOOD_AXES, type ItemFeatures, type MoodAxes, type PosterColour } from './types.js';

/** A catalog movie (the movies table, camel-cased) with its genre and keyword names. */
export interface MovieInput {
  readonly id: number;
  readonly releaseYear: number | null;
  readonly overview: string | null;
  readonly tagline: string | null;
  readonly runtimeMinutes: number | null;
  /** ISO 639-1, as TMDb gives it ("ja", "cn" for Cantonese). */
  readonly originalLanguage: string | null;
  readonly genres: readonly string[];
  readonly keywords: readonly string[];
  readonly poster?: PosterColour | null;
}

export interface MovieContext {
  /** Popularity percentile among movies (0..1); default 0.5. */
  readonly popularity?: number | null;
  /** The catalog's typical poster (median brightness and saturation); default 0.5 each. */
  readonly posterCentre?: { readonly brightness: number; readonly saturation: number } | null;
  /** Poster prior constants (default POSTER_COLOUR_PRIOR), for tuning experiments. */
  readonly posterPrior?: PosterPrior;
}

export interface PosterPrior {
  readonly weight: number;
  readonly pleasure: { readonly brightness: number; readonly saturation: number };
  readonly arousal: { readonly brightness: number; readonly saturation: number };
}

type Axis = keyof MoodAxes;

class AxisBlend {
  private readonly total: Record<Axis, number> = { valence: 0, energy: 0, danceability: 0, acousticness: 0, pace: 0 };
  private readonly weight: Record<Axis, number> = { valence: 0, energy: 0, danceability: 0, acousticness: 0, pace: 0 };

  add(axis: Axis, value: number, weight: number): void {
    if (!(weight > 0) || !Number.isFinite(value)) return;
    this.total[axis] += value * weight;
    this.weight[axis] += weight;
  }

  has(axis: Axis): boolean {
    return this.weight[axis] > 0;
  }

  value(axis: Axis): number {
    return this.weight[axis] > 0 ? this.total[axis] / this.weight[axis] : 0.5;
  }
}

/**
 * Pure: a movie's features. Mood is a blend of priors: the genres' mood priors, the mood priors
 * of the concepts its keywords map to, and (valence only) the per-word sentiment of overview and
 * tagline; then the poster's colour (Valdez & Mehrabian) takes POSTER_COLOUR_PRIOR.weight of
 * valence and energy; then runtime and era shift pace, energy and acousticness a little.
 */
export function movieFeatures(movie: MovieInput, bridges: Bridges, context: MovieContext = {}): ItemFeatures {
  const blend = new AxisBlend();
  const genreConcepts = new Map<string, number>();
  const genreMood = new AxisBlend();
  const notFromKeywords = new Set<string>();
  let genresMapped = 0;
  for (const name of movie.genres) {
    const entry = bridges.movieGenre(name);
    if (!entry) continue;
    for (const concept of entry.notFromKeywords) notFromKeywords.add(concept);
    for (const [concept, weight] of entry.concepts) genreConcepts.set(concept, (genreConcepts.get(concept) ?? 0) + weight * MOVIE_CONCEPT_WEIGHTS.genres);
    if (!entry.mood) continue;
    genresMapped++;
    for (const axis of MOOD_AXES) {
      const value = entry.mood[axis];
      if (value !== undefined) genreMood.add(axis, value, 1);
    }
  }
  // The genres together count MOVIE_MOOD_WEIGHTS.genres, each genre equally (the mean of their priors).
  if (genresMapped > 0) for (const axis of MOOD_AXES) if (genreMood.has(axis)) blend.add(axis, genreMood.value(axis), MOVIE_MOOD_WEIGHTS.genres);

  const keywordConcepts = new Map<string, number>();
  const keywordRegions = new Map<string, number>();
  let keywordsMatched = 0;
  for (const name of movie.keywords) {
    const concepts = bridges.movieKeyword(name);
    // A keyword whose every concept the genres hold back counts as no keyword.
    let kept = false;
    for (const [concept, weight] of concepts ?? []) {
      if (notFromKeywords.has(concept)) continue;
      keywordConcepts.set(concept, (keywordConcepts.get(concept) ?? 0) + weight);
      kept = true;
    }
    if (kept) keywordsMatched++;
    const regions = bridges.movieKeywordRegions(name);
    if (regions) for (const [region, weight] of regions) keywordRegions.set(region, Math.max(weight, keywordRegions.get(region) ?? 0));
  }
  if (keywordsMatched > 0) {
    const priors = bridges.conceptMood(keywordConcepts);
    for (const axis of MOOD_AXES) {
      const prior = priors[axis];
      if (prior) blend.add(axis, prior.value, MOVIE_MOOD_WEIGHTS.keywords * Math.min(1, prior.weight));
    }
  }

  const text = textValence(movie.overview, movie.tagline);
  if (text) blend.add('valence', text.valence, MOVIE_MOOD_WEIGHTS.sentiment * text.strength);
  for (const axis of MOOD_AXES) blend.add(axis, 0.5, MOVIE_MOOD_WEIGHTS.neutral);

  let valence = blend.value('valence');
  let energy = blend.value('energy');
  let acousticness = blend.value('acousticness');
  let pace = blend.value('pace');
  const danceability = blend.value('danceability');

  const poster = movie.poster ? posterMood(movie.poster, context.posterCentre ?? null, context.posterPrior ?? POSTER_COLOUR_PRIOR) : null;
  if (poster) {
    const w = clamp01((context.posterPrior ?? POSTER_COLOUR_PRIOR).weight);
    valence = (1 - w) * valence + w * poster.valence;
    energy = (1 - w) * energy + w * poster.energy;
  }

  if (movie.runtimeMinutes !== null && movie.runtimeMinutes > 0) {
    const hours = (movie.runtimeMinutes - RUNTIME_EFFECT.typicalMinutes) / 60;
    pace += clampAbs(RUNTIME_EFFECT.pacePerHour * hours, RUNTIME_EFFECT.cap);
    energy += clampAbs(RUNTIME_EFFECT.energyPerHour * hours, RUNTIME_EFFECT.cap);
  }
  if (movie.releaseYear !== null && movie.releaseYear < ERA_EFFECT.untilYear) {
    const age = clamp01((ERA_EFFECT.untilYear - movie.releaseYear) / ERA_EFFECT.overYears);
    pace += ERA_EFFECT.pace * age;
    acousticness += ERA_EFFECT.acousticness * age;
  }

  const mood: MoodAxes = {
    valence: clamp01(valence),
    energy: clamp01(energy),
    danceability: clamp01(danceability),
    acousticness: clamp01(acousticness),
    pace: clamp01(pace),
  };

  const confidence = MOOD_CONFIDENCE.movie;
  const moodConfidence = Math.min(
    MOOD_CONFIDENCE.movieMax,
    confidence.base +
      (genresMapped > 0 ? confidence.genres : 0) +
      (text ? confidence.text * text.strength : 0) +
      (keywordsMatched > 0 ? confidence.keywords : 0) +
      (poster ? confidence.poster : 0),
  );

  const concepts = genreConcepts;
  if (keywordsMatched > 0) {
    // Many keywords saying the same thing count more than one, but never more than MOVIE_CONCEPT_WEIGHTS.keywords.
    const damp = 1 / Math.sqrt(keywordsMatched);
    for (const [concept, weight] of keywordConcepts)
      concepts.set(concept, (concepts.get(concept) ?? 0) + MOVIE_CONCEPT_WEIGHTS.keywords * Math.min(1, weight * damp));
  }

  return {
    kind: 'movie',
    itemId: movie.id,
    mood,
    moodConfidence,
    concepts: scaleToMax(concepts),
    regions: movieRegions(movie.originalLanguage, keywordRegions, bridges),
    popularity: context.popularity ?? 0.5,
    releaseYear: movie.releaseYear,
    family: movie.genres.some((name) => FAMILY_GENRES.has(name.toLowerCase())),
    topics: filmTopics(movie),
  };
}

/** Genres (TMDb, MovieLens) that make a film one for families and children. */
export const FAMILY_GENRES: ReadonlySet<string> = new Set(['family', 'children', 'kids']);

/**
 * Valdez & Mehrabian's pleasure and arousal from brightness and saturation, measured from the
 * catalog's typical poster and rescaled so the full range of the inputs spans 0..1.
 */
export function posterMood(
  poster: Pick<PosterColour, 'brightness' | 'saturation'>,
  centre: { brightness: number; saturation: number } | null,
  prior: PosterPrior = POSTER_COLOUR_PRIOR,
): { valence: number; energy: number } | null {
  if (!Number.isFinite(poster.brightness) || !Number.isFinite(poster.saturation)) return null;
  const b = poster.brightness - (centre?.brightness ?? 0.5);
  const s = poster.saturation - (centre?.saturation ?? 0.5);
  const axis = (coefficients: { brightness: number; saturation: number }) => {
    const span = Math.abs(coefficients.brightness) + Math.abs(coefficients.saturation);
    return span === 0 ? 0.5 : clamp01(0.5 + (coefficients.brightness * b + coefficients.saturation * s) / span);
  };
  return { valence: axis(prior.pleasure), energy: axis(prior.arousal) };
}

/** Original language (full weight) plus the places its keywords name (scaled down), max per region. */
function movieRegions(language: string | null, keywordRegions: ReadonlyMap<string, number>, bridges: Bridges): Weights {
  const fromLanguage = language ? bridges.languageRegions(language) : undefined;
  if (keywordRegions.size === 0) return fromLanguage ?? new Map();
  const regions = new Map(fromLanguage ?? []);
  for (const [region, weight] of keywordRegions) regions.set(region, Math.max(regions.get(region) ?? 0, weight * MOVIE_CONCEPT_WEIGHTS.keywordRegions));
  return regions;
}

function clampAbs(value: number, cap: number): number {
  return Math.max(-cap, Math.min(cap, value));
}
