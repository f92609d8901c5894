import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDatabase, tempDir } from '../../../tests/support/temp.js';
import { seedTasteCatalog } from '../taste/test-helpers.js';
import { scanMusicFolder } from './scan-music-folder.js';

const hasFfmpeg = spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).status === 0;
if (!hasFfmpeg)
  console.warn('music-folder: ffmpeg is not installed, so the MP3/FLAC/OGG/M4A scan test is skipped (bash .ci/run installs it; or apt-get install ffmpeg).');

/** A few seconds of silence, encoded by ffmpeg with the given tags. */
function encode(file: string, seconds: number, tags: Record<string, string>): string {
  const metadata = Object.entries(tags).flatMap(([key, value]) => ['-metadata', `${key}=${value}`]);
  execFileSync('ffmpeg', ['-loglevel', 'error', '-f', 'lavfi', '-i', `anullsrc=r=8000:cl=mono`, '-t', String(seconds), ...metadata, '-y', file]);
  return file;
}

describe.skipIf(!hasFfmpeg)('scanning MP3, FLAC, OGG and M4A files made by ffmpeg', () => {
  it('reads ID3, Vorbis and MP4 tags (Unicode included) and matches them; an ISRC tag is stored', async () => {
    const db = tempDatabase();
    seedTasteCatalog(db);
    db.prepare(`INSERT INTO songs(song_key, title, artists, duration_ms) VALUES ('ta:千と千尋|久石譲', '千と千尋', '久石譲', 5000)`).run();
    const dir = tempDir();
    encode(path.join(dir, 'smile.mp3'), 170, { title: 'Smile', artist: 'Nat King Cole', TSRC: 'USCA29900001' });
    encode(path.join(dir, 'mona.flac'), 207, { title: 'Mona Lisa', artist: 'Nat King Cole', ISRC: 'USCA20000002' });
    encode(path.join(dir, 'nature.ogg'), 171, { title: 'Nature Boy', artist: 'Nat King Cole' });
    encode(path.join(dir, 'spirited.m4a'), 5, { title: '千と千尋', artist: '久石譲' });
    const report = await scanMusicFolder(db, { folder: dir });
    expect(report).toMatchObject({ files: 4, matched: 4, unmatched: 0, unreadable: 0 });
    const rows = db
      .prepare(`SELECT t.path, t.title, t.artist, t.isrc, s.title AS song FROM local_tracks t JOIN songs s ON s.id = t.song_id ORDER BY path`)
      .all() as Record<string, string>[];
    expect(rows.map((row) => [path.basename(row.path!), row.title, row.song])).toEqual([
      ['mona.flac', 'Mona Lisa', 'Mona Lisa'],
      ['nature.ogg', 'Nature Boy', 'Nature Boy'],
      ['smile.mp3', 'Smile', 'Smile'],
      ['spirited.m4a', '千と千尋', '千と千尋'],
    ]);
    expect(rows.find((row) => row.path!.endsWith('smile.mp3'))!.isrc).toBe('USCA29900001');
  }, 120_000);
});
