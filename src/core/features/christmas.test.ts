import { describe, expect, it } from 'vitest';
import { songScope } from '../catalog/recordings.js';
import { tempDatabase } from '../testing/temp.js';
import { christmasSongs } from './christmas.js';

function catalog() {
  const db = tempDatabase();
  const song = db.prepare(`INSERT INTO songs(id, song_key, title, artists, album, duration_ms) VALUES (?, ?, ?, ?, ?, 200000)`);
  song.run(1, 'a', 'Miss You Most', 'Mariah Carey', 'Merry Christmas');
  song.run(2, 'b', 'Jesus Born on This Day', 'Mariah Carey', 'Merry Christmas');
  // A playlist-like compilation under one album name: several artists.
  song.run(3, 'c', 'The Girl From Ipanema', 'Stan Getz, João Gilberto', 'christmas but not christmas songs');
  song.run(4, 'd', 'In A Sentimental Mood', 'Duke Ellington, John Coltrane', 'christmas but not christmas songs');
  song.run(5, 'e', 'Fairytale of New York', 'The Pogues', 'Best Christmas Songs 2022');
  song.run(6, 'f', 'Last Christmas', 'Wham!', 'Best Christmas Songs 2022');
  song.run(7, 'g', 'O Holy Night', 'Adolphe Adam, Luciano Pavarotti', 'Weihnachten Klassik 2022');
  song.run(8, 'h', 'Silent Night', 'Bing Crosby', null);
  song.run(9, 'i', 'Hey Jude', 'The Beatles', 'Hey Jude');
  song.run(10, 'j', 'Feliz Navidad', 'José Feliciano', 'Noël Hits');
  // The one song of a compilation in the catalog: it cannot tell one artist's album from a playlist.
  song.run(11, 'k', 'Cali Pachanguero', 'Grupo Niche', 'La navidad es todo aquello que nos hace recordar...');
  song.run(12, 'l', 'Good King Wenceslas (Remastered 2014)', 'Traditional, Richard Benson and His Orchestra', 'Classical Christmas, Vol. 1');
  return db;
}

describe('christmasSongs', () => {
  it('takes a title that names Christmas or is a carol, and an album only when it is one artist’s', () => {
    const db = catalog();
    const isChristmas = christmasSongs(db);
    const rows = db.prepare(`SELECT id, title, album FROM songs ORDER BY id`).raw().all() as [number, string, string | null][];
    const festive = rows.filter(([, title, album]) => isChristmas(title, album)).map(([id]) => id);
    // 1 and 2: Mariah Carey's Christmas album. Not 3 and 4: a compilation of several artists named for Christmas.
    // 5 is on a compilation, and a Christmas song by its title. Not 11: one song of an album says
    // nothing of who else is on it. 12 is a carol by its title.
    expect(festive).toEqual([1, 2, 5, 6, 7, 8, 10, 12]);
    expect(isChristmas('Wonderful Christmastime - Remastered 2011', null)).toBe(true);
    for (const title of ["Baby It's Cold Outside", 'Baby, It’s Cold Outside', 'Let It Snow! Let It Snow! Let It Snow!'])
      expect(isChristmas(title, 'Ella & Friends')).toBe(true);
    expect(isChristmas('Cold Outside', null)).toBe(false);
  });

  it('answers for some songs (an incremental build) as for the whole catalog', () => {
    const db = catalog();
    const whole = christmasSongs(db);
    expect(christmasSongs(db, songScope(db, new Set([9])))('Jesus Born on This Day', 'Merry Christmas')).toBe(false);
    const ids = new Set([2, 3, 9]);
    const scoped = christmasSongs(db, songScope(db, ids));
    for (const [title, album] of db.prepare(`SELECT title, album FROM songs WHERE id IN (2, 3, 9)`).raw().all() as [string, string | null][])
      expect(scoped(title, album)).toBe(whole(title, album));
    expect(scoped('Jesus Born on This Day', 'Merry Christmas')).toBe(true);
  });

  it("reads no other song when none of the scope's albums is named for Christmas, though SQL's LIKE lets one through", () => {
    const db = catalog();
    db.prepare(`INSERT INTO songs(id, song_key, title, artists, album) VALUES (13, 'm', 'Etude', 'Pianist', 'Piano Lessons')`).run();
    const statements: string[] = [];
    const prepare = db.prepare.bind(db);
    db.prepare = ((sql: string) => (statements.push(sql), prepare(sql))) as typeof db.prepare;
    const scoped = christmasSongs(db, songScope(db, new Set([13])));
    expect(statements.filter((sql) => sql.includes('album IN'))).toEqual([]);
    expect(scoped('Etude', 'Piano Lessons')).toBe(false);
  });
});
