import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/services';
import { testServices, writeSongsCsv } from './fixtures';

let services: Services;
beforeAll(async () => {
  services = testServices();
  const job = await services.api['imports.start']({ file: { path: writeSongsCsv(20) } });
  expect((await services.jobs.whenFinished(job.id)).status).toBe('completed');
}, 60_000);
afterAll(() => services?.close());

describe('lists through the services', () => {
  it('creates a playlist, adds, reorders and exports it', async () => {
    const list = await services.api['lists.create']({ kind: 'playlist', name: 'Favourites' });
    await services.api['lists.add']({ listId: list.id, itemIds: [3, 1, 2] });
    await services.api['lists.move']({ listId: list.id, itemId: 2, toIndex: 0 });
    const details = await services.api['lists.get']({ listId: list.id });
    expect(details.entries.map((entry) => (entry.kind === 'song' ? entry.song.id : 0))).toEqual([2, 3, 1]);
    expect(details.entries[0]).toMatchObject({ kind: 'song', song: { spotifyUrl: expect.stringMatching(/^https:\/\/open\.spotify\.com\//) } });
    const file = await services.api['lists.export']({ listId: list.id, format: 'm3u8' });
    expect(file).toMatchObject({ fileName: 'Favourites.m3u8', mime: 'audio/x-mpegurl' });
    expect(file.content.startsWith('#EXTM3U\n')).toBe(true);
  });

  it('turns list errors into clear messages and validates input', async () => {
    const list = await services.api['lists.create']({ kind: 'watchlist', name: 'Later' });
    await expect(services.api['lists.add']({ listId: list.id, itemIds: [1] })).rejects.toThrow(/watchlist holds movies; there is no movie with id 1/);
    await expect(services.api['lists.export']({ listId: list.id, format: 'm3u8' })).rejects.toThrow(/playlist format/);
    await expect(services.api['lists.create']({ kind: 'playlist', name: '   ' })).rejects.toThrow(/name: a list needs a name/);
    await expect(services.api['lists.get']({ listId: 4242 })).rejects.toThrow(/no list with id 4242/);
  });
});
