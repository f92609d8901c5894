import { z } from 'zod';

/**
 * The catalog fields a column mapping can fill, with how each value is read (the importer,
 * src/core/importers/formats/mapping.ts) and how the mapping screen presents it (the renderer).
 */
export const catalogKindSchema = z.enum(['songs', 'movies']);
/** A catalog of songs or of movies: what an import fills. */
export type CatalogKind = z.infer<typeof catalogKindSchema>;

/** Genres have two vocabularies: music genres (songs) and movie genres. */
export const genreDomainSchema = z.enum(['music', 'movie']);
export type GenreDomain = z.infer<typeof genreDomainSchema>;

/** How a mapped column's text becomes a field value. */
export type FieldType = 'text' | 'list' | 'date' | 'year' | 'integer' | 'number' | 'unit' | 'boolean' | 'pitch' | 'mode' | 'imdb';

export interface CatalogField {
  readonly id: string;
  readonly type: FieldType;
  readonly label: string;
  /** What the column must hold, shown next to the select. */
  readonly expects: string;
  /** Normalised column names that probably mean this field (for the first guess). */
  readonly aliases: readonly string[];
}

const field = <Id extends string>(id: Id, type: FieldType, label: string, expects: string, aliases: readonly string[] = []) =>
  ({ id, type, label, expects, aliases }) as const satisfies CatalogField;

export const SONG_FIELDS = [
  field('title', 'text', 'Title', 'text (required)', ['trackname', 'track', 'name', 'song', 'songname', 'title']),
  field('artists', 'list', 'Artists', 'list', ['artist', 'artistsname', 'artistname', 'artists']),
  field('album', 'text', 'Album', 'text', ['albumname', 'trackalbumname']),
  field('spotifyId', 'text', 'Spotify track id', 'text', ['trackid', 'spotifyid', 'spotifytrackid', 'uri']),
  field('spotifyAlbumId', 'text', 'Spotify album id', 'text', ['albumid', 'trackalbumid']),
  field('releaseDate', 'date', 'Release date', 'date such as 2019-06-14', ['releasedate', 'date', 'trackalbumreleasedate']),
  field('releaseYear', 'year', 'Release year', 'year', ['year', 'releasedyear', 'releaseyear']),
  field('durationMs', 'integer', 'Duration (ms)', 'whole number', ['durationms', 'duration']),
  field('explicit', 'boolean', 'Explicit', 'true/false', ['explicit']),
  field('popularity', 'number', 'Popularity', 'number', ['popularity', 'trackpopularity']),
  field('streams', 'integer', 'Streams', 'whole number', ['streams', 'plays', 'playcount']),
  field('danceability', 'unit', 'Danceability', '0–1 (or percent)', ['danceability']),
  field('energy', 'unit', 'Energy', '0–1 (or percent)', ['energy']),
  field('musicalKey', 'pitch', 'Key', 'pitch class 0–11 or C#', ['key', 'musicalkey']),
  field('loudness', 'number', 'Loudness (dB)', 'number', ['loudness']),
  field('mode', 'mode', 'Mode', '1/0 or Major/Minor', ['mode']),
  field('speechiness', 'unit', 'Speechiness', '0–1 (or percent)', ['speechiness']),
  field('acousticness', 'unit', 'Acousticness', '0–1 (or percent)', ['acousticness']),
  field('instrumentalness', 'unit', 'Instrumentalness', '0–1 (or percent)', ['instrumentalness']),
  field('liveness', 'unit', 'Liveness', '0–1 (or percent)', ['liveness']),
  field('valence', 'unit', 'Valence', '0–1 (or percent)', ['valence']),
  field('tempo', 'number', 'Tempo (BPM)', 'number', ['tempo', 'bpm']),
  field('timeSignature', 'integer', 'Time signature', 'whole number', ['timesignature']),
  field('genres', 'list', 'Genres', 'list', ['genre', 'genres', 'trackgenre', 'playlistgenre']),
] as const;

export const MOVIE_FIELDS = [
  field('title', 'text', 'Title', 'text (required)', ['title', 'name', 'movietitle', 'film']),
  field('originalTitle', 'text', 'Original title', 'text', ['originaltitle']),
  field('tmdbId', 'integer', 'TMDb id', 'whole number', ['tmdbid', 'id']),
  field('imdbId', 'imdb', 'IMDb id', 'id such as tt0114709', ['imdbid', 'imdb']),
  field('movielensId', 'integer', 'MovieLens id', 'whole number', ['movieid', 'movielensid']),
  field('releaseDate', 'date', 'Release date', 'date such as 2019-06-14', ['releasedate', 'date']),
  field('releaseYear', 'year', 'Release year', 'year', ['year', 'releaseyear']),
  field('overview', 'text', 'Overview', 'text', ['overview', 'plot', 'description', 'synopsis']),
  field('tagline', 'text', 'Tagline', 'text', ['tagline']),
  field('runtimeMinutes', 'number', 'Runtime (minutes)', 'number', ['runtime', 'runtimeminutes']),
  field('originalLanguage', 'text', 'Original language', 'text', ['originallanguage', 'language']),
  field('popularity', 'number', 'Popularity', 'number', ['popularity']),
  field('voteAverage', 'number', 'Vote average', 'number', ['voteaverage', 'rating', 'score']),
  field('voteCount', 'integer', 'Vote count', 'whole number', ['votecount', 'votes']),
  field('revenue', 'integer', 'Revenue', 'whole number', ['revenue', 'grossworldwide', 'gross']),
  field('budget', 'integer', 'Budget', 'whole number', ['budget']),
  field('adult', 'boolean', 'Adult', 'true/false', ['adult']),
  field('status', 'text', 'Status', 'text', ['status']),
  field('posterPath', 'text', 'Poster path', 'text', ['posterpath', 'poster']),
  field('genres', 'list', 'Genres', 'list', ['genres', 'genre']),
  field('keywords', 'list', 'Keywords', 'list', ['keywords', 'tags']),
] as const;

/** A user's column mapping: catalog field -> column name in the file. */
export const columnMappingSchema = z.object({
  kind: catalogKindSchema,
  columns: z.record(z.string(), z.string().min(1)),
  /** Separator inside list cells (artists, genres, keywords). Default ",". */
  listSeparator: z.string().min(1).optional(),
  /** Percent-scaled audio features (0..100), as in "Most Streamed Spotify Songs 2023". Default false. */
  featuresInPercent: z.boolean().optional(),
});
export type ColumnMapping = z.input<typeof columnMappingSchema>;

export function fieldsFor(kind: CatalogKind): readonly CatalogField[] {
  return kind === 'songs' ? SONG_FIELDS : MOVIE_FIELDS;
}

/** "Artist(s) Name" -> "artistsname". */
function normaliseColumnName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** A first guess, column name -> field id, from the aliases (each field used once). */
export function guessMapping(kind: CatalogKind, header: readonly string[]): Record<string, string> {
  const used = new Set<string>();
  const result: Record<string, string> = {};
  for (const column of header) {
    const name = normaliseColumnName(column).replace(/percent$|pct$/, '');
    const match = fieldsFor(kind).find(
      (candidate) => !used.has(candidate.id) && (candidate.aliases.includes(name) || normaliseColumnName(candidate.id) === name),
    );
    if (match) {
      used.add(match.id);
      result[column] = match.id;
    }
  }
  return result;
}

/** Percent-scaled audio features, as in "Most Streamed Spotify Songs 2023" (danceability_%). */
export function looksPercentScaled(header: readonly string[]): boolean {
  return header.some((column) => /%|percent/i.test(column));
}
