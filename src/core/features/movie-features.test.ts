import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBridges } from './bridges.js';
import { movieFeatures, posterMood, type MovieInput } from './movie-features.js';
import { POSTER_COLOUR_PRIOR } from './priors.js';
import { songFeatures } from './song-features.js';

const bridges = loadBridges(path.resolve(import.meta.dirname, '../../../resources/vibe'));

const movie = (overrides: Partial<MovieInput> = {}): MovieInput => ({
  id: 7,
  releaseYear: 2005,
  overview: null,
  tagline: null,
  runtimeMinutes: 105,
  originalLanguage: 'en',
  genres: [],
  keywords: [],
  ...overrides,
});

describe('movie features', () => {
  it("mark family and children's films (TMDb's Family, MovieLens's Children), and no others", () => {
    expect(movieFeatures(movie({ genres: ['Animation', 'Family'] }), bridges).family).toBe(true);
    expect(movieFeatures(movie({ genres: ['Children', 'Comedy'] }), bridges).family).toBe(true);
    expect(movieFeatures(movie({ genres: ['Animation', 'Science Fiction'] }), bridges).family).toBe(false);
  });

  it('give a horror film low valence and high energy, a comedy high valence and danceability', () => {
    const horror = movieFeatures(movie({ genres: ['Horror'], keywords: ['serial killer', 'gore'] }), bridges);
    const comedy = movieFeatures(movie({ genres: ['Comedy'], keywords: ['friendship', 'wedding'] }), bridges);
    expect(horror.mood.valence).toBeLessThan(0.3);
    expect(horror.mood.energy).toBeGreaterThan(0.65);
    expect(comedy.mood.valence).toBeGreaterThan(0.7);
    expect(comedy.mood.valence - horror.mood.valence).toBeGreaterThan(0.4);
    expect(comedy.mood.danceability).toBeGreaterThan(horror.mood.danceability);
    expect(horror.concepts.get('eerie')).toBe(1);
    expect(comedy.concepts.get('playful')).toBe(1);
    expect(horror.moodConfidence).toBeLessThan(0.6);
    expect(horror).toMatchObject({ kind: 'movie', itemId: 7, releaseYear: 2005, popularity: 0.5 });
  });

  it('move valence with the per-word sentiment of overview and tagline', () => {
    const base = { genres: ['Drama'] };
    const grim = movieFeatures(
      movie({ ...base, overview: 'After the murder of his wife, a grieving, broken man descends into despair, violence and revenge.' }),
      bridges,
    );
    const warm = movieFeatures(
      movie({ ...base, overview: 'A joyful, funny and heartwarming story about love, friendship, hope and the courage to dream.' }),
      bridges,
    );
    const silent = movieFeatures(movie(base), bridges);
    expect(grim.mood.valence).toBeLessThan(silent.mood.valence);
    expect(warm.mood.valence).toBeGreaterThan(silent.mood.valence);
    expect(warm.moodConfidence).toBeGreaterThan(silent.moodConfidence);
  });

  it('make long films slower and old films a little slower and more acoustic', () => {
    const short = movieFeatures(movie({ genres: ['Adventure'], runtimeMinutes: 85 }), bridges);
    const long = movieFeatures(movie({ genres: ['Adventure'], runtimeMinutes: 200 }), bridges);
    expect(long.mood.pace).toBeLessThan(short.mood.pace);
    expect(short.mood.pace - long.mood.pace).toBeLessThanOrEqual(0.3);
    const old = movieFeatures(movie({ genres: ['Adventure'], releaseYear: 1940 }), bridges);
    const recent = movieFeatures(movie({ genres: ['Adventure'], releaseYear: 2015 }), bridges);
    expect(old.mood.pace).toBeLessThan(recent.mood.pace);
    expect(old.mood.acousticness).toBeGreaterThan(recent.mood.acousticness);
    expect(recent.mood.pace - old.mood.pace).toBeLessThanOrEqual(0.1 + 1e-9);
  });

  it('apply the Valdez & Mehrabian poster prior: bright → pleasant, saturated → arousing', () => {
    const bright = posterMood({ brightness: 0.9, saturation: 0.5 }, null)!;
    const dark = posterMood({ brightness: 0.1, saturation: 0.5 }, null)!;
    const vivid = posterMood({ brightness: 0.5, saturation: 0.9 }, null)!;
    expect(bright.valence).toBeGreaterThan(dark.valence);
    expect(bright.energy).toBeLessThan(dark.energy);
    expect(vivid.energy).toBeGreaterThan(0.5);
    expect(posterMood({ brightness: 0.5, saturation: 0.5 }, null)).toEqual({ valence: 0.5, energy: 0.5 });
    expect(posterMood({ brightness: 0.3, saturation: 0.4 }, { brightness: 0.3, saturation: 0.4 })).toEqual({ valence: 0.5, energy: 0.5 });

    const colour = { warmth: 0.5, contrast: 0.5, colourfulness: 0.5 };
    const withPoster = movieFeatures(movie({ genres: ['Drama'], poster: { brightness: 0.95, saturation: 0.9, ...colour } }), bridges);
    const without = movieFeatures(movie({ genres: ['Drama'] }), bridges);
    expect(withPoster.mood.valence).toBeGreaterThan(without.mood.valence);
    const off = movieFeatures(movie({ genres: ['Drama'], poster: { brightness: 0.95, saturation: 0.9, ...colour } }), bridges, {
      posterPrior: { ...POSTER_COLOUR_PRIOR, weight: 0 },
    });
    expect(off.mood.valence).toBeCloseTo(without.mood.valence, 12);
  });

  it('place a Japanese film in the same region as j-pop and anime songs', () => {
    const film = movieFeatures(movie({ genres: ['Animation', 'Fantasy'], originalLanguage: 'ja' }), bridges);
    const jpop = songFeatures(
      {
        id: 1,
        releaseYear: 2020,
        explicit: false,
        popularity: 50,
        streams: null,
        danceability: 0.6,
        energy: 0.7,
        valence: 0.6,
        acousticness: 0.2,
        instrumentalness: 0,
        speechiness: 0.05,
        liveness: 0.1,
        loudness: -5,
        tempo: 130,
        mode: 1,
        genres: ['j-pop'],
      },
      bridges,
    );
    const shared = [...film.regions.keys()].filter((region) => jpop.regions.has(region));
    expect(shared).toEqual(['japan']);
    const spanish = movieFeatures(movie({ genres: ['Drama'], originalLanguage: 'es' }), bridges);
    expect(spanish.regions.get('latin')).toBe(1);
    const english = movieFeatures(movie({ genres: ['Drama'], originalLanguage: 'en', keywords: ['tokyo'] }), bridges);
    expect(english.regions.get('anglophone')).toBe(1);
    expect(english.regions.get('japan')).toBe(0.5);
    expect(movieFeatures(movie({ originalLanguage: null }), bridges).regions.size).toBe(0);
  });

  it("take no devotion from a horror film's nun, church or faith, but a drama's, and read religious fanatics as dark", () => {
    const keywords = ['nun', 'church', 'faith'];
    const horror = movieFeatures(movie({ genres: ['Horror'], keywords }), bridges);
    const drama = movieFeatures(movie({ genres: ['Drama'], keywords }), bridges);
    expect(horror.concepts.has('spiritual')).toBe(false);
    expect(drama.concepts.get('spiritual')).toBeGreaterThan(0.5);
    // A keyword whose every concept is held back counts as no keyword: no mood prior, no confidence from it.
    expect(horror.moodConfidence).toBe(movieFeatures(movie({ genres: ['Horror'] }), bridges).moodConfidence);
    expect(horror.mood).toEqual(movieFeatures(movie({ genres: ['Horror'] }), bridges).mood);
    const cult = movieFeatures(movie({ genres: ['Thriller'], keywords: ['religious cult', 'religious fanatic'] }), bridges);
    expect(cult.concepts.has('spiritual')).toBe(false);
    expect(cult.concepts.get('dark')).toBeGreaterThan(0);
  });

  it('keep concepts from genres at full weight and damp many keywords', () => {
    const features = movieFeatures(
      movie({ genres: ['Science Fiction'], keywords: ['love', 'kiss', 'lovers', 'forbidden love', 'new love', 'falling in love'] }),
      bridges,
    );
    expect(features.concepts.get('futuristic')).toBe(1);
    expect(features.concepts.get('romantic')).toBeGreaterThan(0.5);
    expect(features.concepts.get('romantic')).toBeLessThanOrEqual(0.6);
    expect(Math.max(...features.concepts.values())).toBe(1);
  });
});
