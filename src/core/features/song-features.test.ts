import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBridges } from './bridges.js';
import { songFeatures, type SongInput } from './song-features.js';

const bridges = loadBridges(path.resolve(import.meta.dirname, '../../../resources/vibe'));

const song = (overrides: Partial<SongInput> = {}): SongInput => ({
  id: 1,
  releaseYear: 2019,
  explicit: false,
  popularity: 60,
  streams: null,
  danceability: null,
  energy: null,
  valence: null,
  acousticness: null,
  instrumentalness: null,
  speechiness: null,
  liveness: null,
  loudness: null,
  tempo: null,
  mode: null,
  genres: [],
  ...overrides,
});

const MEASURED = {
  valence: 0.82,
  energy: 0.35,
  danceability: 0.71,
  acousticness: 0.64,
  tempo: 120,
  instrumentalness: 0.01,
  speechiness: 0.04,
  liveness: 0.1,
  loudness: -8,
  mode: 1,
};

describe('song features', () => {
  it('take the mood axes straight from the audio features, pace from tempo, with full confidence', () => {
    const features = songFeatures(song(MEASURED), bridges);
    expect(features.mood.valence).toBe(0.82);
    expect(features.mood.energy).toBe(0.35);
    expect(features.mood.danceability).toBe(0.71);
    expect(features.mood.acousticness).toBe(0.64);
    expect(features.mood.pace).toBeCloseTo(0.5, 10);
    expect(features.moodConfidence).toBe(1);
    expect(features).toMatchObject({ kind: 'song', itemId: 1, releaseYear: 2019, popularity: 0.6 });
    expect(features.audio).toEqual({
      instrumentalness: 0.01,
      speechiness: 0.04,
      liveness: 0.1,
      loudness: expect.closeTo(52 / 60, 5),
      mode: 1,
      explicit: false,
    });
  });

  it('fill missing features from genre priors, with lower confidence', () => {
    const metal = songFeatures(song({ genres: ['death-metal'] }), bridges);
    const sleep = songFeatures(song({ genres: ['sleep'] }), bridges);
    expect(metal.moodConfidence).toBeLessThan(0.5);
    expect(metal.moodConfidence).toBeGreaterThan(0);
    expect(metal.mood.energy).toBeGreaterThan(0.8);
    expect(metal.mood.valence).toBeLessThan(0.3);
    expect(sleep.mood.energy).toBeLessThan(0.35);
    const partial = songFeatures(song({ ...MEASURED, tempo: 0, genres: ['drum-and-bass'] }), bridges);
    expect(partial.moodConfidence).toBeCloseTo((4 + 0.4) / 5, 10);
    expect(partial.mood.pace).toBeGreaterThan(0.8);
    const nothing = songFeatures(song(), bridges);
    expect(nothing.moodConfidence).toBe(0);
    expect(Object.values(nothing.mood)).toEqual([0.5, 0.5, 0.5, 0.5, 0.5]);
  });

  it('map genres and tags onto concepts (largest = 1) and regions', () => {
    const features = songFeatures(song({ ...MEASURED, genres: ['j-pop', 'anime'] }), bridges);
    expect(Math.max(...features.concepts.values())).toBe(1);
    expect(features.concepts.get('anime')).toBeGreaterThan(0.5);
    expect(features.concepts.get('pop')).toBeGreaterThan(0.5);
    expect([...features.regions]).toEqual([['japan', 1]]);
    expect(songFeatures(song({ genres: ['unheard-of-genre'] }), bridges).concepts.size).toBe(0);
  });

  it("read an artist's Last.fm tag as what it means of an artist, not as the dataset genre of that name", () => {
    const tagged = (tag: string) => songFeatures(song({ ...MEASURED }), bridges, { tags: new Map([[tag, 1]]) });
    // "disney" on Selena Gomez or the Jonas Brothers is a Disney Channel career; the Spotify genre is children's songs.
    expect(tagged('disney').concepts.has('kids')).toBe(false);
    expect(tagged('disney').concepts.get('youthful')).toBeGreaterThan(0.5);
    expect(songFeatures(song({ ...MEASURED, genres: ['disney'] }), bridges).concepts.get('kids')).toBe(1);
    // "romance" from listeners is a love song; the Spotify genre is the Russian romance, in its region.
    expect(tagged('romance').regions.size).toBe(0);
    expect(tagged('romance').concepts.get('romantic')).toBeGreaterThan(0.5);
    expect(songFeatures(song({ ...MEASURED, genres: ['romance'] }), bridges).regions.get('russia')).toBeGreaterThan(0);
    // "sad" from listeners (Jeff Buckley, Boyz II Men) is no sad lo-fi rap, "happy" (ELO, The Corrs) no happy hardcore.
    expect(tagged('sad').concepts.has('hip-hop')).toBe(false);
    expect(tagged('happy').concepts.has('electronic')).toBe(false);
    expect(songFeatures(song({ ...MEASURED, genres: ['happy'] }), bridges).concepts.get('electronic')).toBeGreaterThan(0);
    // A nationality says where an artist is from, not its style: "swedish" on In Flames is no pop.
    expect(tagged('swedish').concepts.has('pop')).toBe(false);
    expect(tagged('german').concepts.has('pop')).toBe(false);
    expect([...tagged('german').regions]).toEqual([['germanic', 0.8]]);
    // Tags without a meaning of their own read as the genre, regions included.
    expect(tagged('j-pop').regions.get('japan')).toBeGreaterThan(0);
  });

  it('add a little grit for explicit lyrics', () => {
    const clean = songFeatures(song({ ...MEASURED, genres: ['pop'] }), bridges);
    const explicit = songFeatures(song({ ...MEASURED, genres: ['pop'], explicit: true }), bridges);
    expect(clean.concepts.get('gritty')).toBeUndefined();
    expect(explicit.concepts.get('gritty')).toBeGreaterThan(0);
    expect(explicit.concepts.get('pop')).toBe(1);
  });

  it('read concepts off the audio only for songs no genre describes', () => {
    const quiet = songFeatures(song({ valence: 0.2, energy: 0.1, danceability: 0.3, acousticness: 0.95, tempo: 70 }), bridges);
    expect(quiet.concepts.get('acoustic')).toBeGreaterThan(0);
    expect(quiet.concepts.get('chill')).toBeGreaterThan(0);
    expect(quiet.concepts.get('euphoric')).toBeUndefined();
    const rap = songFeatures(song({ valence: 0.5, energy: 0.7, danceability: 0.85, acousticness: 0.1, speechiness: 0.35, tempo: 95 }), bridges);
    expect(rap.concepts.get('hip-hop')).toBeGreaterThan(0);
    const folk = songFeatures(song({ valence: 0.2, energy: 0.1, danceability: 0.3, acousticness: 0.95, tempo: 70, genres: ['folk'] }), bridges);
    expect(folk.concepts.get('chill')).toBeUndefined();
  });

  it('use the catalog percentiles when given', () => {
    const features = songFeatures(song({ ...MEASURED }), bridges, { popularity: 0.9, loudness: 0.25 });
    expect(features.popularity).toBe(0.9);
    expect(features.audio?.loudness).toBe(0.25);
    expect(songFeatures(song({ popularity: null }), bridges).popularity).toBe(0.5);
  });
});
