/** The item kinds with vibe vectors. */
export type VibeKind = 'song' | 'movie';
/** Each kind has two tables of vibe vectors; a build writes into the one the ready model does not use. */
export type VibeSlot = 0 | 1;
export const VIBE_SLOTS: readonly VibeSlot[] = [0, 1];

/**
 * Where a built model's vectors live (migration 18): one table per kind and slot, a row per item
 * with its vibe vector and its raw mood axes (5 floats in 0..1, for the vibe map and the profile
 * radar), tagged with the model that wrote it.
 */
export const vibeVectorTable = (kind: VibeKind, slot: VibeSlot): string => `vibe_${kind}_vectors_${slot}`;
