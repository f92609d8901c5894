/**
 * The catalog fields a column mapping can fill, copied from src/core/importers/formats/mapping.ts
 * (SONG_FIELDS / MOVIE_FIELDS): the renderer may not import core. Keep the two lists in step.
 */
export type CatalogKind = 'songs' | 'movies';

export interface CatalogField {
  readonly id: string;
  readonly label: string;
  /** What the column must hold, shown next to the select. */
  readonly expects: string;
  /** Normalised column names that probably mean this field (for the first guess). */
  readonly aliases: readonly string[];
}

const field = (id: string, label: string, expects: string, aliases: readonly string[] = []): CatalogField => ({ id, label, expects, aliases });

export const SONG_FIELDS: readonly CatalogField[] = [
  field('title', 'Title', 'text (required)', ['trackname', 'track', 'name', 'song', 'songname', 'title']),
  field('artists', 'Artists', 'list', ['artist', 'artistsname', 'artistname', 'artists']),
  field('album', 'Album', 'text', ['albumname', 'trackalbumname']),
  field('spotifyId', 'Spotify track id', 'text', ['trackid', 'spotifyid', 'spotifytrackid', 'uri']),
  field('spotifyAlbumId', 'Spotify album id', 'text', ['albumid', 'trackalbumid']),
  field('releaseDate', 'Release date', 'date such as 2019-06-14', ['releasedate', 'date', 'trackalbumreleasedate']),
  field('releaseYear', 'Release year', 'year', ['year', 'releasedyear', 'releaseyear']),
  field('durationMs', 'Duration (ms)', 'whole number', ['durationms', 'duration']),
  field('explicit', 'Explicit', 'true/false', ['explicit']),
  field('popularity', 'Popularity', 'number', ['popularity', 'trackpopularity']),
  field('streams', 'Streams', 'whole number', ['streams', 'plays', 'playcount']),
  field('danceability', 'Danceability', '0–1 (or percent)', ['danceability']),
  field('energy', 'Energy', '0–1 (or percent)', ['energy']),
  field('musicalKey', 'Key', 'pitch class 0–11 or C#', ['key', 'musicalkey']),
  field('loudness', 'Loudness (dB)', 'number', ['loudness']),
  field('mode', 'Mode', '1/0 or Major/Minor', ['mode']),
  field('speechiness', 'Speechiness', '0–1 (or percent)', ['speechiness']),
  field('acousticness', 'Acousticness', '0–1 (or percent)', ['acousticness']),
  field('instrumentalness', 'Instrumentalness', '0–1 (or percent)', ['instrumentalness']),
  field('liveness', 'Liveness', '0–1 (or percent)', ['liveness']),
  field('valence', 'Valence', '0–1 (or percent)', ['valence']),
  field('tempo', 'Tempo (BPM)', 'number', ['tempo', 'bpm']),
  field('timeSignature', 'Time signature', 'whole number', ['timesignature']),
  field('genres', 'Genres', 'list', ['genre', 'genres', 'trackgenre', 'playlistgenre']),
];

export const MOVIE_FIELDS: readonly CatalogField[] = [
  field('title', 'Title', 'text (required)', ['title', 'name', 'movietitle', 'film']),
  field('originalTitle', 'Original title', 'text', ['originaltitle']),
  field('tmdbId', 'TMDb id', 'whole number', ['tmdbid', 'id']),
  field('imdbId', 'IMDb id', 'id such as tt0114709', ['imdbid', 'imdb']),
  field('movielensId', 'MovieLens id', 'whole number', ['movieid', 'movielensid']),
  field('releaseDate', 'Release date', 'date such as 2019-06-14', ['releasedate', 'date']),
  field('releaseYear', 'Release year', 'year', ['year', 'releaseyear']),
  field('overview', 'Overview', 'text', ['overview', 'plot', 'description', 'synopsis']),
  field('tagline', 'Tagline', 'text', ['tagline']),
  field('runtimeMinutes', 'Runtime (minutes)', 'number', ['runtime', 'runtimeminutes']),
  field('originalLanguage', 'Original language', 'text', ['originallanguage', 'language']),
  field('popularity', 'Popularity', 'number', ['popularity']),
  field('voteAverage', 'Vote average', 'number', ['voteaverage', 'rating', 'score']),
  field('voteCount', 'Vote count', 'whole number', ['votecount', 'votes']),
  field('revenue', 'Revenue', 'whole number', ['revenue', 'grossworldwide', 'gross']),
  field('budget', 'Budget', 'whole number', ['budget']),
  field('adult', 'Adult', 'true/false', ['adult']),
  field('status', 'Status', 'text', ['status']),
  field('posterPath', 'Poster path', 'text', ['posterpath', 'poster']),
  field('genres', 'Genres', 'list', ['genres', 'genre']),
  field('keywords', 'Keywords', 'list', ['keywords', 'tags']),
];

export function fieldsFor(kind: CatalogKind): readonly CatalogField[] {
  return kind === 'songs' ? SONG_FIELDS : MOVIE_FIELDS;
}

/** "Artist(s) Name" -> "artistsname". */
export function normaliseColumnName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** A first guess, column name -> field id, from the aliases (each field used once). */
export function guessMapping(kind: CatalogKind, header: readonly string[]): Record<string, string> {
  const used = new Set<string>();
  const result: Record<string, string> = {};
  for (const column of header) {
    const name = normaliseColumnName(column).replace(/percent$|pct$/, '');
    const match = fieldsFor(kind).find((candidate) => !used.has(candidate.id) && (candidate.aliases.includes(name) || normaliseColumnName(candidate.id) === name));
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
