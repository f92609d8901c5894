/**
 * The journey benchmark's data set, generated once per scale into a cache folder and reused:
 * - songs.csv: Spotify Tracks (Hugging Face) schema, every row a distinct song;
 * - movies.csv: TMDb Movies Dataset 2023 (v11) schema, overviews included;
 * - posters/: poster images named tmdb-<id>.<ext> (so linking matches them by TMDb id), in varied
 *   sizes and formats (JPEG mostly, PNG and WebP too), smooth colour fields like real artwork;
 * - extra-songs.csv: a small second file for the incremental build.
 * Everything is seeded, so a cache built by another run holds the same data. A manifest written
 * last marks a complete cache: an interrupted generation starts over.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { TMDB_V11_HEADER, Prng, tmdbV11Lines, writeSpotifyTracksCsv } from '../tests/support/generate-fixtures.js';
import { progressLine, repoRoot, throttledProgress, writeLinesInChunks } from './support.js';

/** Bump when the generated data changes, so old caches are regenerated. */
const DATA_VERSION = 1;
const FULL_ROWS = 1_000_000;
const FULL_POSTERS = 20_000;
const EXTRA_SONGS = 1_000;

export interface JourneyData {
  readonly dir: string;
  readonly songsFile: string;
  readonly moviesFile: string;
  readonly extraSongsFile: string;
  readonly postersDir: string;
  readonly songRows: number;
  readonly movieRows: number;
  readonly extraSongRows: number;
  readonly posters: number;
  readonly posterFormats: Record<string, number>;
  readonly posterBytes: number;
}

interface Manifest extends Omit<JourneyData, 'dir' | 'songsFile' | 'moviesFile' | 'extraSongsFile' | 'postersDir'> {
  readonly version: number;
}

/** Where the data for a scale lives: CROSSFADE_BENCH_CACHE, else bench/.cache (gitignored). */
function cacheDir(scale: number): string {
  const root = process.env.CROSSFADE_BENCH_CACHE ?? path.join(repoRoot, 'bench/.cache');
  return path.join(root, `journey-${scale}`);
}

/** The cached data for `scale`, generated first when missing or incomplete. */
export async function journeyData(scale: number): Promise<JourneyData> {
  const dir = cacheDir(scale);
  const files = {
    dir,
    songsFile: path.join(dir, 'songs.csv'),
    moviesFile: path.join(dir, 'movies.csv'),
    extraSongsFile: path.join(dir, 'extra-songs.csv'),
    postersDir: path.join(dir, 'posters'),
  };
  const manifestFile = path.join(dir, 'manifest.json');
  try {
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest;
    if (manifest.version === DATA_VERSION) {
      progressLine(`reusing the generated data in ${path.relative(process.cwd(), dir) || dir}`);
      return { ...files, ...manifest };
    }
  } catch {
    // no complete cache yet
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(files.postersDir, { recursive: true });
  const rows = Math.max(1000, Math.round(FULL_ROWS * scale));
  const posterCount = Math.max(100, Math.round(FULL_POSTERS * scale));

  progressLine(`generating ${rows.toLocaleString('en-US')} songs`);
  writeSpotifyTracksCsv(files.songsFile, { rows, seed: 11, repeatRate: 0 });
  writeSpotifyTracksCsv(files.extraSongsFile, { rows: EXTRA_SONGS, seed: 12, repeatRate: 0 });
  progressLine(`generating ${rows.toLocaleString('en-US')} movies`);
  const tmdbIds = writeMovies(files.moviesFile, rows);
  progressLine(`generating ${posterCount.toLocaleString('en-US')} posters`);
  const { formats, bytes } = await writePosters(files.postersDir, tmdbIds, posterCount);

  const manifest: Manifest = {
    version: DATA_VERSION,
    songRows: rows,
    movieRows: rows,
    extraSongRows: EXTRA_SONGS,
    posters: posterCount,
    posterFormats: formats,
    posterBytes: bytes,
  };
  fs.writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  return { ...files, ...manifest };
}

/** Writes the TMDb file; returns the TMDb ids in file order (posters are named after some of them). */
function writeMovies(file: string, rows: number): Int32Array {
  const ids = new Int32Array(rows);
  writeLinesInChunks(
    file,
    TMDB_V11_HEADER,
    tmdbV11Lines({ rows, seed: 13 }),
    (done) => `  ${done.toLocaleString('en-US')} of ${rows.toLocaleString('en-US')} movies`,
    ({ index, tmdbId }) => (ids[index] = tmdbId),
  );
  return ids;
}

/** TMDb's poster widths (w185 ... w780, originals up to 2000) at the 2:3 poster ratio, a few off-ratio. */
const WIDTHS = [185, 300, 342, 500, 500, 500, 780, 1000, 2000] as const;

/**
 * Each poster: a small random colour field scaled up smoothly (gradients and soft shapes, like
 * artwork, so the encoders compress it as they would a real poster). 75% JPEG, 15% PNG (at most
 * 780 wide, as TMDb serves them), 10% WebP. Encoding 20K large images would take most of an hour
 * here, so POSTER_POOL distinct images are encoded and every file is a copy of one of them: the
 * embedding job still reads and decodes each file on its own.
 */
const POSTER_POOL = 600;

async function writePosters(dir: string, tmdbIds: Int32Array, count: number): Promise<{ formats: Record<string, number>; bytes: number }> {
  const rng = new Prng(17);
  const stride = tmdbIds.length / count;
  const formats: Record<string, number> = {};
  let bytes = 0;
  const progress = throttledProgress();
  const pool = Array.from({ length: Math.min(count, POSTER_POOL) }, () => {
    const width = rng.pick(WIDTHS);
    const height = Math.round(width * (rng.chance(0.9) ? 1.5 : 1.2 + rng.next() * 0.6));
    const roll = rng.next();
    const format = roll < 0.75 ? 'jpg' : roll < 0.9 && width <= 780 ? 'png' : 'webp';
    const seedPixels = Buffer.from(Array.from({ length: 6 * 9 * 3 }, () => rng.int(0, 255)));
    return { width, height, format, seedPixels, data: null as Buffer | null };
  });
  let next = 0;
  const encode = async () => {
    while (next < pool.length) {
      const entry = pool[next++]!;
      const image = sharp(entry.seedPixels, { raw: { width: 6, height: 9, channels: 3 } }).resize(entry.width, entry.height, { fit: 'fill', kernel: 'cubic' });
      entry.data = await (
        entry.format === 'jpg' ? image.jpeg({ quality: 85 }) : entry.format === 'png' ? image.png({ compressionLevel: 6 }) : image.webp({ quality: 80 })
      ).toBuffer();
      progress(() => `  encoded ${next} of ${pool.length} distinct posters`);
    }
  };
  await Promise.all(Array.from({ length: 2 }, encode));
  for (let index = 0; index < count; index++) {
    const entry = pool[index % pool.length]!;
    fs.writeFileSync(path.join(dir, `tmdb-${tmdbIds[Math.floor(index * stride)]!}.${entry.format}`), entry.data!);
    formats[entry.format] = (formats[entry.format] ?? 0) + 1;
    bytes += entry.data!.length;
  }
  return { formats, bytes };
}
