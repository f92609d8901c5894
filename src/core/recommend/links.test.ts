import { describe, expect, it } from 'vitest';
import { soundtrackLinksOf, type SoundtrackLinkLookup } from './links.js';

describe('soundtrackLinksOf', () => {
  const rows = [
    { songId: 1, movieId: 10, evidence: 'album "Spirited Away Soundtrack"', relation: 'named' },
    { songId: 2, movieId: 11, evidence: 'the film is about Queen', relation: 'about-artist' },
    { songId: 3, movieId: 11, evidence: 'the film is about Queen', relation: 'about-artist' },
  ] as const;
  const index: SoundtrackLinkLookup = {
    ofSong: (songId) => rows.filter((row) => row.songId === songId),
    ofMovie: (movieId) => rows.filter((row) => row.movieId === movieId),
  };

  it("gives a film's soundtrack songs and the songs of the artist it is about, each with its relation", () => {
    expect(soundtrackLinksOf(index, [{ kind: 'movie', id: 11 }], 'song')).toEqual([
      { kind: 'song', itemId: 2, viaPick: 0, relation: 'by-artist', evidence: 'the film is about Queen' },
      { kind: 'song', itemId: 3, viaPick: 0, relation: 'by-artist', evidence: 'the film is about Queen' },
    ]);
    expect(soundtrackLinksOf(index, [{ kind: 'movie', id: 10 }], 'song')).toEqual([
      { kind: 'song', itemId: 1, viaPick: 0, relation: 'soundtrack', evidence: 'album "Spirited Away Soundtrack"' },
    ]);
  });

  it('gives a song the films its album names and the films about its artist, and nothing within a kind', () => {
    expect(soundtrackLinksOf(index, [{ kind: 'song', id: 2 }], 'movie')).toEqual([
      { kind: 'movie', itemId: 11, viaPick: 0, relation: 'about-artist', evidence: 'the film is about Queen' },
    ]);
    expect(soundtrackLinksOf(index, [{ kind: 'song', id: 1 }], 'movie').map((link) => link.relation)).toEqual(['used-in']);
    expect(soundtrackLinksOf(index, [{ kind: 'song', id: 2 }], 'song')).toEqual([]);
  });
});
