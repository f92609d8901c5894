import path from 'node:path';
import type { CatalogDatabase } from '../../db/open-database.js';
import { isListedPerformance } from '../../catalog/recordings.js';
import { artistOverlap, foldText, movieTitleKey, songTitleKey } from '../normalise-title.js';
import { CatalogIndex, type CatalogMovie, type CatalogSong } from './catalog-index.js';
import { openTable, type TableRow } from './read-table.js';
import { filmReferences } from './film-references.js';
import type { SourceOptions } from './soundtracks.js';
import { ResultBuilder, type GroundTruthResult } from './types.js';

/**
 * Source (b): Academy Award "Best Original Song" nominees (dmase2/oscar schema: Year, Song Title,
 * Movie Title, Music Author, Lyric Author, IMDb ID, TMDB ID, Winner).
 *
 * The file is malformed: author names (and some titles: "Que Sera, Sera", "Sing, Baby, Sing")
 * hold commas without quotes, so a row has 8 to 16 fields. Columns are therefore read by their
 * header position counted from the front (the first three) or from the back (the last three);
 * whatever lies between is kept as free text. The ids are not trustworthy either (Toy Story's row
 * carries Waiting to Exhale's IMDb id), so a movie found by id must also have its title in the
 * row and its year within a year of the row's; otherwise the movie is looked up by title.
 *
 * The song is a catalog song with the same normalised title that either names one of the row's
 * authors as an artist (most modern nominees are performed by a writer) or says it comes from that
 * film (album "Moana (Original Motion Picture Soundtrack)", title "… - From "Aladdin"") or came out
 * in the nominee's year (Bing Crosby's 1942 "White Christmas"; a cover decades later does not).
 * Titles alone are useless here: "Remember Me" or "Moonlight" match a dozen unrelated songs.
 */

const COLUMNS = [
  { name: 'year', aliases: ['Year'] },
  { name: 'song', aliases: ['Song Title', 'song', 'song_title'] },
  { name: 'movie', aliases: ['Movie Title', 'film', 'movie'] },
  { name: 'imdbId', aliases: ['IMDb ID', 'imdb_id', 'imdbId'] },
  { name: 'tmdbId', aliases: ['TMDB ID', 'tmdb_id', 'tmdbId'], optional: true },
  { name: 'winner', aliases: ['Winner'], optional: true },
] as const;

type Column = (typeof COLUMNS)[number]['name'];
const YEAR_TOLERANCE = 1;

export async function oscarPairs(db: CatalogDatabase, files: readonly string[], options: SourceOptions = {}): Promise<GroundTruthResult> {
  const index = options.index ?? CatalogIndex.load(db);
  const builder = new ResultBuilder('oscar-song', options.samplesPerReason);
  for (const file of files) {
    const table = await openTable(file, 'Oscar Best Original Song', COLUMNS);
    const width = table.header.length;
    const name = path.basename(table.file);
    const position = (column: Column) => anchoredPosition(table.file, table.header, table.columns[column]);
    const anchors = Object.fromEntries(COLUMNS.map((column) => [column.name, position(column.name)])) as Record<Column, Anchor | null>;
    for await (const row of table.rows()) {
      builder.rowsRead++;
      if (row.fields.length < width) {
        builder.miss(`${name}:${row.line}`, 'row has fewer fields than the header', row.fields.join(','));
        continue;
      }
      matchRow(index, builder, readRow(row, width, anchors), `${name}:${row.line}`);
    }
  }
  return builder.result();
}

/** A column read from the front (index) or the back (offset from the last field). */
type Anchor = { readonly from: 'front' | 'back'; readonly offset: number };

function anchoredPosition(file: string, header: readonly string[], index: number): Anchor | null {
  if (index < 0) return null;
  if (index < 3) return { from: 'front', offset: index };
  if (index >= header.length - 3) return { from: 'back', offset: header.length - 1 - index };
  throw new Error(`${file}: line 1: column "${header[index]}" must be among the first three or the last three; fields in between may contain unquoted commas.`);
}

interface OscarRow {
  readonly year: number | null;
  /** The song title field, and longer readings that absorb the following fields (unquoted commas). */
  readonly songTitles: readonly string[];
  readonly movieTitle: string;
  readonly imdbId: string;
  readonly tmdbId: string;
  /** The fields before the last three except year and song title (movie title, authors), and the authors alone. */
  readonly middle: string;
  readonly authors: string;
}

function readRow(row: TableRow, width: number, anchors: Record<Column, Anchor | null>): OscarRow {
  const { fields } = row;
  const indexOf = (anchor: Anchor | null) => (anchor === null ? -1 : anchor.from === 'front' ? anchor.offset : fields.length - 1 - anchor.offset);
  const at = (anchor: Anchor | null) => fields[indexOf(anchor)] ?? '';
  const song = indexOf(anchors.song);
  const year = indexOf(anchors.year);
  // With n surplus fields a title among the first three may have swallowed up to n of them ("Que Sera, Sera (…)").
  const surplus = anchors.song?.from === 'front' ? fields.length - width : 0;
  const songTitles: string[] = [];
  for (let absorbed = 0; absorbed <= surplus; absorbed++) songTitles.push(fields.slice(song, song + 1 + absorbed).join(', '));
  const yearValue = Number.parseInt(at(anchors.year), 10);
  return {
    year: Number.isFinite(yearValue) ? yearValue : null,
    songTitles: songTitles.reverse(),
    movieTitle: at(anchors.movie),
    imdbId: at(anchors.imdbId),
    tmdbId: at(anchors.tmdbId),
    middle: fields.filter((_, index) => index < fields.length - 3 && index !== song && index !== year).join(', '),
    authors: fields.slice(3, fields.length - 3).join(', '),
  };
}

function matchRow(index: CatalogIndex, builder: ResultBuilder, row: OscarRow, where: string): void {
  builder.entriesRead++;
  const label = `${row.year ?? '?'} "${row.songTitles.at(-1)}" (${row.movieTitle})`;
  const movie = findMovie(index, row);
  if (!movie) {
    builder.miss(where, 'movie not in catalog', `${label} ${row.imdbId}`);
    return;
  }
  builder.rowsWithMovie++;
  const movieKey = movieTitleKey(movie.title);
  for (const title of row.songTitles) {
    const candidates = index.songsTitled(songTitleKey(title));
    if (candidates.length === 0) continue;
    let paired = false;
    for (const song of candidates) {
      if (!isListedPerformance(title, song.title)) continue;
      const why = songEvidence(song, row, movieKey);
      if (why === null) continue;
      paired = true;
      builder.add(movie.id, song.id, `Oscar ${label} → "${song.title}" by ${song.artists.join(', ')} (${why})`);
    }
    if (!paired)
      builder.miss(
        where,
        'title matched, neither an author nor the film named',
        `${label} ⟂ ${candidates
          .map((song) => `"${song.title}" by ${song.artists.join(', ')}`)
          .slice(0, 3)
          .join('; ')}`,
      );
    return;
  }
  builder.miss(where, 'title not in catalog', label);
}

function songEvidence(song: CatalogSong, row: OscarRow, movieKey: string): string | null {
  const authors = artistOverlap(song.artists, row.authors);
  if (authors.length > 0) return `author ${authors.join(', ')}`;
  const reference = filmReferences(song).find((ref) => movieTitleKey(ref.film) === movieKey);
  if (reference) return `${reference.via} names the film: "${reference.text}"`;
  return row.year !== null && song.year === row.year ? `released in the film's year, ${song.year}` : null;
}

const nearYear = (movie: CatalogMovie, year: number | null) => year === null || movie.year === null || Math.abs(movie.year - year) <= YEAR_TOLERANCE;

/** The folded row text contains the movie's title as whole words. */
function titledInRow(movie: CatalogMovie, middle: string): boolean {
  const key = movieTitleKey(movie.title);
  return key !== '' && ` ${foldText(middle)} `.includes(` ${key} `);
}

function findMovie(index: CatalogIndex, row: OscarRow): CatalogMovie | null {
  for (const byId of [index.movieByImdb(row.imdbId), row.tmdbId === '' ? null : index.movieByTmdb(row.tmdbId)])
    if (byId && nearYear(byId, row.year) && titledInRow(byId, row.middle)) return byId;
  // The ids point elsewhere: the movie title, or a longer reading of it over the next fields.
  const parts = row.middle.split(', ');
  for (let start = 0; start < parts.length; start++) {
    for (let end = parts.length; end > start; end--) {
      const found = index.moviesNear(movieTitleKey(parts.slice(start, end).join(', ')), row.year, YEAR_TOLERANCE);
      if (found.length > 0) return found[0]!;
    }
  }
  return null;
}
