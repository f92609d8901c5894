/** A value clamped to [0, 1]. */
export const clamp01 = (value: number): number => (value <= 0 ? 0 : value >= 1 ? 1 : value);

/** A finite number: null, undefined and NaN are unknown. */
export const isKnown = (value: number | null | undefined): value is number => value !== null && value !== undefined && Number.isFinite(value);
