// @vitest-environment happy-dom
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { LASTFM_TAGS_FORMAT_ID } from '../../../shared/contract/imports';
import type { ImportRun } from '../state/runs';
import { fakeBackend, renderWithQueries } from '../test/fake-backend';
import { RunHistory } from './RunHistory';

const run = (id: number, fields: Partial<ImportRun>): ImportRun => ({
  id,
  sourceId: id,
  path: `/data/file-${id}`,
  kind: 'songs',
  format: 'spotify-tracks-hf',
  status: 'completed',
  encoding: 'utf-8',
  startedAt: '2026-12-07T03:53:07.000Z',
  finishedAt: '2026-12-07T03:53:08.000Z',
  rowsRead: 10,
  rowsImported: 10,
  rowsSkipped: 0,
  itemsAdded: 10,
  itemsMerged: 0,
  bytesDone: 100,
  fileSize: 100,
  warnings: [],
  error: null,
  ...fields,
});

describe('Import history', () => {
  it('calls a Last.fm run song tags, and says what its count of rows is (tagging rows, not songs)', async () => {
    fakeBackend({
      'imports.runs': () => [
        run(2, {
          path: '/data/lastfm-hetrec2011-2k',
          format: LASTFM_TAGS_FORMAT_ID,
          rowsRead: 216_056,
          rowsImported: 184_892,
          itemsAdded: 0,
          itemsMerged: 6_547,
        }),
        run(1, {}),
      ],
    });
    renderWithQueries(<RunHistory />);
    const rows = await screen.findAllByRole('row');
    const tags = within(rows[1]!).getAllByRole('cell');
    expect(tags[2]!.textContent).toBe('song tags');
    expect(tags[4]!.textContent).toBe((184_892).toLocaleString());
    expect(tags[4]!.getAttribute('title')).toBe(`${(184_892).toLocaleString()} tagging rows; ${(6_547).toLocaleString()} songs have their artist's tags`);
    const songs = within(rows[2]!).getAllByRole('cell');
    expect(songs[2]!.textContent).toBe('songs');
    expect(songs[4]!.getAttribute('title')).toBeNull();
  });
});
