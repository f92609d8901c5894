/**
 * The files the end-to-end tests import: the real datasets in ../shared/data when they are there
 * (with the counts tests/integration established for them), otherwise small generated files in the
 * same formats, so the suite always runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { csvField, Prng, writeSpotifyTracksCsv, writeTmdbV11Csv } from '../../support/generate-fixtures';
import { sharedData } from './paths';

export interface ImportFixture {
  /** The file to choose in the UI first; companions follow it. */
  readonly files: readonly string[];
  readonly fileName: string;
  /** The detected format's label. */
  readonly format: RegExp;
  /** Distinct items it imports into an empty catalog. */
  readonly items: number;
  readonly real: boolean;
}

export interface MalformedFixture extends ImportFixture {
  readonly skipped: number;
  /** The skipped row the report must show. */
  readonly issue: { readonly line: number; readonly column: string; readonly reason: RegExp };
}

export interface PosterFixture {
  readonly movies: ImportFixture;
  readonly folder: string;
  readonly linked: number;
}

// ---------------------------------------------------------------- songs

export function spotifySample(workDir: string): ImportFixture {
  const real = sharedData('spotify-tracks-maharshipandya/dataset_sample_10k_random.csv');
  if (real) return { files: [real], fileName: path.basename(real), format: /^Spotify Tracks Dataset/, items: 9_749, real: true };
  const file = path.join(workDir, 'dataset_sample.csv');
  const summary = writeSpotifyTracksCsv(file, { rows: 3_000, seed: 11 });
  return { files: [file], fileName: path.basename(file), format: /^Spotify Tracks Dataset/, items: summary.distinctItems, real: false };
}

// ---------------------------------------------------------------- movies

export function tmdbMovies(workDir: string): ImportFixture {
  const real = sharedData('tmdb-5000-movies/tmdb_5000_movies.csv');
  if (real) return { files: [real], fileName: path.basename(real), format: /^TMDB 5000 Movie Dataset/, items: 4_803, real: true };
  const file = path.join(workDir, 'TMDB_movie_dataset_v11.csv');
  const summary = writeTmdbV11Csv(file, { rows: 2_000, seed: 12 });
  return { files: [file], fileName: path.basename(file), format: /^TMDB Movies Dataset 2023/, items: summary.distinctItems, real: false };
}

// ---------------------------------------------------------------- a file with a malformed row

const MOST_STREAMED_HEADER =
  'track_name,artist(s)_name,artist_count,released_year,released_month,released_day,in_spotify_playlists,in_spotify_charts,streams,' +
  'in_apple_playlists,in_apple_charts,in_deezer_playlists,in_deezer_charts,in_shazam_charts,bpm,key,mode,danceability_%,valence_%,' +
  'energy_%,acousticness_%,instrumentalness_%,liveness_%,speechiness_%';
const JUNK_STREAMS = 'BPM110KeyAModeMajorDanceability53Valence75Energy69Acousticness7Instrumentalness0Liveness17Speechiness3';

/**
 * "Most Streamed Spotify Songs 2023": the real file has one row whose streams cell holds the
 * other columns run together (line 576, see tests/integration/songs.test.ts); the generated one
 * has the same junk at line 18.
 */
export function mostStreamed2023(workDir: string): MalformedFixture {
  const issue = { column: 'streams', reason: /BPM110KeyAModeMajor/ };
  const real = sharedData('spotify-2023-most-streamed/spotify-2023.csv');
  if (real)
    return {
      files: [real],
      fileName: path.basename(real),
      format: /^Most Streamed Spotify Songs 2023/,
      items: 0,
      real: true,
      skipped: 1,
      issue: { ...issue, line: 576 },
    };
  const rng = new Prng(13);
  const keys = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'];
  const rows = 40;
  const junkIndex = 16; // data row 16 is line 18 (the header is line 1)
  const lines = [MOST_STREAMED_HEADER];
  for (let index = 0; index < rows; index++) {
    const streams = index === junkIndex ? JUNK_STREAMS : String(rng.int(10_000_000, 3_000_000_000));
    const percent = () => String(rng.int(0, 100));
    lines.push(
      [
        csvField(`Generated Song ${index + 1}`),
        csvField(index % 3 === 0 ? 'Artist A, Artist B' : `Artist ${index}`),
        index % 3 === 0 ? '2' : '1',
        String(rng.int(1970, 2023)),
        String(rng.int(1, 12)),
        String(rng.int(1, 28)),
        String(rng.int(0, 5000)),
        String(rng.int(0, 150)),
        streams,
        String(rng.int(0, 300)),
        String(rng.int(0, 300)),
        String(rng.int(0, 300)),
        String(rng.int(0, 30)),
        String(rng.int(0, 900)),
        String(rng.int(60, 200)),
        rng.pick(keys),
        rng.chance(0.5) ? 'Major' : 'Minor',
        percent(),
        percent(),
        percent(),
        percent(),
        percent(),
        percent(),
        percent(),
      ].join(','),
    );
  }
  const file = path.join(workDir, 'spotify-2023.csv');
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return {
    files: [file],
    fileName: path.basename(file),
    format: /^Most Streamed Spotify Songs 2023/,
    items: rows - 1,
    real: false,
    skipped: 1,
    issue: { ...issue, line: junkIndex + 2 },
  };
}

// ---------------------------------------------------------------- MovieLens and a poster folder

/**
 * MovieLens small (movies.csv chosen together with links.csv and tags.csv) and the Kaggle
 * "Movie Genre from its Poster" folder, whose files are named by IMDb id without "tt": 1,446 of
 * them link (tests/integration/posters.test.ts). Generated: 60 movies and 40 small JPEG posters.
 */
export async function movieLensWithPosters(workDir: string): Promise<PosterFixture> {
  const movies = sharedData('movielens-ml-latest-small/movies.csv');
  const links = sharedData('movielens-ml-latest-small/links.csv');
  const tags = sharedData('movielens-ml-latest-small/tags.csv');
  const posters = sharedData('posters-kaggle-movie-genre-from-poster/posters');
  if (movies && links && tags && posters)
    return {
      movies: { files: [movies, links, tags], fileName: 'movies.csv', format: /^MovieLens movies\.csv/, items: 9_741, real: true },
      folder: posters,
      linked: 1_446,
    };

  const dir = path.join(workDir, 'ml-generated');
  const folder = path.join(workDir, 'posters');
  fs.mkdirSync(dir, { recursive: true });
  fs.mkdirSync(folder, { recursive: true });
  const count = 60;
  const withPoster = 40;
  const genres = ['Adventure|Animation', 'Comedy', 'Drama|Romance', 'Horror|Thriller', 'Sci-Fi', 'Documentary'];
  const movieLines = ['movieId,title,genres'];
  const linkLines = ['movieId,imdbId,tmdbId'];
  const tagLines = ['userId,movieId,tag,timestamp'];
  for (let index = 0; index < count; index++) {
    const movieId = index + 1;
    const imdb = 1_000_000 + index * 7919;
    movieLines.push(`${movieId},${csvField(`Generated Film ${movieId} (${1950 + (index % 70)})`)},${genres[index % genres.length]}`);
    linkLines.push(`${movieId},${String(imdb).padStart(7, '0')},${90_000 + index}`);
    if (index % 4 === 0) tagLines.push(`1,${movieId},atmospheric,1500000000`);
  }
  fs.writeFileSync(path.join(dir, 'movies.csv'), `${movieLines.join('\n')}\n`);
  fs.writeFileSync(path.join(dir, 'links.csv'), `${linkLines.join('\n')}\n`);
  fs.writeFileSync(path.join(dir, 'tags.csv'), `${tagLines.join('\n')}\n`);
  for (let index = 0; index < withPoster; index++) {
    const imdb = 1_000_000 + index * 7919;
    const background = { r: (index * 53) % 256, g: (index * 97) % 256, b: (index * 191) % 256 };
    await sharp({ create: { width: 60, height: 90, channels: 3, background } })
      .jpeg({ quality: 80 })
      .toFile(path.join(folder, `${imdb}.jpg`));
  }
  return {
    movies: {
      files: ['movies.csv', 'links.csv', 'tags.csv'].map((name) => path.join(dir, name)),
      fileName: 'movies.csv',
      format: /^MovieLens movies\.csv/,
      items: count,
      real: false,
    },
    folder,
    linked: withPoster,
  };
}

// ---------------------------------------------------------------- files the tests always generate

/** A CSV whose header no known format has: Finnish column names, semicolons, "/"-separated genres. */
export function oddColumnsCsv(workDir: string): { readonly file: string; readonly rows: number; readonly titles: readonly string[] } {
  const titles = ['Tuntematon sotilas', 'Mies vailla menneisyyttä', 'Kuolleet lehdet', 'Hytti nro 6', 'Napapiirin sankarit'];
  const lines = ['Elokuvan nimi;Ilmestymisvuosi;Lajityypit;Arvio (0-10);Huomautus'];
  titles.forEach((title, index) => lines.push(`${title};${1955 + index * 15};Draama/Komedia;${(7 + index * 0.3).toFixed(1)};rivi ${index + 1}`));
  const file = path.join(workDir, 'elokuvat.csv');
  fs.writeFileSync(file, `${lines.join('\r\n')}\r\n`);
  return { file, rows: titles.length, titles };
}

const TMDB_5000_HEADER =
  'budget,genres,homepage,id,keywords,original_language,original_title,overview,popularity,production_companies,production_countries,' +
  'release_date,revenue,runtime,spoken_languages,status,tagline,title,vote_average,vote_count';

/**
 * A TMDB 5000 download cut off in the middle of a quoted cell: five complete rows, then a sixth
 * that ends inside its overview. The complete rows import; the cut one is reported as unreadable.
 */
export function truncatedMoviesCsv(workDir: string): { readonly file: string; readonly fileName: string; readonly complete: number; readonly cutLine: number } {
  const genres = csvField(
    JSON.stringify([{ id: 18, name: 'Drama' }])
      .replace(/,/g, ', ')
      .replace(/:/g, ': '),
  );
  const row = (id: number, title: string, overview: string) =>
    [
      1_000_000 * id,
      genres,
      '',
      id,
      '[]',
      'fi',
      csvField(title),
      csvField(overview),
      '1.5',
      '[]',
      '[]',
      `${1990 + id}-01-01`,
      0,
      90,
      '[]',
      'Released',
      '',
      csvField(title),
      '6.5',
      10 * id,
    ].join(',');
  const complete = 5;
  const lines = [TMDB_5000_HEADER];
  for (let id = 1; id <= complete; id++) lines.push(row(id, `Whole Film ${id}`, `A complete overview, number ${id}.`));
  const cut = row(complete + 1, 'Cut Film', 'An overview that stops in the middle of a sentence because the download ended');
  lines.push(cut.slice(0, cut.indexOf('An overview') + 'An overview that stops'.length));
  const fileName = 'tmdb_5000_movies-truncated.csv';
  const file = path.join(workDir, fileName);
  fs.writeFileSync(file, lines.join('\n'));
  return { file, fileName, complete, cutLine: complete + 2 };
}
