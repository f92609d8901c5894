import type { CatalogDatabase } from '../../db/open-database.js';
import { movieTitleKey, songTitleKey, splitArtists } from '../normalise-title.js';

/**
 * The catalog held in memory for matching: songs by normalised title, movies by normalised title
 * and by their outside ids. Loaded once and shared by every ground-truth source (a catalog of a
 * million songs is a few hundred MB of strings, so callers should build one and pass it on).
 */

export interface CatalogSong {
  readonly id: number;
  readonly title: string;
  readonly artists: readonly string[];
  readonly album: string | null;
  readonly year: number | null;
}

export interface CatalogMovie {
  readonly id: number;
  readonly title: string;
  readonly year: number | null;
}

/** IMDb ids compared by number: "tt0114709", "tt114709" and "0114709" are the same film. */
export function imdbNumber(value: string): number | null {
  const match = /^(?:tt)?0*(\d+)$/i.exec(value.trim());
  return match ? Number(match[1]) : null;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export class CatalogIndex {
  private readonly songsByKey = new Map<string, CatalogSong[]>();
  private readonly moviesByKey = new Map<string, CatalogMovie[]>();
  private readonly byImdb = new Map<number, CatalogMovie>();
  private readonly byTmdb = new Map<number, CatalogMovie>();
  private readonly byMovielens = new Map<number, CatalogMovie>();
  readonly songs: readonly CatalogSong[];

  private constructor(songs: CatalogSong[]) {
    this.songs = songs;
  }

  static load(db: CatalogDatabase): CatalogIndex {
    type SongRow = [number, string, string, string | null, number | null];
    const songRows = db.prepare(`SELECT id, title, artists, album, release_year FROM songs ORDER BY id`).raw().all() as SongRow[];
    const songs = songRows.map(([id, title, artists, album, year]) => ({ id, title, artists: splitArtists(artists), album, year }));
    const index = new CatalogIndex(songs);
    for (const song of songs) {
      const key = songTitleKey(song.title);
      if (key !== '') push(index.songsByKey, key, song);
    }

    type MovieRow = [number, string, string | null, number | null, string | null, number | null, number | null];
    const movieRows = db
      .prepare(`SELECT id, title, original_title, release_year, imdb_id, tmdb_id, movielens_id FROM movies ORDER BY id`)
      .raw()
      .all() as MovieRow[];
    for (const [id, title, originalTitle, year, imdb, tmdb, movielens] of movieRows) {
      const movie: CatalogMovie = { id, title, year };
      // The original title catches films listed under their own language's name elsewhere.
      const keys = new Set([movieTitleKey(title), originalTitle ? movieTitleKey(originalTitle) : '']);
      for (const key of keys) if (key !== '') push(index.moviesByKey, key, movie);
      const imdbId = imdb === null ? null : imdbNumber(imdb);
      if (imdbId !== null) index.byImdb.set(imdbId, movie);
      if (tmdb !== null) index.byTmdb.set(tmdb, movie);
      if (movielens !== null) index.byMovielens.set(movielens, movie);
    }
    return index;
  }

  /** Songs whose songTitleKey equals `key`. */
  songsTitled(key: string): readonly CatalogSong[] {
    return this.songsByKey.get(key) ?? [];
  }

  /** Movies whose movieTitleKey (of the title or the original title) equals `key`. */
  moviesTitled(key: string): readonly CatalogMovie[] {
    return this.moviesByKey.get(key) ?? [];
  }

  movieByImdb(value: string): CatalogMovie | null {
    const id = imdbNumber(value);
    return id === null ? null : (this.byImdb.get(id) ?? null);
  }

  movieByTmdb(value: string): CatalogMovie | null {
    const id = /^\d+$/.test(value.trim()) ? Number(value) : null;
    return id === null ? null : (this.byTmdb.get(id) ?? null);
  }

  movieByMovielens(value: string): CatalogMovie | null {
    const id = /^\d+$/.test(value.trim()) ? Number(value) : null;
    return id === null ? null : (this.byMovielens.get(id) ?? null);
  }

  /**
   * Movies with this title key whose year is within `tolerance` of `year`, nearest year first.
   * With `year` unknown, all of them; the caller decides whether several are ambiguous.
   */
  moviesNear(key: string, year: number | null, tolerance: number): CatalogMovie[] {
    const movies = this.moviesTitled(key);
    if (year === null) return [...movies];
    return movies
      .filter((movie) => movie.year !== null && Math.abs(movie.year - year) <= tolerance)
      .sort((a, b) => Math.abs(a.year! - year) - Math.abs(b.year! - year) || a.id - b.id);
  }
}
