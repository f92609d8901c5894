import path from 'node:path';
import type { CatalogDatabase } from '../../db/open-database.js';
import { movieTitleKey } from '../normalise-title.js';
import { CatalogIndex, type CatalogSong } from './catalog-index.js';
import { filmReferences } from './film-references.js';
import type { SourceOptions } from './soundtracks.js';
import { ResultBuilder, type GroundTruthResult } from './types.js';

/**
 * Source (c): catalog songs whose album is a film soundtrack ("Frozen 2 (Original Motion Picture
 * Soundtrack)", "Into The Wild (Music For The Motion Picture)") or whose title says which film
 * it is from ("… - From "Fifty Shades Of Grey""), paired with the movie of that title.
 *
 * The songs come from the catalog rather than a file because every Spotify schema is already
 * parsed by the importers (hf track_name/album_name, TidyTuesday track_album_name, …); `songSources`
 * restricts the pass to songs imported from particular files.
 *
 * Year rule: the movie's release year must be within `yearTolerance` (default 1) of the song's
 * release year when the song has one (soundtracks come out with the film). Without a song year
 * the title must name exactly one catalog movie; "Beauty and the Beast" (1991 and 2017) is then
 * ambiguous and left out rather than guessed. Remastered and expanded re-issues released years
 * later therefore do not match; that costs a few pairs and keeps the wrong-remake pairs out.
 */

export interface AlbumSourceOptions extends SourceOptions {
  /** Only songs imported from these files (paths as given to the importer). Default: all songs. */
  readonly songSources?: readonly string[];
  readonly yearTolerance?: number;
  /**
   * Skip songs without a release year instead of accepting a film title that names one movie.
   * Most Hugging Face rows have no year, and those pairs are the less precise ones (a Hindi
   * "From "Heartless"" pairs with the 2009 British film), so this trades recall for precision.
   */
  readonly requireSongYear?: boolean;
}

export function soundtrackAlbumPairs(db: CatalogDatabase, options: AlbumSourceOptions = {}): GroundTruthResult {
  const index = options.index ?? CatalogIndex.load(db);
  const tolerance = options.yearTolerance ?? 1;
  const builder = new ResultBuilder('soundtrack-album', options.samplesPerReason);
  const allowed = options.songSources ? songsFromSources(db, options.songSources) : null;
  for (const song of index.songs) {
    if ((allowed && !allowed.has(song.id)) || (options.requireSongYear && song.year === null)) continue;
    builder.rowsRead++;
    const references = filmReferences(song);
    if (references.length === 0) continue;
    builder.rowsWithMovie++;
    for (const reference of references) {
      builder.entriesRead++;
      matchReference(index, builder, song, reference.film, `${reference.via} "${reference.text}"`, tolerance);
    }
  }
  return builder.result();
}

function matchReference(index: CatalogIndex, builder: ResultBuilder, song: CatalogSong, film: string, via: string, tolerance: number): void {
  const where = `song ${song.id}`;
  const label = `"${song.title}" by ${song.artists.join(', ')}, ${via}, year ${song.year ?? '?'}`;
  const key = movieTitleKey(film);
  const titled = index.moviesTitled(key);
  if (titled.length === 0) {
    builder.miss(where, 'film title not in catalog', `${film} ← ${label}`);
    return;
  }
  const movies = index.moviesNear(key, song.year, tolerance);
  if (movies.length === 0) {
    builder.miss(
      where,
      `no movie of that title within ${tolerance} year(s)`,
      `${film} ← ${label}; catalog has ${titled.map((movie) => `${movie.title} (${movie.year ?? '?'})`).join(', ')}`,
    );
    return;
  }
  // Same title and no song year to tell them apart, or the same year: a guess, so no pair.
  const best = movies[0]!;
  const tied = song.year === null ? movies : movies.filter((movie) => movie.year === best.year);
  if (tied.length > 1) {
    builder.miss(where, 'several movies of that title', `${film} ← ${label}; ${movies.map((movie) => `${movie.title} (${movie.year ?? '?'})`).join(', ')}`);
    return;
  }
  builder.add(best.id, song.id, `${via} names "${film}" → ${best.title} (${best.year ?? '?'}); song ${label}`);
}

/** Ids of songs that came from the given files (item_sources joined to sources by resolved path). */
function songsFromSources(db: CatalogDatabase, files: readonly string[]): Set<number> {
  const paths = JSON.stringify(files.map((file) => path.resolve(file)));
  const ids = db
    .prepare(
      `SELECT DISTINCT i.item_id FROM item_sources i JOIN sources s ON s.id = i.source_id
        WHERE i.item_kind = 'song' AND s.path IN (SELECT value FROM json_each(?))`,
    )
    .pluck()
    .all(paths) as number[];
  return new Set(ids);
}
