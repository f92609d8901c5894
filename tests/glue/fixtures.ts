import fs from 'node:fs';
import path from 'node:path';
import { createServices, type Services, type ServicesOptions } from '../../src/services';
import { expect } from 'vitest';
import { writeSpotifyTracksCsv, writeTmdbV11Csv } from '../support/generate-fixtures';
import { tempDir } from '../support/temp';

const HEADER =
  'track_id,artists,album_name,track_name,popularity,duration_ms,explicit,danceability,energy,key,loudness,mode,' +
  'speechiness,acousticness,instrumentalness,liveness,valence,tempo,time_signature,track_genre';

/** A Spotify Tracks Dataset (Hugging Face) CSV with `rows` distinct songs. */
export function songsCsv(rows: number): string {
  const lines = [HEADER];
  for (let i = 0; i < rows; i++) {
    const id = `T${i.toString(36).padStart(21, '0')}`;
    const unit = ((i * 37) % 100) / 100;
    lines.push(
      `${id},Artist ${i % 500},Album ${i % 900},Song number ${i},${i % 100},200000,False,${unit},${1 - unit},${i % 12},-7.5,1,0.05,0.2,0.0,0.1,${unit},120.0,4,pop`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export function writeSongsCsv(rows: number, dir = tempDir()): string {
  const file = path.join(dir, `songs-${rows}.csv`);
  fs.writeFileSync(file, songsCsv(rows));
  return file;
}

/** Services on a fresh data folder; closed by the caller (or by closeAll in afterEach). */
export function testServices(options: Partial<ServicesOptions> = {}): Services {
  return createServices({ dataDir: tempDir('crossfade-glue-'), mode: 'browser', version: '9.9.9', workerThreads: 2, autoRefreshVibe: false, ...options });
}

/** Resolves with the first value for which `predicate` holds, from a subscribe-style source. */
export function waitFor<T>(subscribe: (listener: (value: T) => void) => () => void, predicate: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`waitFor: timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    const stop = subscribe((value) => {
      if (!predicate(value)) return;
      clearTimeout(timer);
      stop();
      resolve(value);
    });
  });
}

/** The message a refused call rejects with; fails when the call succeeds. */
export async function refusal(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: unknown) => (error as Error).message,
  );
}

/** Imports generated songs and movies (Spotify tracks and TMDb v11 files) through the services, each job completed. */
export async function importGeneratedCatalog(services: Services, rows: { songs: number; movies: number }): Promise<void> {
  const dir = tempDir();
  for (const file of [
    writeSpotifyTracksCsv(path.join(dir, 'songs.csv'), { rows: rows.songs }).file,
    writeTmdbV11Csv(path.join(dir, 'movies.csv'), { rows: rows.movies }).file,
  ]) {
    const job = await services.api['imports.start']({ file: { path: file } });
    expect((await services.jobs.whenFinished(job.id)).status).toBe('completed');
  }
}
