import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BLOCKS } from '../../src/core/vibe/weights';
import { MOOD_AXES } from '../../src/core/features/types';
import type { Services } from '../../src/services';
import { BLOCK_NAMES, MOOD_AXIS_NAMES } from '../../src/shared/recommend-schemas';
import { importGeneratedCatalog, testServices } from './fixtures';

let services: Services;

beforeAll(async () => {
  services = testServices();
  await importGeneratedCatalog(services, { songs: 300, movies: 200 });
}, 60_000);
afterAll(() => services?.close());

describe('recommendation services', () => {
  it('says the vibe space must be built, refuses queries until then, builds it in a worker', async () => {
    expect(await services.api['vibe.status']({})).toMatchObject({ built: false, stale: true, staleReasons: ['The vibe space has not been built yet.'] });
    await expect(services.api['recommend.query']({ picks: [{ kind: 'song', id: 1 }], target: 'movie' })).rejects.toThrow(/not been built/);
    const job = await services.api['vibe.build']({});
    expect(job).toMatchObject({ kind: 'build-vibe', label: 'Build the vibe space' });
    const done = await services.jobs.whenFinished(job.id);
    expect(done.status, done.error ?? '').toBe('completed');
    expect(done.result).toMatchObject({ status: 'completed', movies: 200 });
    expect(await services.api['vibe.status']({})).toMatchObject({ built: true, stale: false, movies: 200 });
    // The job saved the vectors for the app's next load (read in a few large reads, not row by row).
    const { dataDir } = await services.api['app.info']({});
    expect(fs.readdirSync(path.join(dataDir, 'cache')).sort()).toEqual([
      'recording-groups',
      'vibe-movie.columns',
      'vibe-movie.vectors',
      'vibe-song.columns',
      'vibe-song.vectors',
    ]);
  }, 60_000);

  it('answers songs-to-movies queries with cards, reasons and moods', async () => {
    const response = await services.api['recommend.query']({
      picks: [
        { kind: 'song', id: 1 },
        { kind: 'song', id: 2 },
      ],
      target: 'movie',
      k: 12,
    });
    expect(response.results).toHaveLength(12);
    const first = response.results[0]!;
    expect(first.movie).toMatchObject({ id: first.itemId, title: expect.any(String) });
    expect(first.song).toBeNull();
    expect(first.movie!.tmdbUrl).toMatch(/^https:\/\/www\.themoviedb\.org\/movie\/\d+$/);
    expect(first.reasons.length).toBeGreaterThan(0);
    expect(response.picks.map((pick) => pick.song?.spotifyUrl)).toEqual([expect.stringMatching(/^https:\/\/open\.spotify\.com\//), expect.any(String)]);
    expect(response.profileMood).toHaveLength(5);
    expect((await services.api['vibe.status']({})).defaultWeights).toEqual(response.weights);
  });

  it("keeps the intent's weights for every block a query's own weights do not name", async () => {
    const query = { picks: [{ kind: 'song' as const, id: 1 }], target: 'movie' as const, intent: 'feel' as const };
    const intentWeights = (await services.api['recommend.query'](query)).weights;
    const { weights } = await services.api['recommend.query']({ ...query, weights: { mood: 0.5 } });
    // Only the mood moved: the other blocks keep their shares of what is left (the exposure guard, content and clash too).
    expect(weights.mood).toBeCloseTo(0.5 / (1 - intentWeights.mood + 0.5), 5);
    for (const block of BLOCK_NAMES.filter((name) => name !== 'mood'))
      expect(weights[block]).toBeCloseTo(intentWeights[block] / (1 - intentWeights.mood + 0.5), 5);
    expect(weights.variety).toBeGreaterThan(0);
    expect(weights.clash).toBeGreaterThan(0);
  });

  it('"more like this" excludes the item itself; filters and facets come from the catalog', async () => {
    const similar = await services.api['recommend.similar']({ item: { kind: 'movie', id: 3 } });
    expect(similar.results.map((result) => result.itemId)).not.toContain(3);
    expect(similar.results.every((result) => result.kind === 'movie')).toBe(true);
    const [genre] = await services.api['catalog.genres']({ domain: 'movie' });
    expect(genre!.count).toBeGreaterThan(0);
    const filtered = await services.api['recommend.query']({ picks: [{ kind: 'movie', id: 3 }], target: 'movie', filters: { genres: [genre!.value] } });
    // Adult titles are hidden by default, so at most the genre's count is allowed.
    expect(filtered.allowed).toBeGreaterThan(0);
    expect(filtered.allowed).toBeLessThanOrEqual(genre!.count);
    expect(filtered.results.every((result) => result.movie!.genres.includes(genre!.value))).toBe(true);
    expect((await services.api['catalog.languages']({}))[0]!.count).toBeGreaterThan(0);
  });

  it('rejects invalid requests at the boundary', async () => {
    await expect(services.api['recommend.query']({ picks: [], target: 'movie' })).rejects.toThrow(/picks: pick at least one/);
    await expect(services.api['recommend.query']({ picks: [{ kind: 'song', id: 1 }], target: 'movie', weights: { mood: 2 } })).rejects.toThrow(/weights.mood/);
  });

  it('browses the poster pool by text, filters and a seeded shuffle', async () => {
    const all = await services.api['catalog.browseMovies']({ limit: 500 });
    expect(all.total).toBe(200);
    const first = await services.api['catalog.browseMovies']({ order: 'shuffle', seed: 1, limit: 10 });
    const again = await services.api['catalog.browseMovies']({ order: 'shuffle', seed: 1, limit: 10 });
    const other = await services.api['catalog.browseMovies']({ order: 'shuffle', seed: 2, limit: 10 });
    expect(again.items).toEqual(first.items);
    expect(other.items.map((item) => item.id)).not.toEqual(first.items.map((item) => item.id));
    const word = all.items[0]!.title.split(' ')[0]!;
    const byText = await services.api['catalog.browseMovies']({ text: word });
    expect(byText.items.length).toBeGreaterThan(0);
    expect(byText.total).toBeLessThanOrEqual(200);
  });

  it('keeps the shared block and axis names in step with the core', () => {
    expect([...BLOCK_NAMES]).toEqual([...BLOCKS]);
    expect([...MOOD_AXIS_NAMES]).toEqual([...MOOD_AXES]);
  });
});
