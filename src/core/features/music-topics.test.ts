import { describe, expect, it } from 'vitest';
import { filmTopics, MUSIC_TOPICS, songTopics } from './music-topics.js';

const topicsOf = (row: Float32Array | null) => (row ? MUSIC_TOPICS.filter((_, index) => row[index]! > 0).map((topic) => topic.id) : []);
const film = (overview: string, keywords: readonly string[] = [], genres: readonly string[] = ['Drama']) =>
  topicsOf(filmTopics({ title: null, overview, tagline: null, keywords, genres }));

describe('the music a film is about', () => {
  it('reads it from keywords and from words that only mean the music', () => {
    expect(film('A young drummer enrolls at a cut-throat music conservatory.', ['jazz', 'drummer'])).toEqual(['jazz']);
    expect(film('Tony spends his Saturdays at a disco where his stylish moves raise his popularity.', [], ['Drama', 'Music'])).toEqual(['disco']);
    expect(film('A hairdresser dreams of becoming a disco queen.')).toEqual(['disco']);
    expect(film('Tony spends his Saturdays at a disco where his stylish moves raise his popularity.', [], ['Drama', 'Romance'])).toEqual(['disco']);
    expect(film('A young rapper from Detroit struggles.', ['rap music', 'hip-hop'])).toEqual(['hip-hop']);
    expect(film("Freddie Mercury and his bandmates take the music world by storm when they form the rock 'n' roll band Queen.")).toEqual(['rock']);
    expect(film('The story of the country singer Johnny Cash.')).toEqual(['country']);
    expect(film('The rivalry between Mozart and Salieri.', ['composer', 'opera'])).toEqual(['classical']);
    expect(film('An eight-year-old is left home alone at Christmas.', ['burglar'])).toEqual(['christmas']);
    expect(film('The rise of a Motown girl group.')).toEqual(['soul']);
    expect(film('A blind soul singer.', ['jazz', 'soul music', 'country music'])).toEqual(['jazz', 'country', 'soul']);
  });

  it('does not read it from words that mean something else', () => {
    expect(film('After hitting rock bottom, a detective with a long rap sheet chases a young punk across the country.')).toEqual([]);
    expect(film('A soap opera star and a space opera fan fall in love.')).toEqual([]);
    expect(film('Shredder and his henchmen, Bebop and Rocksteady, unleash a plan.')).toEqual([]);
    expect(film('The Gospel according to St. Matthew.', ['gospel', 'jesus christ'])).toEqual([]);
    expect(film('A gospel choir in Harlem.')).toEqual(['soul']);
    // A disco as a place names the music only in a film about music.
    expect(film('A group of young people leave a disco and bump into a shepherd.', [], ['Comedy', 'Horror'])).toEqual([]);
    expect(film('A conductor on the last train to the country house.')).toEqual([]);
    expect(film('Nothing about music here.', ['love', 'friendship', 'music'])).toEqual([]);
  });

  it('puts a Christmas song out of place in a film not set at Christmas, and no other music', () => {
    const christmas = MUSIC_TOPICS.findIndex((topic) => topic.id === 'christmas');
    const notAbout = filmTopics({ overview: 'A detective hunts a crew of thieves.', tagline: null, keywords: [], genres: ['Crime'] });
    expect([...notAbout].filter((value) => value !== 0)).toEqual([-0.5]);
    expect(notAbout[christmas]).toBe(-0.5);
    const jazzFilm = filmTopics({ overview: 'A jazz pianist in Paris.', tagline: null, keywords: [], genres: ['Drama'] });
    expect(jazzFilm[christmas]).toBe(-0.5);
    expect(filmTopics({ overview: 'Wonderful Christmastime in Chicago.', tagline: null, keywords: [], genres: ['Comedy'] })[christmas]).toBe(1);
  });
});

describe('the music a song is of', () => {
  it('comes from its genres, its strong tags and whether it is a Christmas song, as shares summing to 1', () => {
    expect(topicsOf(songTopics(['cool jazz'], undefined, false))).toEqual(['jazz']);
    expect(topicsOf(songTopics(['alt-rock', 'punk-rock'], undefined, false))).toEqual(['rock']);
    expect(topicsOf(songTopics(['pop'], new Map([['jazz', 0.9]]), false))).toEqual(['jazz']);
    expect(topicsOf(songTopics(['adult standards'], undefined, true))).toEqual(['christmas']);
    const mixed = songTopics(['jazz', 'soul'], undefined, false)!;
    expect(topicsOf(mixed)).toEqual(['jazz', 'soul']);
    expect(mixed.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 6);
  });

  it('leaves out weak tags and look-alike genres', () => {
    expect(songTopics(['pop'], new Map([['jazz', 0.2]]), false)).toBeNull();
    // New jack swing is R&B, not swing jazz.
    expect(topicsOf(songTopics(['r&b', 'new jack swing'], undefined, false))).toEqual([]);
    expect(songTopics([], undefined, false)).toBeNull();
  });
});
