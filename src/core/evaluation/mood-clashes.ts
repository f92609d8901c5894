import type { CatalogDatabase } from '../db/open-database.js';
import { MOOD_AXES } from '../features/types.js';
import type { VibeIndex } from '../recommend/vibe-index.js';
import { moodOfRow, standardisedMood } from '../vibe/model.js';
import type { Direction, ItemKind } from './types.js';

/**
 * Clear mood clashes on first pages: a result whose mood is plainly opposite its pick's. On valence
 * or on energy, one of the two sits at least CLEAR_DEVIATIONS standard deviations above its kind's
 * typical value and the other at least as far below its own kind's: a bright party song for a bleak
 * war film, a pounding track for a quiet drama. Each kind is read against its own statistics (the
 * vibe model's), as the mood clash block reads them (vibe/mood-clash.ts): films' moods, read from
 * genres, keywords and overviews, crowd near the middle where songs' spread over the whole range.
 * Mood barely predicts a film's soundtrack, yet a person reading a list notices a clash: the
 * evaluation reports how often each method shows one.
 */
const CLEAR_DEVIATIONS = 1;
const AXES = ['valence', 'energy'] as const satisfies readonly (typeof MOOD_AXES)[number][];

/** Whether a pick (`queryId`, of the direction's query kind) and a result (`resultId`) clearly clash; false when either mood is unknown. */
export type MoodClashTest = (direction: Direction, queryId: number, resultId: number) => boolean;

export function moodClashTest(db: CatalogDatabase, index: VibeIndex, songIds: readonly number[], movieIds: readonly number[]): MoodClashTest {
  const sides = { song: moodSides(db, index, 'song', songIds), movie: moodSides(db, index, 'movie', movieIds) };
  return (direction, queryId, resultId) => {
    const [songId, movieId] = direction === 'song-to-movie' ? [queryId, resultId] : [resultId, queryId];
    const song = sides.song.get(songId);
    const movie = sides.movie.get(movieId);
    return song !== undefined && movie !== undefined && AXES.some((_, axis) => song[axis]! * movie[axis]! === -1);
  };
}

/** Per item and axis of AXES: 1 clearly above its kind's typical value, -1 clearly below, 0 in between. */
function moodSides(db: CatalogDatabase, index: VibeIndex, kind: ItemKind, ids: readonly number[]): Map<number, Int8Array> {
  const stats = index.model.moodStats[kind];
  const places = AXES.map((axis) => MOOD_AXES.indexOf(axis));
  const result = new Map<number, Int8Array>();
  for (const [id, mood] of index.moods(db, kind, ids)) {
    // The vibe model's own standardisation (clipped at 3 deviations, far past CLEAR_DEVIATIONS).
    const deviations = standardisedMood({ mood: moodOfRow(mood, 0) }, stats);
    const side = (deviation: number) => (Math.abs(deviation) < CLEAR_DEVIATIONS ? 0 : Math.sign(deviation));
    result.set(
      id,
      Int8Array.from(places, (place) => side(deviations[place]!)),
    );
  }
  return result;
}
