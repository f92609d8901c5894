import { parsePythonList, readReleaseDate } from '../../fields.js';
import { emptySong } from '../../records.js';
import type { FormatDefinition } from '../types.js';
import { AUDIO_FEATURE_COLUMNS, readAudioFeatures } from './audio-features.js';

/** Kaggle "Spotify Dataset 1921-2020, 160k+ tracks" data.csv: artists as a Python list literal. */
export const spotify1921To2020: FormatDefinition<'songs'> = {
  id: 'spotify-1921-2020',
  kind: 'songs',
  label: 'Spotify Dataset 1921-2020 (data.csv)',
  requiredColumns: ['id', 'name', 'artists', 'year', 'popularity', ...AUDIO_FEATURE_COLUMNS],
  optionalColumns: ['release_date', 'explicit', 'duration_ms'],
  createParser: () => (row) => {
    const artists = parsePythonList(row.raw('artists'));
    if (artists === null) throw row.error('artists', "a list such as ['Artist One', 'Artist Two']");
    const released = readReleaseDate(row, 'release_date', '2015-11-06 or 2015');
    return {
      ...emptySong(),
      spotifyId: row.requiredText('id', 'a Spotify track id'),
      title: row.requiredText('name', 'a track name'),
      artists: artists.map((artist) => row.clean(artist)).filter((artist) => artist !== ''),
      releaseDate: released.date,
      releaseYear: row.number('year', { integer: true, min: 1850, max: 2100 }) ?? released.year,
      popularity: row.number('popularity', { min: 0, max: 100 }),
      durationMs: row.number('duration_ms', { integer: true, min: 0 }),
      explicit: row.boolean('explicit'),
      ...readAudioFeatures(row),
    };
  },
};
