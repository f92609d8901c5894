/**
 * Every tunable constant of the feature layer, in one place. The mood axes of movies are priors
 * (nothing measures a film's "danceability"); these numbers say how much each source counts.
 * The evaluation (crossfade eval) is expected to tune them against the movie↔song pairings.
 */

/**
 * Poster colour → mood, after Valdez & Mehrabian (1994, J. Exp. Psychol.: General 123(4)):
 * pleasure = .69·brightness + .22·saturation, arousal = −.31·brightness + .60·saturation.
 * Later work disagrees about brightness and arousal: Wilms & Oberfeld (2018, Psychological
 * Research 82(5):896-914) found saturated *and bright* colours more arousing, the opposite sign
 * for brightness (both agree that saturation raises arousal). So this is a weak, tunable prior,
 * not a constant of nature. `weight` is the share of a movie's valence/energy taken from the
 * poster when it has one (0 switches posters off). Brightness and saturation are measured from
 * the catalog's centre (the median poster), not from 0.5, when the loader knows it.
 */
export const POSTER_COLOUR_PRIOR = {
  weight: 0.25,
  pleasure: { brightness: 0.69, saturation: 0.22 },
  arousal: { brightness: -0.31, saturation: 0.6 },
} as const;

/** Tempo → pace: a smoothstep from SLOW_BPM (pace 0) to FAST_BPM (pace 1); 120 BPM is 0.5. */
export const PACE_CURVE = { slowBpm: 60, fastBpm: 180 } as const;

/**
 * Movie text sentiment: the `sentiment` package's AFINN score per word (its "comparative"),
 * squashed as 0.5 + 0.5·tanh(comparative / scale). On the TMDB 5000 overviews the 5th–95th
 * percentiles of the per-word score are −0.20 … +0.17, which this scale maps to about 0.17 … 0.79.
 * Texts shorter than `fullStrengthWords` count proportionally less.
 */
export const SENTIMENT = { scale: 0.25, fullStrengthWords: 25 } as const;

/** How much each source counts in a movie's mood (weighted average per axis, before poster and adjustments). */
export const MOVIE_MOOD_WEIGHTS = {
  /** Mean of the genres' mood priors (resources/vibe/movie-genres.json). */
  genres: 1,
  /** Mood priors of the concepts the keywords map to (resources/vibe/concepts.json). */
  keywords: 0.5,
  /** Valence only: the squashed per-word sentiment of overview + tagline, at full text strength. */
  sentiment: 0.8,
  /** A neutral 0.5 so an item with nothing known stays in the middle instead of undefined. */
  neutral: 0.1,
} as const;

/** Runtime: long films are slower. Shifts applied per hour away from `typicalMinutes`, capped at ±cap. */
export const RUNTIME_EFFECT = { typicalMinutes: 105, pacePerHour: -0.15, energyPerHour: -0.05, cap: 0.15 } as const;

/**
 * Era: small shifts for films made before `untilYear` (slower cutting, orchestral scores),
 * growing linearly over `overYears` and capped at the given amounts.
 */
export const ERA_EFFECT = { untilYear: 1975, overYears: 50, pace: -0.1, acousticness: 0.1 } as const;

/**
 * Movie concepts: each genre adds its table weights; the keywords add, per concept, `keywords` ×
 * min(1, sum of their weights / sqrt(matched keywords)), so keywords refine but never outweigh a
 * genre. Places named by keywords count `keywordRegions` of the original language.
 */
export const MOVIE_CONCEPT_WEIGHTS = { genres: 1, keywords: 0.6, keywordRegions: 0.5 } as const;

/**
 * moodConfidence: songs get 1 per measured axis and `songPrior` per axis filled from genre
 * priors. Movies never have measurements: their confidence is built from what the priors rest on
 * and capped at `movieMax`.
 */
export const MOOD_CONFIDENCE = {
  songPrior: 0.4,
  movie: { base: 0.1, genres: 0.15, text: 0.15, keywords: 0.1, poster: 0.05 },
  movieMax: 0.55,
} as const;

/**
 * Songs: concepts hinted by audio features. Explicit lyrics always add a little grit; the
 * other hints are used only when a song has no mapped genre (the 1921-2020 and 2023 datasets
 * have none), so it still lands somewhere in the genre block.
 */
export const SONG_AUDIO_HINTS = { explicit: { gritty: 0.25, rebellious: 0.15 }, weight: 0.5 } as const;
