import type { SongRecord } from '../../records.js';
import type { RowReader } from '../../row.js';

const UNIT = { min: 0, max: 1 } as const;

/** Spotify's audio-feature columns, named as the Web API names them (used by three of the four datasets). */
export function readAudioFeatures(
  row: RowReader,
): Pick<
  SongRecord,
  'danceability' | 'energy' | 'musicalKey' | 'loudness' | 'mode' | 'speechiness' | 'acousticness' | 'instrumentalness' | 'liveness' | 'valence' | 'tempo'
> {
  return {
    danceability: row.number('danceability', UNIT),
    energy: row.number('energy', UNIT),
    musicalKey: row.number('key', { integer: true, min: -1, max: 11 }),
    loudness: row.number('loudness', { min: -80, max: 10 }),
    mode: row.number('mode', { integer: true, min: 0, max: 1 }),
    speechiness: row.number('speechiness', UNIT),
    acousticness: row.number('acousticness', UNIT),
    instrumentalness: row.number('instrumentalness', UNIT),
    liveness: row.number('liveness', UNIT),
    valence: row.number('valence', UNIT),
    // Spotify reports 0 when it could not find a beat: that is "unknown", not a tempo.
    tempo: row.number('tempo', { min: 0, max: 300 }) || null,
  };
}

export const AUDIO_FEATURE_COLUMNS = [
  'danceability',
  'energy',
  'key',
  'loudness',
  'mode',
  'speechiness',
  'acousticness',
  'instrumentalness',
  'liveness',
  'valence',
  'tempo',
] as const;
