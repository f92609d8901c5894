import { afterAll, describe, expect, it } from 'vitest';
import { loadBridges } from '../features/bridges.js';
import { MOOD_AXES } from '../features/types.js';
import { VibeIndex } from '../recommend/vibe-index.js';
import { tempDatabase } from '../testing/temp.js';
import { buildVibeIndex } from '../vibe/build-index.js';
import { moodClashTest } from './mood-clashes.js';
import { addMovie, addSong } from './test-helpers.js';

const db = tempDatabase();
afterAll(() => db.close());

/** Audio features in test-helpers' order: danceability, energy, …, valence (8th), tempo. */
const audio = (valence: number, energy: number) => [0.5, energy, -8, 0.05, 0.3, 0, 0.1, valence, 110];

describe('mood clashes on first pages', () => {
  it('finds a bright song against a bleak film, in either direction, and nothing between moods that agree or sit in the middle', async () => {
    const neutralSongs = Array.from({ length: 8 }, (_, n) => addSong(db, { title: `Middle ${n}`, artists: `M${n}`, audio: audio(0.45 + n * 0.01, 0.55) }));
    const bright = addSong(db, { title: 'Party', artists: 'Sun', audio: audio(0.97, 0.55) });
    const bleak = addSong(db, { title: 'Dirge', artists: 'Rain', audio: audio(0.03, 0.55) });
    const film = (title: string, overview: string, genres: string[]) => addMovie(db, { title, year: 2000, overview, runtime: 100, voteCount: 100, genres });
    const neutralFilms = Array.from({ length: 8 }, (_, n) => film(`Story ${n}`, 'A man travels to a city and meets a woman.', ['Drama']));
    const light = film('Sunny Days', 'A joyful, hilarious and heartwarming celebration of friendship and fun.', ['Comedy', 'Family']);
    const grim = film('Ashes', 'A grim, brutal war of terror, death and murder.', ['War', 'Horror']);
    await buildVibeIndex(db, { bridges: loadBridges() });
    const index = VibeIndex.load(db, { engine: { threads: 0 } })!;
    try {
      const songs = [...neutralSongs, bright, bleak];
      const films = [...neutralFilms, light, grim];
      // The premise: each extreme sits at least one standard deviation from its kind's typical valence.
      const valence = MOOD_AXES.indexOf('valence');
      const deviation = (kind: 'song' | 'movie', id: number) => {
        const { mean, std } = index.model.moodStats[kind];
        return (index.moods(db, kind, [id]).get(id)![valence]! - mean[valence]!) / std[valence]!;
      };
      expect(deviation('song', bright)).toBeGreaterThanOrEqual(1);
      expect(deviation('song', bleak)).toBeLessThanOrEqual(-1);
      expect(deviation('movie', light)).toBeGreaterThanOrEqual(1);
      expect(deviation('movie', grim)).toBeLessThanOrEqual(-1);

      const clash = moodClashTest(db, index, songs, films);
      expect(clash('song-to-movie', bright, grim)).toBe(true);
      expect(clash('movie-to-song', grim, bright)).toBe(true);
      expect(clash('song-to-movie', bleak, light)).toBe(true);
      expect(clash('movie-to-song', light, bleak)).toBe(true);
      expect(clash('song-to-movie', bright, light)).toBe(false);
      expect(clash('song-to-movie', bleak, grim)).toBe(false);
      for (const song of neutralSongs) for (const movie of films) expect(clash('song-to-movie', song, movie)).toBe(false);
      // An item whose mood was not read is no clash.
      expect(clash('song-to-movie', bright, 999_999)).toBe(false);
    } finally {
      await index.close();
    }
  });
});
