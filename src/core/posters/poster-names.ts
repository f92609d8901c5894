import path from 'node:path';

/** Image types a poster may have, by lower-case extension. */
export const POSTER_EXTENSIONS: ReadonlySet<string> = new Set(['.jpg', '.jpeg', '.png', '.webp', '.gif', '.avif', '.bmp', '.tif', '.tiff']);

export function isPosterImage(file: string): boolean {
  return POSTER_EXTENSIONS.has(path.extname(file).toLowerCase());
}

/** What a poster's file name says about its movie, before looking anything up. */
export type NameClue =
  | { readonly kind: 'imdb'; readonly imdbId: string }
  | { readonly kind: 'tmdb'; readonly tmdbId: number }
  | { readonly kind: 'numeric'; readonly value: number; readonly digits: string }
  | { readonly kind: 'none' };

/** "tt0114709", "0114709" and "114709" are the same IMDb title. */
export function normaliseImdbId(text: string): string | null {
  const match = /^(?:tt)?0*([0-9]{1,10})$/i.exec(text.trim());
  if (!match?.[1]) return null;
  return `tt${match[1].padStart(7, '0')}`;
}

/**
 * Reads the id a file name carries: `tt0114709.jpg` (IMDb), `tmdb-862.jpg` / `tmdb_862.jpg`
 * (TMDb), or a bare number (IMDb or TMDb, decided for the whole folder by the caller).
 */
export function clueFromFileName(file: string): NameClue {
  const stem = path.basename(file, path.extname(file)).trim();
  const imdb = /^(?:imdb[-_ ]?)?(tt[0-9]{1,10})$/i.exec(stem);
  if (imdb?.[1]) {
    const imdbId = normaliseImdbId(imdb[1]);
    if (imdbId) return { kind: 'imdb', imdbId };
  }
  const tmdb = /^tmdb[-_ ]?([0-9]{1,10})$/i.exec(stem);
  if (tmdb?.[1]) return { kind: 'tmdb', tmdbId: Number(tmdb[1]) };
  if (/^[0-9]{1,10}$/.test(stem)) return { kind: 'numeric', value: Number(stem), digits: stem };
  return { kind: 'none' };
}
