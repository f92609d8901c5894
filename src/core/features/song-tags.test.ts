import { describe, expect, it } from 'vitest';
import { tempDatabase } from '../../../tests/support/temp.js';
import { featuredArtists, loadSongTags, matchSongArtists } from './song-tags.js';

function catalogWithTags() {
  const db = tempDatabase();
  db.prepare(
    `INSERT INTO sources(id, path, kind, format) VALUES (1, '/lastfm', 'songs', 'lastfm-hetrec2011'), (2, '/other', 'songs', 'lastfm-hetrec2011')`,
  ).run();
  const tag = db.prepare(`INSERT INTO artist_tags(source_id, artist_key, artist_name, tag, users, weight) VALUES (?, ?, ?, ?, ?, ?)`);
  tag.run(1, 'beatles', 'The Beatles', 'classic rock', 10, 1);
  tag.run(1, 'beatles', 'The Beatles', '60s', 5, 0.5);
  tag.run(2, 'beatles', 'The Beatles', '60s', 8, 0.8);
  tag.run(1, 'earth wind and fire', 'Earth, Wind & Fire', 'funk', 4, 1);
  tag.run(1, 'beyonce', 'Beyoncé', 'rnb', 4, 1);
  tag.run(1, 'jay z', 'Jay-Z', 'rap', 4, 1);
  tag.run(1, 'jay z', 'Jay-Z', 'rnb', 1, 0.25);
  tag.run(1, 'simon and garfunkel', 'Simon & Garfunkel', 'folk', 4, 1);
  const song = db.prepare(`INSERT INTO songs(id, song_key, title, artists) VALUES (?, ?, ?, ?)`);
  song.run(1, 'a', 'Let It Be - Remastered 2009', 'The Beatles');
  song.run(2, 'b', 'September', 'Earth, Wind & Fire');
  song.run(3, 'c', 'Crazy In Love (feat. Jay-Z)', 'BEYONCÉ');
  song.run(4, 'd', 'The Boxer', 'Simon and Garfunkel');
  song.run(5, 'e', 'Unknown', 'Nobody Known');
  song.run(6, 'f', 'Duet', 'Nobody Known, Jay Z');
  return db;
}

describe('loadSongTags', () => {
  it("gives each song its artists' tags matched by normalised name, merged over sources by the largest weight", () => {
    const tags = loadSongTags(catalogWithTags());
    expect([...tags.keys()].sort()).toEqual([1, 2, 3, 4, 6]);
    expect(Object.fromEntries(tags.get(1)!)).toEqual({ 'classic rock': 1, '60s': 0.8 });
    expect(Object.fromEntries(tags.get(2)!)).toEqual({ funk: 1 });
    expect(Object.fromEntries(tags.get(4)!)).toEqual({ folk: 1 });
  });

  it('counts the main artist fully and a featured artist at half weight, never above 1', () => {
    const tags = loadSongTags(catalogWithTags());
    expect(Object.fromEntries(tags.get(3)!)).toEqual({ rnb: 1, rap: 0.5 });
    // With no tagged main artist, the first tagged credited artist leads.
    expect(Object.fromEntries(tags.get(6)!)).toEqual({ rap: 1, rnb: 0.25 });
    for (const songTags of tags.values()) for (const weight of songTags.values()) expect(weight > 0 && weight <= 1).toBe(true);
  });

  it("takes a song's language tags from its first credited artist only, never from a guest", () => {
    const db = catalogWithTags();
    const tag = db.prepare(`INSERT INTO artist_tags(source_id, artist_key, artist_name, tag, users, weight) VALUES (1, ?, ?, ?, ?, ?)`);
    tag.run('m', '-M-', 'french', 10, 1);
    tag.run('m', '-M-', 'chanson', 8, 0.8);
    tag.run('m', '-M-', 'rock', 4, 0.4);
    tag.run('bts', 'BTS', 'k-pop', 10, 1);
    tag.run('bts', 'BTS', 'pop', 5, 0.5);
    const song = db.prepare(`INSERT INTO songs(id, song_key, title, artists) VALUES (?, ?, ?, ?)`);
    // The Most Streamed 2023 file cuts long credits: the last "M" is the start of a name, not -M-.
    song.run(7, 'g', 'Tubarão Te', 'Dj LK da Escócia, Tchakabum, mc jhenny, M');
    song.run(8, 'h', 'Savoir (feat. BTS)', 'M');
    song.run(9, 'i', 'Only Tongues', 'Nobody Known, BTS');
    const tags = loadSongTags(db);
    // -M- leads the first song's tags, but a guest's French is not the song's.
    expect(Object.fromEntries(tags.get(7)!)).toEqual({ rock: 0.4 });
    expect(Object.fromEntries(tags.get(8)!)).toEqual({ french: 1, chanson: 0.8, rock: 0.4, pop: 0.25 });
    // With no tagged first credit, the first tagged artist leads the style, and lends no language.
    expect(Object.fromEntries(tags.get(9)!)).toEqual({ pop: 0.5 });
  });

  it('returns an empty map when no tags were imported', () => {
    const db = tempDatabase();
    db.prepare(`INSERT INTO songs(id, song_key, title, artists) VALUES (1, 'a', 'x', 'y')`).run();
    expect(loadSongTags(db).size).toBe(0);
  });
});

describe('matchSongArtists and featuredArtists', () => {
  it('reads featured credits in brackets and bare, splitting several guests', () => {
    expect(featuredArtists('Song (feat. A & B)')).toEqual(['A & B', 'A', 'B']);
    expect(featuredArtists('Song ft. Drake')).toEqual(['Drake']);
    expect(featuredArtists('Song [with X]')).toEqual(['X']);
    expect(featuredArtists('Plain Song')).toEqual([]);
  });

  it('prefers a comma-holding name over its parts', () => {
    const known = new Set(['earth wind and fire', 'earth', 'emotions']);
    expect(matchSongArtists('Earth, Wind & Fire, The Emotions', 'Boogie Wonderland', known)).toEqual({
      keys: ['earth wind and fire', 'emotions'],
      firstCredited: true,
    });
  });

  it('gives a compilation\'s "Various Artists" credit no artist\'s tags (Last.fm tags one "Various Artists" too)', () => {
    const known = new Set(['various artists', 'jeff redd']);
    expect(matchSongArtists('Various Artists', 'You Called And Told Me - Jeff Redd', known)).toEqual({ keys: [], firstCredited: false });
    expect(matchSongArtists('Various Artists, Jeff Redd', 'You Called And Told Me', known)).toEqual({ keys: ['jeff redd'], firstCredited: true });
  });
});
