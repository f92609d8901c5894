/**
 * The era block: how well a song's release era fits a film's year.
 *
 * Songs used in films are mostly older than the film: in the DEV soundtrack pairs the song comes
 * after the film 16 % of the time, against 77 % for random catalog pairs. The fit is learned as
 * a function of the gap (film year − song year) in a few gap bins — few parameters, so it
 * generalises — and served as a dot product: a song is a distribution over 4-year release bins,
 * a film is the learned fit evaluated at the centre of every bin, and their dot product is the
 * expected fit of the song's era to the film. Training (src/core/evaluation/learn-ranker.ts)
 * computes its features with the same bins, so the served score is exactly the trained one.
 */

const ERA_FIRST_YEAR = 1900;
const ERA_BIN_YEARS = 4;
/** 1900–2031. */
export const ERA_BIN_COUNT = 33;

/** Gap bins of film year − song year; the learned fit has one value per bin. */
export const ERA_GAP_BINS = [
  { id: 'after', label: 'released after the film', min: -Infinity, max: -3 },
  { id: 'same-time', label: 'from the same time as the film', min: -2, max: 2 },
  { id: 'few-years', label: 'a few years older than the film', min: 3, max: 8 },
  { id: 'decade', label: 'a decade or so older than the film', min: 9, max: 17 },
  { id: 'generation', label: 'a generation older than the film', min: 18, max: 32 },
  { id: 'classic', label: 'much older than the film', min: 33, max: Infinity },
] as const;
export const ERA_GAP_BIN_COUNT = ERA_GAP_BINS.length;

/** What is known of a song's release: a year, or only a decade (from Last.fm tags), or nothing. */
export interface SongEra {
  readonly year: number | null;
  readonly decade: number | null;
}

function eraBinCentre(bin: number): number {
  return ERA_FIRST_YEAR + bin * ERA_BIN_YEARS + (ERA_BIN_YEARS - 1) / 2;
}

export function gapBinOf(gap: number): number {
  const rounded = Math.round(gap);
  const index = ERA_GAP_BINS.findIndex((bin) => rounded >= bin.min && rounded <= bin.max);
  return index < 0 ? 0 : index;
}

/**
 * The song side: a distribution over release bins (sums to 1), or null when nothing is known.
 * A year sits in its bin; a decade (never a guessed year) spreads over the bins it overlaps.
 */
export function songEraDistribution(era: SongEra): Float32Array | null {
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

/** The pair features the fit is learned on: the share of the song's era in each gap bin. */
export function eraPairFeatures(songEra: ArrayLike<number>, filmYear: number | null): Float64Array {
  const features = new Float64Array(ERA_GAP_BIN_COUNT);
  if (filmYear === null) return features;
  for (let bin = 0; bin < ERA_BIN_COUNT; bin++) {
    const share = songEra[bin] ?? 0;
    if (share > 0) features[gapBinOf(filmYear - eraBinCentre(bin))]! += share;
  }
  return features;
}

/** The film side: the learned fit (one value per gap bin) at every song release bin. */
export function filmEraRow(filmYear: number | null, fit: readonly number[]): Float32Array | null {
  if (filmYear === null) return null;
  return Float32Array.from({ length: ERA_BIN_COUNT }, (_, bin) => fit[gapBinOf(filmYear - eraBinCentre(bin))] ?? 0);
}
