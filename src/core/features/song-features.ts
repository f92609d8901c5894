import type { Bridges, Weights } from './bridges.js';
import { clamp01, paceFromTempo, scaleToMax } from './normalise.js';
import { MOOD_CONFIDENCE, SONG_AUDIO_HINTS } from './priors.js';
import { MOOD_AXES, type AudioDescriptors, type ItemFeatures, type MoodAxes } from './types.js';

/** A catalog song (the songs table, camel-cased) with its genre names. Audio features use Spotify's scales. */
export interface SongInput {
  readonly id: number;
  readonly releaseYear: number | null;
  readonly explicit: boolean | null;
  readonly popularity: number | null;
  readonly streams: number | null;
  readonly danceability: number | null;
  readonly energy: number | null;
  readonly valence: number | null;
  readonly acousticness: number | null;
  readonly instrumentalness: number | null;
  readonly speechiness: number | null;
  readonly liveness: number | null;
  /** dB (about −60 … 0). */
  readonly loudness: number | null;
  /** BPM; 0 or null = unknown. */
  readonly tempo: number | null;
  /** 1 major, 0 minor. */
  readonly mode: number | null;
  readonly genres: readonly string[];
}

/** What only the whole catalog knows (see load-features.ts); every field is optional for one-off use. */
export interface SongContext {
  /** Popularity percentile among songs (0..1). Default: Spotify popularity / 100, else 0.5. */
  readonly popularity?: number | null;
  /** Loudness percentile among songs (0..1). Default: a fixed −60 … 0 dB scale. */
  readonly loudness?: number | null;
  /** Memo of genre-set → concepts/regions, shared across calls so equal genre sets share their maps. */
  readonly genreCache?: Map<string, GenreProfile>;
  /** The genres' profile when the caller already resolved it (then `song.genres` is not read). */
  readonly profile?: GenreProfile;
  /** Last.fm tags of the song's artists (lower case → weight in (0, 1]); they add concepts like genres, scaled by weight. */
  readonly tags?: ReadonlyMap<string, number>;
}

/** What a set of genres contributes: concepts, regions and (derived from the concepts) mood priors. */
export interface GenreProfile {
  readonly concepts: Weights;
  readonly regions: Weights;
  readonly mapped: boolean;
}

const EMPTY: Weights = new Map();

/** Pure: a song's features from its row, genres and (optionally) catalog-wide percentiles. */
export function songFeatures(song: SongInput, bridges: Bridges, context: SongContext = {}): ItemFeatures {
  const genres = context.profile ?? genreProfile(song.genres, bridges, context.genreCache);
  const profile = context.tags && context.tags.size > 0 ? withTags(genres, context.tags, bridges, context.genreCache) : genres;
  const measured: Partial<Record<keyof MoodAxes, number>> = {
    valence: unitOrNull(song.valence),
    energy: unitOrNull(song.energy),
    danceability: unitOrNull(song.danceability),
    acousticness: unitOrNull(song.acousticness),
    pace: paceFromTempo(song.tempo) ?? undefined,
  };
  const loudness = context.loudness ?? loudnessOnFixedScale(song.loudness);

  let confidence = 0;
  let priors: ReturnType<Bridges['conceptMood']> | null = null;
  const mood = {} as Record<keyof MoodAxes, number>;
  for (const axis of MOOD_AXES) {
    const value = measured[axis];
    if (value !== undefined) {
      mood[axis] = value;
      confidence += 1;
      continue;
    }
    priors ??= bridges.conceptMood(profile.concepts);
    const prior = priors[axis]?.value ?? fallbackFromAudio(axis, song, loudness);
    if (prior !== null) {
      mood[axis] = clamp01(prior);
      confidence += MOOD_CONFIDENCE.songPrior;
    } else {
      mood[axis] = 0.5;
    }
  }

  const concepts = songConcepts(song, profile, mood, measured.valence !== undefined || measured.energy !== undefined);
  const audio: AudioDescriptors = {
    instrumentalness: unitOrNull(song.instrumentalness) ?? null,
    speechiness: unitOrNull(song.speechiness) ?? null,
    liveness: unitOrNull(song.liveness) ?? null,
    loudness,
    mode: song.mode === 0 || song.mode === 1 ? song.mode : null,
    explicit: song.explicit,
  };
  return {
    kind: 'song',
    itemId: song.id,
    mood,
    moodConfidence: confidence / MOOD_AXES.length,
    concepts,
    regions: profile.regions,
    popularity: context.popularity ?? (song.popularity !== null ? clamp01(song.popularity / 100) : 0.5),
    releaseYear: song.releaseYear,
    audio,
  };
}

/**
 * Concepts and regions of a set of genre names (unknown genres are skipped), memoised by the set;
 * `artistTag` reads each name as a Last.fm tag of the song's artist (Bridges.artistTagOverride).
 */
export function genreProfile(genres: readonly string[], bridges: Bridges, cache?: Map<string, GenreProfile>, artistTag = false): GenreProfile {
  if (genres.length === 0) return { concepts: EMPTY, regions: EMPTY, mapped: false };
  const key = (artistTag ? '\u0001' : '') + (genres.length === 1 ? genres[0]! : [...genres].sort().join('\u0000'));
  const cached = cache?.get(key);
  if (cached) return cached;
  const concepts = new Map<string, number>();
  const regions = new Map<string, number>();
  let mapped = false;
  for (const genre of genres) {
    // An artist's tag that means something else than the genre of its name brings its own regions, not the genre's.
    const override = artistTag ? bridges.artistTagOverride(genre) : undefined;
    const weights = override ? override.concepts : bridges.musicGenre(genre);
    if (weights === undefined) continue;
    mapped ||= weights.size > 0;
    for (const [concept, weight] of weights) concepts.set(concept, (concepts.get(concept) ?? 0) + weight);
    const genreRegions = override ? override.regions : bridges.musicRegions(genre);
    if (genreRegions) for (const [region, weight] of genreRegions) regions.set(region, Math.max(weight, regions.get(region) ?? 0));
  }
  const profile: GenreProfile = { concepts: concepts.size > 0 ? scaleToMax(concepts) : EMPTY, regions: regions.size > 0 ? regions : EMPTY, mapped };
  cache?.set(key, profile);
  return profile;
}

/** Tags the listeners gave below this weight (relative to the artist's top tag) are noise. */
const MIN_TAG_WEIGHT = 0.15;
/** A tag counts a little less than a genre the dataset itself gives. */
const TAG_SCALE = 0.8;

/** Adds the concepts and regions of the song's tags, each scaled by its weight, to its genre profile (max per concept). */
function withTags(genres: GenreProfile, tags: ReadonlyMap<string, number>, bridges: Bridges, cache?: Map<string, GenreProfile>): GenreProfile {
  const concepts = new Map(genres.concepts);
  const regions = new Map(genres.regions);
  let mapped = genres.mapped;
  for (const [tag, weight] of tags) {
    if (weight < MIN_TAG_WEIGHT) continue;
    const profile = genreProfile([tag], bridges, cache, true);
    mapped ||= profile.mapped;
    for (const [concept, value] of profile.concepts) concepts.set(concept, Math.max(concepts.get(concept) ?? 0, value * weight * TAG_SCALE));
    for (const [region, value] of profile.regions) regions.set(region, Math.max(regions.get(region) ?? 0, value * weight * TAG_SCALE));
  }
  return { concepts: concepts.size > 0 ? concepts : EMPTY, regions: regions.size > 0 ? regions : EMPTY, mapped };
}

/**
 * The genre concepts, plus a little grit for explicit lyrics, plus (only for songs no genre
 * describes) concepts read off the audio: acoustic, electronic, euphoric, chill, aggressive,
 * melancholy, hip-hop (rap-level speechiness) and orchestral (instrumental and acoustic).
 */
function songConcepts(song: SongInput, profile: GenreProfile, mood: MoodAxes, hasAudio: boolean): Weights {
  const explicit = song.explicit === true;
  const useAudio = !profile.mapped && hasAudio;
  if (!explicit && !useAudio) return profile.concepts;
  const concepts = new Map(profile.concepts);
  const add = (concept: string, weight: number) => {
    if (weight > 0.01) concepts.set(concept, Math.min(1, (concepts.get(concept) ?? 0) + weight));
  };
  if (explicit) for (const [concept, weight] of Object.entries(SONG_AUDIO_HINTS.explicit)) add(concept, weight);
  if (useAudio) {
    const w = SONG_AUDIO_HINTS.weight;
    const ramp = (value: number, from: number, to: number) => clamp01((value - from) / (to - from));
    const speech = unitOrNull(song.speechiness);
    const instrumental = unitOrNull(song.instrumentalness);
    add('acoustic', w * ramp(mood.acousticness, 0.6, 0.9));
    add('electronic', w * ramp(1 - mood.acousticness, 0.85, 0.98) * ramp(mood.danceability, 0.5, 0.8));
    add('euphoric', w * ramp(mood.energy, 0.65, 0.9) * ramp(mood.danceability, 0.6, 0.85) * ramp(mood.valence, 0.4, 0.7));
    add('chill', w * ramp(1 - mood.energy, 0.55, 0.8));
    add('aggressive', w * ramp(mood.energy, 0.8, 0.97) * ramp(1 - mood.valence, 0.6, 0.85));
    add('melancholy', w * ramp(1 - mood.valence, 0.65, 0.9) * ramp(1 - mood.energy, 0.4, 0.7));
    add('uplifting', w * ramp(mood.valence, 0.7, 0.9) * ramp(mood.energy, 0.5, 0.75));
    if (speech !== undefined) add('hip-hop', w * ramp(speech, 0.2, 0.4) * ramp(mood.danceability, 0.55, 0.75));
    if (instrumental !== undefined) add('orchestral', w * ramp(instrumental, 0.6, 0.9) * ramp(mood.acousticness, 0.7, 0.95));
  }
  return concepts.size > 0 ? concepts : EMPTY;
}

/** When neither the feature nor a genre prior exists: energy from loudness, valence from mode (weakly). */
function fallbackFromAudio(axis: keyof MoodAxes, song: SongInput, loudness: number | null): number | null {
  if (axis === 'energy' && loudness !== null) return 0.2 + 0.6 * loudness;
  if (axis === 'valence' && (song.mode === 0 || song.mode === 1)) return song.mode === 1 ? 0.55 : 0.45;
  return null;
}

function loudnessOnFixedScale(db: number | null): number | null {
  return db === null || !Number.isFinite(db) ? null : clamp01((db + 60) / 60);
}

function unitOrNull(value: number | null): number | undefined {
  return value === null || !Number.isFinite(value) ? undefined : clamp01(value);
}
