import { splitList } from '../../fields.js';
import { emptySong } from '../../records.js';
import type { FormatDefinition } from '../types.js';
import { AUDIO_FEATURE_COLUMNS, readAudioFeatures } from './audio-features.js';

/**
 * maharshipandya's Spotify Tracks Dataset (Hugging Face / Kaggle dataset.csv). Its leading
 * index column is unnamed, "Unnamed: 0" after a pandas re-save, or absent; it is ignored.
 * A track listed under several genres appears once per genre and merges into one song.
 */
export const spotifyTracksHf: FormatDefinition<'songs'> = {
  id: 'spotify-tracks-hf',
  kind: 'songs',
  label: 'Spotify Tracks Dataset (Hugging Face dataset.csv)',
  requiredColumns: ['track_id', 'artists', 'album_name', 'track_name', 'popularity', 'track_genre', ...AUDIO_FEATURE_COLUMNS],
  optionalColumns: ['duration_ms', 'explicit', 'time_signature'],
  createParser: () => (row) => ({
    ...emptySong(),
    spotifyId: row.requiredText('track_id', 'a Spotify track id'),
    // One row of the real dataset has an id but no name, artists or album; it is still a track.
    title: row.text('track_name') ?? '',
    artists: splitList(row.text('artists'), ';'),
    album: row.text('album_name'),
    popularity: row.number('popularity', { min: 0, max: 100 }),
    durationMs: row.number('duration_ms', { integer: true, min: 0 }),
    explicit: row.boolean('explicit'),
    timeSignature: row.number('time_signature', { integer: true, min: 0, max: 11 }) || null,
    genres: splitList(row.text('track_genre'), ';'),
    ...readAudioFeatures(row),
  }),
};
