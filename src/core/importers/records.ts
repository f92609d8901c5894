import type { CatalogKind } from '../../shared/catalog-fields.js';

/** A song as an importer hands it to the catalog. Audio features use Spotify's scales (0..1, dB, BPM). */
export interface SongRecord {
  spotifyId: string | null;
  title: string;
  artists: string[];
  album: string | null;
  spotifyAlbumId: string | null;
  releaseDate: string | null;
  releaseYear: number | null;
  durationMs: number | null;
  explicit: boolean | null;
  /** Spotify's 0..100 popularity. */
  popularity: number | null;
  streams: number | null;
  danceability: number | null;
  energy: number | null;
  /** Pitch class 0..11 (C = 0), -1 when Spotify detected none. */
  musicalKey: number | null;
  loudness: number | null;
  /** 1 major, 0 minor. */
  mode: number | null;
  speechiness: number | null;
  acousticness: number | null;
  instrumentalness: number | null;
  liveness: number | null;
  valence: number | null;
  tempo: number | null;
  timeSignature: number | null;
  genres: string[];
}

export interface MovieRecord {
  tmdbId: number | null;
  /** Always in the canonical "tt" + at least 7 digits form. */
  imdbId: string | null;
  movielensId: number | null;
  title: string;
  originalTitle: string | null;
  releaseDate: string | null;
  releaseYear: number | null;
  overview: string | null;
  tagline: string | null;
  runtimeMinutes: number | null;
  originalLanguage: string | null;
  popularity: number | null;
  voteAverage: number | null;
  voteCount: number | null;
  /**
   * The votes come from a smaller community (MovieLens ratings): they fill in missing values
   * but never replace TMDb's, whatever the import order.
   */
  votesAreFallback: boolean;
  revenue: number | null;
  budget: number | null;
  adult: boolean | null;
  status: string | null;
  posterPath: string | null;
  genres: string[];
  keywords: string[];
}

export type ImportKind = CatalogKind;
export type RecordOf<K extends ImportKind> = K extends 'songs' ? SongRecord : MovieRecord;

export function emptySong(): SongRecord {
  return {
    spotifyId: null,
    title: '',
    artists: [],
    album: null,
    spotifyAlbumId: null,
    releaseDate: null,
    releaseYear: null,
    durationMs: null,
    explicit: null,
    popularity: null,
    streams: null,
    danceability: null,
    energy: null,
    musicalKey: null,
    loudness: null,
    mode: null,
    speechiness: null,
    acousticness: null,
    instrumentalness: null,
    liveness: null,
    valence: null,
    tempo: null,
    timeSignature: null,
    genres: [],
  };
}

export function emptyMovie(): MovieRecord {
  return {
    tmdbId: null,
    imdbId: null,
    movielensId: null,
    title: '',
    originalTitle: null,
    releaseDate: null,
    releaseYear: null,
    overview: null,
    tagline: null,
    runtimeMinutes: null,
    originalLanguage: null,
    popularity: null,
    voteAverage: null,
    voteCount: null,
    votesAreFallback: false,
    revenue: null,
    budget: null,
    adult: null,
    status: null,
    posterPath: null,
    genres: [],
    keywords: [],
  };
}
