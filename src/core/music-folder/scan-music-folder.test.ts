import { XMLParser } from 'fast-xml-parser';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDatabase, tempDir } from '../../../tests/support/temp.js';
import { writeExport } from '../export/write-export.js';
import { ListStore } from '../lists/list-store.js';
import { seedTasteCatalog } from '../taste/test-helpers.js';
import { localPlaylistFiles, scanMusicFolder } from './scan-music-folder.js';
import { writeWav } from './test-audio.js';

const songId = (db: ReturnType<typeof tempDatabase>, title: string) => db.prepare(`SELECT id FROM songs WHERE title = ?`).pluck().get(title) as number;

/** A music folder: two files that match catalog songs, one whose length is 9 s off, one that is not audio, one text file. */
function musicFolder(): string {
  const dir = path.join(tempDir(), 'Music');
  writeWav(path.join(dir, 'Nat King Cole', 'Smile.wav'), { title: 'Smile', artist: 'Nat King Cole', album: 'Unforgettable' }, 170);
  writeWav(path.join(dir, 'Nat King Cole', 'Mona Lisa.wav'), { title: 'Mona Lisa (Remastered)', artist: 'Nat King Cole' }, 209);
  writeWav(path.join(dir, 'Nature Boy (live).wav'), { title: 'Nature Boy', artist: 'Nat King Cole' }, 180);
  fs.writeFileSync(path.join(dir, 'broken.flac'), 'this is not a FLAC file at all');
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'not music');
  return dir;
}

describe('scanning a music folder', () => {
  it('reads tags, matches by title, artist and length (±3 s), survives an unreadable file, and resumes', async () => {
    const db = tempDatabase();
    seedTasteCatalog(db);
    const dir = musicFolder();
    const progress: number[] = [];
    const report = await scanMusicFolder(db, { folder: dir, onProgress: (update) => progress.push(update.done) });
    expect(report).toMatchObject({ status: 'completed', files: 4, read: 4, unchanged: 0, matched: 2, unmatched: 1, unreadable: 1, removed: 0 });
    expect(report.problems).toEqual([{ path: path.join(dir, 'broken.flac'), reason: expect.stringMatching(/^not readable as audio/) }]);
    expect(progress.at(-1)).toBe(4);
    const rows = db
      .prepare(
        `SELECT path, title, artist, duration_ms AS durationMs, song_id AS songId, matched_by AS matchedBy FROM local_tracks WHERE error IS NULL ORDER BY path`,
      )
      .all();
    expect(rows).toEqual([
      {
        path: path.join(dir, 'Nat King Cole', 'Mona Lisa.wav'),
        title: 'Mona Lisa (Remastered)',
        artist: 'Nat King Cole',
        durationMs: 209_000,
        songId: songId(db, 'Mona Lisa'),
        matchedBy: 'tags',
      },
      {
        path: path.join(dir, 'Nat King Cole', 'Smile.wav'),
        title: 'Smile',
        artist: 'Nat King Cole',
        durationMs: 170_000,
        songId: songId(db, 'Smile'),
        matchedBy: 'tags',
      },
      { path: path.join(dir, 'Nature Boy (live).wav'), title: 'Nature Boy', artist: 'Nat King Cole', durationMs: 180_000, songId: null, matchedBy: null },
    ]);

    // Again: nothing changed, nothing is read; a removed file is forgotten.
    fs.rmSync(path.join(dir, 'Nature Boy (live).wav'));
    const again = await scanMusicFolder(db, { folder: dir });
    expect(again).toMatchObject({ files: 3, read: 0, unchanged: 3, matched: 2, unreadable: 1, removed: 1 });
  });

  it('stops when cancelled, keeping what it committed, and the next scan completes it', async () => {
    const db = tempDatabase();
    seedTasteCatalog(db);
    const dir = musicFolder();
    const controller = new AbortController();
    controller.abort();
    expect(await scanMusicFolder(db, { folder: dir, signal: controller.signal })).toMatchObject({ status: 'cancelled', read: 0 });
    expect(await scanMusicFolder(db, { folder: dir })).toMatchObject({ status: 'completed', read: 4, matched: 2 });
    await expect(scanMusicFolder(db, { folder: path.join(dir, 'nope') })).rejects.toThrow(/is not a folder/);
  });
});

describe('playlists that play local files', () => {
  async function setUp() {
    const db = tempDatabase();
    seedTasteCatalog(db);
    const dir = musicFolder();
    await scanMusicFolder(db, { folder: dir });
    const lists = new ListStore(db);
    const playlist = lists.create('playlist', 'Nat & friends');
    lists.add(playlist.id, [songId(db, 'Smile'), songId(db, 'Hallelujah'), songId(db, 'Mona Lisa')]);
    const list = lists.get(playlist.id);
    const local = localPlaylistFiles(
      db,
      list.entries.map((entry) => (entry.kind === 'song' ? entry.song.id : 0)),
    )!;
    return { dir, list, local };
  }

  /** Reads an M3U8 file as players do (RFC 8216 §4.1: one entry per line; lines starting with # are tags or comments; a URI line is resolved against the playlist's location). */
  function readM3u8(file: string): { locations: string[]; comments: string[] } {
    const lines = fs
      .readFileSync(file, 'utf8')
      .split(/\r?\n/)
      .filter((line) => line !== '');
    expect(lines[0]).toBe('#EXTM3U');
    const locations = lines
      .filter((line) => !line.startsWith('#'))
      .map((line) => (path.isAbsolute(line) ? line : path.resolve(path.dirname(file), ...line.split('/'))));
    const comments = lines.filter((line) => line.startsWith('# '));
    return { locations, comments };
  }

  it('writes relative paths when the playlist sits beside the music, which resolve to the generated files', async () => {
    const { dir, list, local } = await setUp();
    const file = path.join(dir, 'Nat & friends.m3u8');
    writeExport(file, list, 'm3u8', undefined, local);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('#EXTINF:170,Nat King Cole - Smile\nNat King Cole/Smile.wav\n');
    const { locations, comments } = readM3u8(file);
    expect(locations).toEqual([path.join(dir, 'Nat King Cole', 'Smile.wav'), path.join(dir, 'Nat King Cole', 'Mona Lisa.wav')]);
    for (const location of locations) expect(fs.existsSync(location)).toBe(true);
    expect(comments).toEqual([expect.stringMatching(/^# Not on this computer: Leonard Cohen - Hallelujah https:\/\/open\.spotify\.com\//)]);
  });

  it('writes absolute paths when the playlist is elsewhere, also in XSPF (file: URIs; the missing song keeps its Spotify link)', async () => {
    const { dir, list, local } = await setUp();
    const elsewhere = tempDir();
    const m3u8 = path.join(elsewhere, 'mix.m3u8');
    writeExport(m3u8, list, 'm3u8', undefined, local);
    expect(readM3u8(m3u8).locations).toEqual([path.join(dir, 'Nat King Cole', 'Smile.wav'), path.join(dir, 'Nat King Cole', 'Mona Lisa.wav')]);
    expect(fs.readFileSync(m3u8, 'utf8')).toContain(`\n${path.join(dir, 'Nat King Cole', 'Smile.wav')}\n`);

    const xspfFile = path.join(elsewhere, 'mix.xspf');
    writeExport(xspfFile, list, 'xspf', undefined, local);
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(fs.readFileSync(xspfFile, 'utf8')) as {
      playlist: { title: string; trackList: { track: Record<string, string>[] } };
    };
    expect(parsed.playlist.title).toBe('Nat & friends');
    const tracks = parsed.playlist.trackList.track;
    expect(tracks.map((track) => track.title)).toEqual(['Smile', 'Hallelujah', 'Mona Lisa']);
    expect(fileURLToPath(tracks[0]!.location!)).toBe(path.join(dir, 'Nat King Cole', 'Smile.wav'));
    expect(fs.existsSync(fileURLToPath(tracks[2]!.location!))).toBe(true);
    expect(tracks[1]).toMatchObject({ annotation: 'Not on this computer', info: expect.stringMatching(/^https:\/\/open\.spotify\.com\//) });
    expect(tracks[1]!.location).toBeUndefined();

    // Beside the music, XSPF locations are relative URI references, resolved against the playlist's own URI.
    const beside = path.join(dir, 'mix.xspf');
    writeExport(beside, list, 'xspf', undefined, local);
    const relative = new XMLParser().parse(fs.readFileSync(beside, 'utf8')) as { playlist: { trackList: { track: Record<string, string>[] } } };
    const first = relative.playlist.trackList.track[0]!.location!;
    expect(first).toBe('Nat%20King%20Cole/Smile.wav');
    expect(fileURLToPath(new URL(first, pathToFileURL(beside)))).toBe(path.join(dir, 'Nat King Cole', 'Smile.wav'));
  });
});
