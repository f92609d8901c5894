/**
 * The era block: how well a song's release era fits a film's year.
 *
 * Songs used in films are mostly older than the film: in the DEV soundtrack pairs the song comes
 * after the film 16 % of the time, against 77 % for random catalog pairs. How well a song era
 * fits a film era is learned as a song-era × film-era table, kept to few parameters so it
 * generalises: an additive table of
 * - the gap (film year − song year) in a few gap bins: songs after the film, from its own time,
 *   a decade or a generation older…;
 * - the song's release decade: some decades' songs are used in films far more than others;
 * - the film's decade: how much a film of that decade draws on dated songs at all;
 * - and, for a song nothing dates, the film's decade alone: how much films of that decade draw on
 *   songs in general. Without it a song of unknown date had no era score, so films of every decade
 *   ranked alike for it, while the decade of a film says much about whether it uses songs at all.
 *   On the DEV independent pairs (cross-fitted) it lifted song → movie AUC for the 36 undated query
 *   songs from 0.65 to 0.79, and overall from 0.782 to 0.807 (2026-12-05).
 * It is served as a dot product: a song is a distribution over 2-year release bins plus one
 * "undated" value (1 when nothing dates it), a film is the learned table's mean over the years of
 * every bin plus its decade's value for undated songs, and their dot product is the expected fit
 * of the song's era to the film. The bins set how exactly the gap
 * is known, not how many parameters are learned: with 4-year bins a song could sit two years off
 * its gap bin (the "same time" bin is four years wide), and on the DEV pairs (cross-fitted) 2-year
 * bins lifted movie → song Recall@50 from 1.8 % to 4.2 % (MRR 0.004 to 0.010) and song → movie
 * AUC from 0.766 to 0.775; 1-year bins added nothing more (0.777, 4.2 %) for twice the dims. Training
 * (src/core/evaluation/learn-ranker.ts) computes its features with the same bins, so the served
 * score is exactly the trained one.
 */

/**
 * Years before 1940 share the first bin: for any film from 1973 on such a song is "much older"
 * whatever its exact year, and the 20 bins they took cost every scan a sixth more work (the
 * evaluation's figures are the same either way).
 */
const ERA_FIRST_YEAR = 1940;
const ERA_BIN_YEARS = 2;
/** 1940–2031. */
export const ERA_BIN_COUNT = 46;
/** The era block: the release bins, then the song's undated share (see the module comment). */
export const ERA_DIMS = ERA_BIN_COUNT + 1;

/**
 * Gap bins of film year − song year; the learned fit has one value per bin.
 * A bin of its own for "the film's own year" was tried and not kept (2026-12-05): 16 of the 67
 * dated DEV pairs have the song in the film's year (40 times its share of random pairs), but 13 of
 * those are Oscar nominees, songs written for the film, which its soundtrack links already show
 * first. Cross-fitted it lifted AUC (0.807 → 0.821 song → movie, 0.911 → 0.916) and took the most
 * recommended song from 11.9 % to 9.5 % of movie → song first pages, but as shipped the vibe panel
 * fell from 36 to 30 of 46: every film got the hits of its own year whatever their genre or
 * lyrics (Toy Story: explicit gangsta rap from 1995; Dilwale Dulhania Le Jayenge: no Hindi song).
 *
 * A song a year after the film counts as from its time (a film of December, its song released the
 * next year); two years after, it is after the film: of the 91 dated DEV pairs none has a song two
 * years after its film and one has it a year after, against 14 in the film's own year. With "the
 * same time" two years either way (until 2026-12-07), Frozen (2013) got 2015 hits and Toy Story
 * (1995) Daft Punk's 1997 "Around the World"; with this bin AUC went from 0.817 to 0.823 song →
 * movie and from 0.911 to 0.913 movie → song (cross-fitted).
 */
export const ERA_GAP_BINS = [
  { id: 'after', label: 'released after the film', min: -Infinity, max: -2 },
  { id: 'same-time', label: 'from the same time as the film', min: -1, max: 2 },
  { id: 'few-years', label: 'a few years older than the film', min: 3, max: 8 },
  { id: 'decade', label: 'a decade or so older than the film', min: 9, max: 17 },
  { id: 'generation', label: 'a generation older than the film', min: 18, max: 32 },
  { id: 'classic', label: 'much older than the film', min: 33, max: Infinity },
] as const;
export const ERA_GAP_BIN_COUNT = ERA_GAP_BINS.length;

/** Release decades of the table (songs and films): everything before 1960 shares one. */
export const ERA_DECADES = ['before 1960', '1960s', '1970s', '1980s', '1990s', '2000s', '2010s', '2020s'] as const;
const ERA_DECADE_COUNT = ERA_DECADES.length;

/**
 * Features of one (song, film) pair: gap shares, song-decade shares, the film's decade times the
 * song's dated share, and the film's decade times its undated share.
 */
export const ERA_FEATURE_COUNT = ERA_GAP_BIN_COUNT + 3 * ERA_DECADE_COUNT;

/** The learned era table, in its three additive parts (see the module comment). */
export interface EraFit {
  readonly gap: readonly number[];
  readonly songDecade: readonly number[];
  readonly filmDecade: readonly number[];
  /** The film's decade for a song nothing dates. */
  readonly undatedFilmDecade: readonly number[];
}

/** The artist's tagged decades' share of the era of a song whose year may date a re-release. */
const REISSUE_DECADES_SHARE = 0.5;

/** What is known of a song's release: a year, decades (from Last.fm tags, with their shares), both, or nothing. */
export interface SongEra {
  readonly year: number | null;
  readonly decade: number | null;
  readonly decades?: ReadonlyMap<number, number>;
}

function eraBinStart(bin: number): number {
  return ERA_FIRST_YEAR + bin * ERA_BIN_YEARS;
}

function decadeIndexOf(year: number): number {
  return Math.max(0, Math.min(ERA_DECADE_COUNT - 1, Math.floor((year - 1950) / 10)));
}

export function gapBinOf(gap: number): number {
  const rounded = Math.round(gap);
  const index = ERA_GAP_BINS.findIndex((bin) => rounded >= bin.min && rounded <= bin.max);
  return index < 0 ? 0 : index;
}

/**
 * The song side: a distribution over release bins (sums to 1), or null when nothing is known.
 * A year sits in its bin; a decade (never a guessed year) spreads over the bins it overlaps, and
 * several decades each by their share.
 */
export function songEraDistribution(era: SongEra): Float32Array | null {
  if (era.decades && era.decades.size > 0) {
    // With a year too, the year may date a re-release (song-years.ts): half each.
    const decadesShare = era.year === null ? 1 : REISSUE_DECADES_SHARE;
    const distribution = new Float32Array(ERA_BIN_COUNT);
    if (era.year !== null) distribution[binOfYear(era.year)]! += 1 - decadesShare;
    for (const [decade, share] of era.decades)
      for (let year = decade; year < decade + 10; year++) distribution[binOfYear(year)]! += (decadesShare * share) / 10;
    return distribution;
  }
  const from = era.year ?? era.decade;
  if (from === null || !Number.isFinite(from)) return null;
  const span = era.year !== null ? 1 : 10;
  const distribution = new Float32Array(ERA_BIN_COUNT);
  for (let year = from; year < from + span; year++) distribution[binOfYear(year)]! += 1 / span;
  return distribution;
}

function binOfYear(year: number): number {
  return Math.max(0, Math.min(ERA_BIN_COUNT - 1, Math.floor((year - ERA_FIRST_YEAR) / ERA_BIN_YEARS)));
}

/**
 * The pair features the fit is learned on (ERA_FEATURE_COUNT values): all zero when the film has no
 * year; for a song with no known era (null or all zero), only its film decade's undated column.
 */
export function eraPairFeatures(songEra: ArrayLike<number> | null, filmYear: number | null): Float64Array {
  const features = new Float64Array(ERA_FEATURE_COUNT);
  if (filmYear === null) return features;
  let dated = 0;
  for (let bin = 0; bin < ERA_BIN_COUNT; bin++) {
    const share = songEra?.[bin] ?? 0;
    if (!(share > 0)) continue;
    dated += share;
    // A bin's share is spread evenly over its years (see eraFitValue).
    for (let year = eraBinStart(bin); year < eraBinStart(bin) + ERA_BIN_YEARS; year++) {
      features[gapBinOf(filmYear - year)]! += share / ERA_BIN_YEARS;
      features[ERA_GAP_BIN_COUNT + decadeIndexOf(year)]! += share / ERA_BIN_YEARS;
    }
  }
  features[ERA_GAP_BIN_COUNT + ERA_DECADE_COUNT + decadeIndexOf(filmYear)] = dated;
  features[ERA_GAP_BIN_COUNT + 2 * ERA_DECADE_COUNT + decadeIndexOf(filmYear)] = undatedShare(dated);
  return features;
}

/**
 * The table's value for a song released in `songBin` and a film of `filmYear`: its mean over the
 * bin's years, the fit expected of a song known only to the bin. Read at the bin's centre instead,
 * the half-year gaps rounded up, so every song counted as released in its bin's first year: a song
 * of 2009 was "from the same time" as a film of 2006, and songs from after a film led its list
 * (Seal's 2008 "Stand by Me" topped She's the Man, 2006).
 */
function eraFitValue(fit: EraFit, songBin: number, filmYear: number): number {
  let sum = 0;
  for (let year = eraBinStart(songBin); year < eraBinStart(songBin) + ERA_BIN_YEARS; year++)
    sum += (fit.gap[gapBinOf(filmYear - year)] ?? 0) + (fit.songDecade[decadeIndexOf(year)] ?? 0);
  return sum / ERA_BIN_YEARS + (fit.filmDecade[decadeIndexOf(filmYear)] ?? 0);
}

/** The share of a song's dated release distribution that one bin or one decade must hold to name it. */
const SPAN_SHARE = 0.75;

/**
 * The years a song's era block dates it to, read back from the block (ERA_DIMS values, in any
 * positive scale): one 2-year bin (a year from another release of the recording or a song of its
 * album) or one decade (its artist's Last.fm decade tags), when that holds at least SPAN_SHARE of
 * the dated share. Null when nothing dates the song, when its era is split (a year that may date a
 * re-release, half its artist's decades), or when the years are the clamped ends of the bins.
 */
export function songEraSpan(block: ArrayLike<number>): { readonly from: number; readonly to: number; readonly by: 'release' | 'artist' } | null {
  let dated = 0;
  for (let bin = 0; bin < ERA_BIN_COUNT; bin++) {
    const share = block[bin] ?? 0;
    if (share < 0) return null;
    dated += share;
  }
  if (!(dated > 0) || (block[ERA_BIN_COUNT] ?? 0) >= dated) return null;
  let peak = 0;
  for (let bin = 1; bin < ERA_BIN_COUNT; bin++) if ((block[bin] ?? 0) > (block[peak] ?? 0)) peak = bin;
  const inner = (bin: number) => bin > 0 && bin < ERA_BIN_COUNT - 1;
  if ((block[peak] ?? 0) >= SPAN_SHARE * dated)
    return inner(peak) ? { from: eraBinStart(peak), to: eraBinStart(peak) + ERA_BIN_YEARS - 1, by: 'release' } : null;
  for (let decade = ERA_FIRST_YEAR + 10; decade + 10 <= eraBinStart(ERA_BIN_COUNT - 1); decade += 10) {
    let share = 0;
    for (let bin = binOfYear(decade); bin <= binOfYear(decade + 9); bin++) share += block[bin] ?? 0;
    if (share >= SPAN_SHARE * dated) return { from: decade, to: decade + 9, by: 'artist' };
  }
  return null;
}

/** A song's dated shares sum to 1, or to 0 when nothing dates it; rounding aside, the rest is undated. */
function undatedShare(dated: number): number {
  return dated > 0.5 ? 0 : 1;
}

/** The song side (ERA_DIMS values): its release distribution, then 1 when nothing dates it. Written into `row` when given. */
export function songEraRow(distribution: ArrayLike<number> | null, row: Float32Array = new Float32Array(ERA_DIMS)): Float32Array {
  let dated = 0;
  for (let bin = 0; bin < ERA_BIN_COUNT; bin++) dated += row[bin] = distribution?.[bin] ?? 0;
  row[ERA_BIN_COUNT] = undatedShare(dated);
  return row;
}

/** The film side (ERA_DIMS values): the learned table at every song release bin, then its decade's value for undated songs. */
export function filmEraRow(filmYear: number | null, fit: EraFit): Float32Array | null {
  if (filmYear === null) return null;
  const row = new Float32Array(ERA_DIMS);
  for (let bin = 0; bin < ERA_BIN_COUNT; bin++) row[bin] = eraFitValue(fit, bin, filmYear);
  row[ERA_BIN_COUNT] = fit.undatedFilmDecade[decadeIndexOf(filmYear)] ?? 0;
  return row;
}

/** The fit from the coefficients of eraPairFeatures' columns, in their order. */
export function eraFitFromCoefficients(coefficients: ArrayLike<number>): EraFit {
  const slice = (from: number, length: number) => Array.from({ length }, (_, index) => coefficients[from + index] ?? 0);
  return {
    gap: slice(0, ERA_GAP_BIN_COUNT),
    songDecade: slice(ERA_GAP_BIN_COUNT, ERA_DECADE_COUNT),
    filmDecade: slice(ERA_GAP_BIN_COUNT + ERA_DECADE_COUNT, ERA_DECADE_COUNT),
    undatedFilmDecade: slice(ERA_GAP_BIN_COUNT + 2 * ERA_DECADE_COUNT, ERA_DECADE_COUNT),
  };
}

/** The fit's coefficients in eraPairFeatures' column order (eraFitFromCoefficients' inverse). */
export function eraFitCoefficients(fit: EraFit): number[] {
  return [...fit.gap, ...fit.songDecade, ...fit.filmDecade, ...fit.undatedFilmDecade];
}

/** The largest magnitude the table takes for any song bin (or an undated song) and film year the bins cover. */
export function eraFitScale(fit: EraFit): number {
  let largest = Math.max(0, ...fit.undatedFilmDecade.map(Math.abs));
  for (let filmYear = ERA_FIRST_YEAR; filmYear < ERA_FIRST_YEAR + ERA_BIN_COUNT * ERA_BIN_YEARS; filmYear++)
    for (let bin = 0; bin < ERA_BIN_COUNT; bin++) largest = Math.max(largest, Math.abs(eraFitValue(fit, bin, filmYear)));
  return largest;
}

export function scaleEraFit(
  fit: EraFit,
  factor: number,
  round: (value: number) => number = (value) => value,
): { gap: number[]; songDecade: number[]; filmDecade: number[]; undatedFilmDecade: number[] } {
  const scale = (values: readonly number[]) => values.map((value) => round(value * factor));
  return { gap: scale(fit.gap), songDecade: scale(fit.songDecade), filmDecade: scale(fit.filmDecade), undatedFilmDecade: scale(fit.undatedFilmDecade) };
}

/** The fit for a film of `filmYear` and a song of `songYear` (for reports and explanations). */
export function eraFitAt(fit: EraFit, songYear: number, filmYear: number): number {
  return eraFitValue(fit, binOfYear(songYear), filmYear);
}
