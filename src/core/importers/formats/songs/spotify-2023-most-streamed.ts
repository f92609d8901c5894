import { parsePitchClass, splitList } from '../../fields.js';
import { emptySong } from '../../records.js';
import type { RowReader } from '../../row.js';
import type { FormatDefinition } from '../types.js';

const PERCENT = { min: 0, max: 100 } as const;

function percent(row: RowReader, column: string): number | null {
  const value = row.number(column, PERCENT);
  return value === null ? null : value / 100;
}

/** Kaggle "Most Streamed Spotify Songs 2023": features in percent, key as a note name, no track ids. */
export const spotify2023MostStreamed: FormatDefinition<'songs'> = {
  id: 'spotify-2023-most-streamed',
  kind: 'songs',
  label: 'Most Streamed Spotify Songs 2023',
  requiredColumns: ['track_name', 'artist(s)_name', 'released_year', 'streams', 'bpm', 'danceability_%', 'valence_%', 'energy_%'],
  optionalColumns: ['released_month', 'released_day', 'key', 'mode', 'acousticness_%', 'instrumentalness_%', 'liveness_%', 'speechiness_%'],
  createParser: () => (row) => {
    const year = row.requiredNumber('released_year', { integer: true, min: 1850, max: 2100 });
    const month = row.number('released_month', { integer: true, min: 1, max: 12 });
    const day = row.number('released_day', { integer: true, min: 1, max: 31 });
    const keyText = row.text('key');
    const musicalKey = keyText === null ? null : parsePitchClass(keyText);
    if (keyText !== null && musicalKey === null) throw row.error('key', 'a note name such as C, C# or Bb');
    const modeText = row.text('mode')?.toLowerCase() ?? null;
    if (modeText !== null && modeText !== 'major' && modeText !== 'minor') throw row.error('mode', 'Major or Minor');
    return {
      ...emptySong(),
      title: row.requiredText('track_name', 'a track name'),
      artists: splitList(row.text('artist(s)_name'), ','),
      releaseYear: year,
      releaseDate: [year, month, day].every((part) => part !== null) ? `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` : null,
      streams: row.requiredNumber('streams', { integer: true, min: 0 }),
      tempo: row.number('bpm', { min: 1, max: 300 }),
      musicalKey,
      mode: modeText === null ? null : modeText === 'major' ? 1 : 0,
      danceability: percent(row, 'danceability_%'),
      valence: percent(row, 'valence_%'),
      energy: percent(row, 'energy_%'),
      acousticness: percent(row, 'acousticness_%'),
      instrumentalness: percent(row, 'instrumentalness_%'),
      liveness: percent(row, 'liveness_%'),
      speechiness: percent(row, 'speechiness_%'),
    };
  },
};
