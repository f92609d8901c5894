import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadVibePanel, VibePanelError } from './panel-schema.js';

const query = (overrides: Record<string, unknown> = {}) => ({
  id: 'pulp-fiction',
  direction: 'movie-to-song',
  query: { title: 'Pulp Fiction', year: 1994 },
  intent: 'A crime film must not get comedy albums.',
  checks: [{ check: 'mustNotInclude', top: 10, where: { fact: 'genre', any: ['comedy'] } }],
  ...overrides,
});
const panel = (...queries: unknown[]) => ({ _review: 'test', queries });

function errorOf(raw: unknown): string {
  try {
    loadVibePanel(raw, 'panel.json');
  } catch (error) {
    expect(error).toBeInstanceOf(VibePanelError);
    return (error as Error).message;
  }
  throw new Error('expected the panel to be rejected');
}

describe('the shipped panel', () => {
  const shipped = loadVibePanel();

  it('loads, with about 20 queries in each direction and a review note', () => {
    const count = (direction: string) => shipped.queries.filter((query) => query.direction === direction).length;
    expect(count('song-to-movie')).toBeGreaterThanOrEqual(18);
    expect(count('movie-to-song')).toBeGreaterThanOrEqual(18);
    expect(shipped.review).toMatch(/never fit/i);
  });

  it("covers the issue's own examples", () => {
    const ids = shipped.queries.map((query) => query.id);
    for (const id of ['pulp-fiction', 'dancing-queen', 'nothing-else-matters', 'spirited-away', 'the-sixth-station', 'september', 'the-godfather'])
      expect(ids).toContain(id);
    const spirited = shipped.queries.find((query) => query.id === 'spirited-away')!;
    expect(spirited.checks).toContainEqual({ check: 'mustInclude', top: 20, where: { fact: 'artist', is: 'Joe Hisaishi' } });
  });

  it('is the file on disk (the loader reads the bundled copy of panel.json)', () => {
    const onDisk: unknown = JSON.parse(fs.readFileSync(new URL('./panel.json', import.meta.url), 'utf8'));
    expect(loadVibePanel(onDisk)).toEqual(shipped);
  });
});

describe('validation errors name the file, the query and the field', () => {
  it('accepts a minimal valid panel', () => {
    expect(loadVibePanel(panel(query())).queries[0]!.item).toEqual({ kind: 'movie', title: 'Pulp Fiction', year: 1994 });
  });

  it.each([
    [
      'a song without an artist',
      query({ direction: 'song-to-movie', query: { title: 'Dancing Queen' }, checks: [{ check: 'mustInclude', where: { fact: 'genre', any: ['comedy'] } }] }),
      /queries › 0 › query › artist \(query "pulp-fiction"\): a song is identified by its title and artist/,
    ],
    ['a film without a year', query({ query: { title: 'Pulp Fiction' } }), /query › year .*add "year"/],
    [
      'a language asked of songs',
      query({ checks: [{ check: 'mustInclude', where: { fact: 'language', any: ['ja'] } }] }),
      /checks › 0 › where › fact .*"language" is a film fact; results here are songs/,
    ],
    [
      'an artist asked of films, deep in a predicate',
      query({
        direction: 'song-to-movie',
        query: { title: 'X', artist: 'Y' },
        checks: [{ check: 'mustInclude', where: { fact: 'not', of: { fact: 'anyOf', of: [{ fact: 'artist', is: 'Queen' }] } } }],
      }),
      /where › of › of › 0 › fact .*"artist" is a song fact; results here are films/,
    ],
    [
      'a song feature asked of films',
      query({ direction: 'song-to-movie', query: { title: 'X', artist: 'Y' }, checks: [{ check: 'mean', feature: 'energy', atLeast: 0.5 }] }),
      /"energy" is not a movie feature/,
    ],
    ['an unknown check', query({ checks: [{ check: 'mustBeGood', where: { fact: 'genre', any: ['x'] } }] }), /checks › 0 › check/],
    ['an unknown fact', query({ checks: [{ check: 'mustInclude', where: { fact: 'mood', any: ['x'] } }] }), /where › fact/],
    ['a share above 1', query({ checks: [{ check: 'atMostShare', share: 30, where: { fact: 'genre', any: ['trap'] } }] }), /checks › 0 › share/],
    ['a depth other than 10 or 20', query({ checks: [{ check: 'mustInclude', top: 15, where: { fact: 'genre', any: ['jazz'] } }] }), /top must be 10 or 20/],
    ['a mean without bounds', query({ checks: [{ check: 'mean', feature: 'energy' }] }), /give "atLeast", "atMost" or both/],
    ['an empty genre list', query({ checks: [{ check: 'mustInclude', where: { fact: 'genre', any: [] } }] }), /where › any/],
    [
      'a language that is not a code',
      query({
        direction: 'song-to-movie',
        query: { title: 'X', artist: 'Y' },
        checks: [{ check: 'mustInclude', where: { fact: 'language', any: ['Japanese'] } }],
      }),
      /ISO 639-1 code/,
    ],
    [
      'distinct recordings of films',
      query({ direction: 'song-to-movie', query: { title: 'X', artist: 'Y' }, checks: [{ check: 'distinctRecordings' }] }),
      /distinctRecordings applies to song results only/,
    ],
    ['an unexpected field (a typo)', query({ intnet: 'x' }), /intnet/],
    ['an id with spaces', query({ id: 'Pulp Fiction' }), /queries › 0 › id .*lower-case words joined by hyphens/],
  ])('rejects %s', (_name, bad, expected) => {
    const message = errorOf(panel(bad));
    expect(message).toMatch(/^panel\.json: /);
    expect(message).toMatch(expected);
    expect(message).toMatch(/Fix the panel and run again\.$/);
  });

  it('rejects a panel without a review note, and a repeated id', () => {
    expect(errorOf({ queries: [query()] })).toMatch(/_review/);
    expect(errorOf(panel(query(), query()))).toBe('panel.json: query id "pulp-fiction" is used twice; give each query its own id.');
  });

  it('rejects something that is not a panel at all', () => {
    expect(errorOf(null)).toMatch(/^panel\.json: \(top level\)/);
    expect(errorOf([1, 2])).toMatch(/^panel\.json: \(top level\)/);
  });
});
