import type { LanguageGuess } from './song-language.js';

/**
 * What the vibe space is built from: per-item features on shared, dataset-independent scales.
 * Producers: src/core/features (songs from audio features, movies from text, genres, era and
 * poster colour). Consumer: src/core/vibe, which turns them into one vector per item.
 */

/** The five mood axes shared by songs and movies, each in [0, 1]. */
export interface MoodAxes {
  readonly valence: number;
  readonly energy: number;
  readonly danceability: number;
  readonly acousticness: number;
  /** Tempo for songs, pacing for movies (runtime, genre priors). */
  readonly pace: number;
}

export const MOOD_AXES = ['valence', 'energy', 'danceability', 'acousticness', 'pace'] as const satisfies readonly (keyof MoodAxes)[];

/** Poster colour statistics, each in [0, 1] (produced by the poster embedding job). */
export interface PosterColour {
  readonly brightness: number;
  readonly saturation: number;
  readonly warmth: number;
  readonly contrast: number;
  readonly colourfulness: number;
}

export interface ItemFeatures {
  readonly kind: 'song' | 'movie';
  readonly itemId: number;
  readonly mood: MoodAxes;
  /** How much of the mood comes from real measurements (audio features) vs priors, 0..1. */
  readonly moodConfidence: number;
  /** Vibe concepts (see resources/vibe/concepts.json) with weights >= 0. */
  readonly concepts: ReadonlyMap<string, number>;
  /** Language/region buckets (see resources/vibe/regions.json) with weights >= 0. */
  readonly regions: ReadonlyMap<string, number>;
  /** Popularity as a percentile within its kind, 0..1. */
  readonly popularity: number;
  readonly releaseYear: number | null;
  /**
   * Songs only: the release era as a distribution over the era bins (src/core/vibe/era.ts), from
   * the song's own year, another source of the same recording or album, or a decade tag; null when
   * nothing is known (a year is never guessed).
   */
  readonly era?: Float32Array | null;
  /** Songs only: the guessed language (src/core/features/song-language.ts), null when there is no clue. */
  readonly language?: LanguageGuess | null;
  /** Films only: a family or children's film, by its genres. */
  readonly family?: boolean;
  /**
   * The music a film is about, or a song's music, over MUSIC_TOPICS (src/core/features/music-topics.ts):
   * a film holds 1 per topic, a song shares that sum to 1; null or absent when none.
   */
  readonly topics?: Float32Array | null;
  /** Songs only: the audio descriptors that are not mood axes (absent for movies). */
  readonly audio?: AudioDescriptors;
}

/**
 * Song audio features beyond the mood axes, each in [0, 1] or null when the source lacks them.
 * Loudness is a percentile within the catalog (dB scales differ between datasets and masters).
 */
export interface AudioDescriptors {
  readonly instrumentalness: number | null;
  readonly speechiness: number | null;
  readonly liveness: number | null;
  readonly loudness: number | null;
  /** 1 major, 0 minor. */
  readonly mode: number | null;
  readonly explicit: boolean | null;
}
