import { describe, expect, it } from 'vitest';
import { addSong } from '../evaluation/test-helpers.js';
import { tempDatabase } from '../testing/temp.js';
import { explicitFromTitle, explicitSongIds, knownExplicit, loadExplicitLyrics, titleSoundsExplicit } from './explicit-lyrics.js';
import { readSongFacts } from '../catalog/recordings.js';

describe('explicit lyrics where the source has no flag', () => {
  it('reads swearing and censored swearing in a title, and nothing else', () => {
    for (const title of ["I Don't Give A Fuck", 'Down A** B**ch', 'F**k You', 'Motherfucker', 'Bitches Ain’t Shit', 'N***a Please'])
      expect(titleSoundsExplicit(title), title).toBe(true);
    for (const title of ['Shiitake Sunday', 'Scunthorpe', 'Dickens', 'Pussycat Dolls Medley', 'Moby Dick', 'Shitting Bull', '5*5 = 25', 'Bitchin’ Summer'])
      expect(titleSoundsExplicit(title), title).toBe(['Shitting Bull', 'Bitchin’ Summer'].includes(title));
  });

  it('reads the version a title names before its words, and only a version', () => {
    const explicit = [
      'Seven (feat. Latto) (Explicit Ver.)',
      'California Love - Original Version (Explicit)',
      'Gold Digger [Explicit]',
      'Hypnotize - Album Version (Explicit)',
      'Ride Wit Me - Explicit Version',
      'Big Pimpin’ (Dirty)',
    ];
    const clean = ['Savage Remix (Clean) (feat. Beyoncé)', 'Get the Party Started - Clean Lyrics', 'F**k You (Clean Version)', 'Shit Happens - Radio Edited'];
    const silent = [
      'Come Clean',
      'Caution - Clean Bandit Remix',
      'Mr. Clean',
      'Lost & Not Found - Dream Mclean Remix',
      'QUARANTINE CLEAN',
      'Explicit Content Warning',
      'Dirty Diana',
    ];
    for (const title of explicit) expect(explicitFromTitle(title), title).toBe(true);
    for (const title of clean) expect(explicitFromTitle(title), title).toBe(false);
    for (const title of silent) expect(explicitFromTitle(title), title).toBeNull();
    // The source's flag outranks the title.
    expect(knownExplicit(0, 'Gold Digger [Explicit]')).toBe(false);
    expect(knownExplicit(1, 'Savage Remix (Clean)')).toBe(true);
    expect(knownExplicit(null, 'Gold Digger [Explicit]')).toBe(true);
  });

  it('keeps the source’s flag, else the title, else the main artist’s flagged songs when most are explicit', () => {
    const db = tempDatabase();
    const flag = db.prepare(`UPDATE songs SET explicit = ? WHERE id = ?`);
    const song = (title: string, artists: string, explicit: number | null) => {
      const id = addSong(db, { title, artists });
      flag.run(explicit, id);
    };
    // 2Pac: three of four flagged songs explicit; Enya: all clean; Solo: one flagged song only.
    song('California Love', '2Pac, Dr. Dre', 1);
    song('Changes', '2Pac', 1);
    song('Hit Em Up', '2Pac', 1);
    song('Dear Mama', '2Pac', 0);
    song('Orinoco Flow', 'Enya', 0);
    song('Caribbean Blue', 'Enya', 0);
    song('Only Time', 'Enya', 0);
    song('One', 'Solo', 1);
    const explicit = loadExplicitLyrics(db);
    expect(explicit(0, 'Dear Mama', '2Pac', null)).toBe(false);
    expect(explicit(1, 'Sail Away', 'Enya', null)).toBe(true);
    expect(explicit(null, 'Toss It Up', '2Pac', null)).toBe(true);
    expect(explicit(null, 'Toss It Up', '2Pac, Aaron Hall', null)).toBe(true);
    expect(explicit(null, 'Book of Days', 'Enya', null)).toBeNull();
    expect(explicit(null, 'Two', 'Solo', null)).toBeNull();
    expect(explicit(null, 'Shit Happens', 'Enya', null)).toBe(true);
    expect(explicit(null, 'Anything', 'Nobody Known', null)).toBeNull();
    // The same answers from a build's one read of the songs for all its statistics.
    const fromFacts = loadExplicitLyrics(db, undefined, readSongFacts(db));
    for (const [title, artists] of [
      ['Toss It Up', '2Pac'],
      ['Book of Days', 'Enya'],
      ['Two', 'Solo'],
      ['Dear Mama', '2Pac'],
    ] as const)
      expect(fromFacts(null, title, artists, null)).toBe(explicit(null, title, artists, null));
  });

  it('reads a genre whose flagged songs are mostly explicit, once enough of them are flagged', () => {
    const db = tempDatabase();
    const genre = (name: string) => Number(db.prepare(`INSERT INTO genres(domain, name) VALUES ('music', ?)`).run(name).lastInsertRowid);
    const rap = genre('rap');
    const folk = genre('folk');
    const tagged = db.prepare(`INSERT INTO song_genres(song_id, genre_id) VALUES (?, ?)`);
    const flag = db.prepare(`UPDATE songs SET explicit = ? WHERE id = ?`);
    // 20 flagged rap songs by 20 artists, 15 explicit; 20 flagged folk songs, 2 explicit.
    for (let n = 0; n < 20; n++) {
      const rapSong = addSong(db, { title: `Rap ${n}`, artists: `Rapper ${n}` });
      flag.run(n < 15 ? 1 : 0, rapSong);
      tagged.run(rapSong, rap);
      const folkSong = addSong(db, { title: `Folk ${n}`, artists: `Singer ${n}` });
      flag.run(n < 2 ? 1 : 0, folkSong);
      tagged.run(folkSong, folk);
    }
    const explicit = loadExplicitLyrics(db);
    expect(explicit(null, 'Put It On', 'Big L', String(rap))).toBe(true);
    expect(explicit(null, 'Put It On', 'Big L', `${folk},${rap}`)).toBe(true);
    expect(explicit(null, 'The Water Is Wide', 'Someone', String(folk))).toBeNull();
    expect(explicit(0, 'Clean Rap', 'Rapper 1', String(rap))).toBe(false);
    // The whole catalog read the same way: the 17 flagged explicit songs, and an unflagged rap song.
    const bigL = addSong(db, { title: 'Put It On', artists: 'Big L' });
    tagged.run(bigL, rap);
    const unflaggedFolk = addSong(db, { title: 'The Water Is Wide', artists: 'Someone' });
    tagged.run(unflaggedFolk, folk);
    const ids = explicitSongIds(db);
    expect(ids.has(bigL)).toBe(true);
    expect(ids.has(unflaggedFolk)).toBe(false);
    expect(ids.size).toBe(15 + 2 + 1);
  });
});
