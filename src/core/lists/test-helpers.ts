/** A small catalog for the lists, export and CLI tests, with names that stress every escaping rule. */
import type { CatalogDatabase } from '../db/open-database.js';

export const SONGS = {
  /** Known Spotify id; quotes, a comma and a line break in the title. */
  rick: {
    id: 1,
    spotifyId: '4uLU6hMCjMI75M1A2tKUQC',
    title: 'Never, "Gonna"\nGive',
    artists: 'Rick Astley',
    album: 'Whenever You Need Somebody',
    releaseYear: 1987,
    durationMs: 213_000,
  },
  /** No Spotify id, album or duration; XML specials, accents and a comma in the artists. */
  cafe: { id: 2, spotifyId: null, title: `Café <Noir> & l'Été`, artists: 'Zaz, Yannick Nézet-Séguin', album: null, releaseYear: null, durationMs: null },
  weeknd: {
    id: 3,
    spotifyId: '0VjIjW4GlUZAMYd2vXMi3b',
    title: 'Blinding Lights',
    artists: 'The Weeknd',
    album: 'After Hours',
    releaseYear: 2019,
    durationMs: 200_040,
  },
  /** Non-Latin script, an emoji and a tab and a control character that XML cannot carry. */
  yoasobi: {
    id: 4,
    spotifyId: '3dPtXHP0oXQ4HCWHsOA9js',
    title: '夜に駆ける 🌙\tversion\u0007',
    artists: 'YOASOBI',
    album: 'THE BOOK',
    releaseYear: 2019,
    durationMs: 261_013,
  },
} as const;

/** Movie ids start at 10 so that no song id is also a movie id (the tables' ids do overlap in real catalogs). */
export const MOVIES = {
  spirited: { id: 10, title: 'Spirited Away', releaseYear: 2001, tmdbId: 129, imdbId: 'tt0245429' },
  tiger: { id: 11, title: 'Crouching Tiger, Hidden Dragon', releaseYear: 2000, tmdbId: 146, imdbId: 'tt0190332' },
  untitled: { id: 12, title: 'Untitled "Project"\nPart 2', releaseYear: null, tmdbId: null, imdbId: null },
  amelie: { id: 13, title: "Le Fabuleux Destin d'Amélie Poulain", releaseYear: 2001, tmdbId: 194, imdbId: 'tt0211915' },
} as const;

/** Inserts SONGS and MOVIES with the catalog's real columns (migration 0001). */
export function seedListCatalog(db: CatalogDatabase): void {
  const insertSong = db.prepare(
    `INSERT INTO songs(id, song_key, spotify_id, title, artists, album, release_year, duration_ms) VALUES (@id, @songKey, @spotifyId, @title, @artists, @album, @releaseYear, @durationMs)`,
  );
  for (const song of Object.values(SONGS)) insertSong.run({ ...song, songKey: song.spotifyId ?? `${song.title}|${song.artists}` });
  const insertMovie = db.prepare(`INSERT INTO movies(id, title, release_year, tmdb_id, imdb_id) VALUES (@id, @title, @releaseYear, @tmdbId, @imdbId)`);
  for (const movie of Object.values(MOVIES)) insertMovie.run(movie);
}
