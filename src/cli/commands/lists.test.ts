import { parse } from 'csv-parse/sync';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../tests/support/temp.js';
import { openDatabase } from '../../core/db/open-database.js';
import type { ListSummary } from '../../core/lists/list-store.js';
import { MOVIES, SONGS, seedListCatalog } from '../../core/lists/test-helpers.js';
import { useCliHarness } from '../test-harness.js';
import { registerListCommands } from './lists.js';

const { cli, cliJson } = useCliHarness([registerListCommands], (dbPath) => {
  const db = openDatabase(dbPath);
  seedListCatalog(db);
  db.close();
});

describe('list commands', () => {
  it('creates, fills, reorders, renames, shows and deletes a playlist', async () => {
    expect(await cli(['lists'])).toBe('No lists yet: crossfade list-create playlist "My mix"\n');
    expect(await cli(['list-create', 'playlist', 'Road', 'trip'])).toBe('Created playlist #1 "Road trip" (0 items).\n');
    expect(await cli(['list-add', '1', '3', '1', '2', '1'])).toBe('playlist #1 "Road trip" (3 items)\n');
    expect(await cli(['list-move', '1', '2', '1'])).toBe('playlist #1 "Road trip" (3 items)\n');
    expect(await cli(['list-remove', '1', '3'])).toBe('playlist #1 "Road trip" (2 items)\n');
    expect(await cli(['list-rename', '1', 'Night drive'])).toBe('Renamed: playlist #1 "Night drive" (2 items).\n');
    expect(await cli(['list-show', '1'])).toBe(
      `playlist #1 "Night drive" (2 items)\n1. ${SONGS.cafe.title} — ${SONGS.cafe.artists} (song 2)\n2. ${SONGS.rick.title} — Rick Astley (song 1)\n`,
    );
    expect(await cli(['lists'])).toBe('id  kind      items  name\n1   playlist  2      Night drive\n');
    expect(await cli(['list-delete', '1'])).toBe('Deleted playlist #1 "Night drive" (2 items).\n');
    expect(await cli(['lists'])).toMatch(/^No lists yet/);
  });

  it('prints JSON with --json', async () => {
    const created = await cliJson<ListSummary>(['list-create', 'watchlist', 'Weekend']);
    expect(created).toMatchObject({ id: 1, kind: 'watchlist', name: 'Weekend', items: 0 });
    expect(await cliJson<ListSummary>(['list-add', '1', String(MOVIES.tiger.id), String(MOVIES.spirited.id)])).toMatchObject({ items: 2 });
    expect(await cliJson<ListSummary[]>(['lists'])).toEqual([expect.objectContaining({ id: 1, name: 'Weekend', items: 2 })]);
    const shown = await cliJson<{ entries: { kind: string; movie: { id: number } }[] }>(['list-show', '1']);
    expect(shown.entries.map((entry) => entry.movie.id)).toEqual([MOVIES.tiger.id, MOVIES.spirited.id]);
    expect(await cliJson<{ deleted: ListSummary }>(['list-delete', '1'])).toMatchObject({ deleted: { id: 1, name: 'Weekend' } });
  });

  it('exports to standard output, to a file, and as JSON', async () => {
    await cli(['list-create', 'playlist', 'Mix']);
    await cli(['list-add', '1', '1', '2']);
    const m3u8 = await cli(['export', '1', '--format', 'm3u8']);
    expect(m3u8.split('\n').slice(0, 4)).toEqual([
      '#EXTM3U',
      '#PLAYLIST:Mix',
      '#EXTINF:213,Rick Astley - Never, "Gonna" Give',
      'https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC',
    ]);

    const out = path.join(tempDir(), 'mix.csv');
    expect(await cli(['export', '1', '--format', 'csv', '--out', out])).toBe(`Wrote 2 items to ${out} (CSV (Title, Artist, Album, Spotify URI)).\n`);
    expect(parse(fs.readFileSync(out, 'utf8'), { columns: true })).toEqual([
      { Title: SONGS.rick.title, Artist: 'Rick Astley', Album: 'Whenever You Need Somebody', 'Spotify URI': 'spotify:track:4uLU6hMCjMI75M1A2tKUQC' },
      { Title: SONGS.cafe.title, Artist: SONGS.cafe.artists, Album: '', 'Spotify URI': '' },
    ]);
    expect(await cliJson(['export', '1', '--format', 'xspf', '--out', out.replace(/csv$/, 'xspf')])).toMatchObject({
      format: 'xspf',
      items: 2,
      file: out.replace(/csv$/, 'xspf'),
    });

    const wrapped = await cliJson<{ format: string; fileName: string; mime: string; content: string }>(['export', '1', '--format', 'json']);
    expect(wrapped).toMatchObject({ listId: 1, format: 'playlist-json', fileName: 'Mix.json', mime: 'application/json', items: 2 });
    expect((JSON.parse(wrapped.content) as { items: unknown[] }).items).toHaveLength(2);
  });

  it('exports a watchlist for Letterboxd', async () => {
    await cli(['list-create', 'watchlist', 'Weekend']);
    await cli(['list-add', '1', String(MOVIES.spirited.id)]);
    expect(await cli(['export', '1', '--format', 'letterboxd'])).toBe('Title,Year,tmdbID,imdbID\nSpirited Away,2001,129,tt0245429\n');
  });

  it('explains mistakes', async () => {
    await expect(cli(['list-create', 'mixtape', 'Tape'])).rejects.toThrow('A list is a playlist or a watchlist, not "mixtape".');
    await expect(cli(['list-create', 'playlist', ' '])).rejects.toThrow('A list needs a name.');
    await expect(cli(['list-add', 'one', '1'])).rejects.toThrow('"one" is not a list id (see crossfade lists).');
    await expect(cli(['list-add', '9', '1'])).rejects.toThrow('There is no list with id 9.');
    await cli(['list-create', 'watchlist', 'Weekend']);
    await expect(cli(['list-add', '1', '1'])).rejects.toThrow('A watchlist holds movies; there is no movie with id 1.');
    await expect(cli(['list-add', '1', '3x'])).rejects.toThrow('"3x" is not an item id (find ids with crossfade search songs|movies <text>).');
    await expect(cli(['list-move', '1', String(MOVIES.spirited.id), '0'])).rejects.toThrow('"0" is not a position (1 = first).');
    await expect(cli(['export', '1', '--format', 'm3u8'])).rejects.toThrow(
      'M3U8 playlist (Spotify links) is a playlist format: a watchlist exports as letterboxd, watchlist-csv, watchlist-json.',
    );
    await expect(cli(['export', '1', '--format', 'mp3'])).rejects.toThrow(/Unknown export format "mp3"/);
    await expect(cli(['list-add', '1'])).rejects.toThrow(/missing required argument 'itemId'/);
  });
});
