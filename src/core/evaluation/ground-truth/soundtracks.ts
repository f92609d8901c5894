import path from 'node:path';
import type { CatalogDatabase } from '../../db/open-database.js';
import { isListedPerformance } from '../../catalog/recordings.js';
import { artistOverlap, songTitleKey } from '../normalise-title.js';
import { CatalogIndex, type CatalogMovie } from './catalog-index.js';
import { field, openTable, type ColumnSpec } from './read-table.js';
import { parseSoundtrackList, splitSoundtrackEntry } from './soundtrack-entries.js';
import { ResultBuilder, type GroundTruthResult } from './types.js';

/**
 * Source (a): IMDb soundtrack listings (jeremiepoiroux/movies-soundtracks schema: movieId, id,
 * Title, Year, …, Soundtrack). The movie is found by its MovieLens id (movies imported from
 * MovieLens movies.csv carry it, with the IMDb id from links.csv), else by its IMDb "tt" id. Each
 * listed song pairs with a catalog song when the normalised titles are equal AND one of the
 * song's artists is named in the entry's credits: titles alone are far too ambiguous ("Angel",
 * "Moonlight"), and a credit naming the Spotify artist (as performer or as writer) is what ties
 * the recording to the listing. A version that is another performance (live, remix, re-recorded,
 * cover) pairs only when the listing says so: "Sexual Healing" in a 2007 film is not the catalog's
 * 2013 Kygo remix, even though Marvin Gaye is credited on both.
 */

const COLUMNS = [
  { name: 'movielensId', aliases: ['movieId', 'movielens_id'], optional: true },
  { name: 'imdbId', aliases: ['id', 'imdb_id', 'imdbId', 'tconst'], optional: true },
  { name: 'title', aliases: ['Title'], optional: true },
  { name: 'soundtrack', aliases: ['Soundtrack', 'soundtracks'] },
] as const satisfies readonly ColumnSpec[];

export interface SourceOptions {
  /** A prebuilt index of the catalog, shared between sources. */
  readonly index?: CatalogIndex;
  /** Unmatched examples kept per reason (default 5). */
  readonly samplesPerReason?: number;
}

export async function soundtrackPairs(db: CatalogDatabase, files: readonly string[], options: SourceOptions = {}): Promise<GroundTruthResult> {
  const index = options.index ?? CatalogIndex.load(db);
  const builder = new ResultBuilder('imdb-soundtrack', options.samplesPerReason);
  for (const file of files) {
    const table = await openTable(file, 'IMDb soundtrack listing', COLUMNS);
    const { columns } = table;
    if (columns.movielensId < 0 && columns.imdbId < 0)
      throw new Error(`${table.file}: line 1: the soundtrack listing needs a "movieId" (MovieLens) or an "id" (IMDb tt…) column to find its movies.`);
    const name = path.basename(table.file);
    for await (const row of table.rows()) {
      builder.rowsRead++;
      const where = `${name}:${row.line}`;
      if (row.fields.length === 0) {
        builder.miss(where, 'unreadable CSV row', '');
        continue;
      }
      const movie = findMovie(index, field(row, columns.movielensId), field(row, columns.imdbId));
      if (!movie) {
        builder.miss(where, 'movie not in catalog', `${field(row, columns.title)} (movieId ${field(row, columns.movielensId)}, ${field(row, columns.imdbId)})`);
        continue;
      }
      builder.rowsWithMovie++;
      for (const raw of parseSoundtrackList(field(row, columns.soundtrack))) {
        builder.entriesRead++;
        matchEntry(index, builder, movie, raw, where);
      }
    }
  }
  return builder.result();
}

function findMovie(index: CatalogIndex, movielensId: string, imdbId: string): CatalogMovie | null {
  return (movielensId !== '' ? index.movieByMovielens(movielensId) : null) ?? (imdbId !== '' ? index.movieByImdb(imdbId) : null);
}

function matchEntry(index: CatalogIndex, builder: ResultBuilder, movie: CatalogMovie, raw: string, where: string): void {
  const entry = splitSoundtrackEntry(raw);
  const key = songTitleKey(entry.title);
  const titled = key === '' ? [] : index.songsTitled(key);
  if (titled.length === 0) {
    builder.miss(where, 'title not in catalog', raw);
    return;
  }
  const candidates = titled.filter((song) => isListedPerformance(entry.title, song.title));
  if (candidates.length === 0) {
    builder.miss(where, 'only other performances in catalog (live, remix, cover…)', `${raw}  ⟂  ${titled.map((song) => `"${song.title}"`).join('; ')}`);
    return;
  }
  let paired = false;
  for (const song of candidates) {
    const named = artistOverlap(song.artists, entry.credits);
    if (named.length === 0) continue;
    paired = true;
    builder.add(movie.id, song.id, `IMDb "${raw}" → "${song.title}" by ${song.artists.join(', ')} (credited: ${named.join(', ')})`);
  }
  if (!paired)
    builder.miss(
      where,
      'title matched, no song artist in the credits',
      `${raw}  ⟂  ${candidates
        .map((song) => `"${song.title}" by ${song.artists.join(', ')}`)
        .slice(0, 3)
        .join('; ')}`,
    );
}
