import { readReleaseDate } from '../../fields.js';
import { emptySong } from '../../records.js';
import type { FormatDefinition } from '../types.js';
import { AUDIO_FEATURE_COLUMNS, readAudioFeatures } from './audio-features.js';

/** TidyTuesday 2020-01-21 spotify_songs.csv (spotifyr): one row per track and playlist. */
export const spotifySongsTidyTuesday: FormatDefinition<'songs'> = {
  id: 'spotify-songs-tidytuesday',
  kind: 'songs',
  label: 'TidyTuesday spotify_songs.csv',
  requiredColumns: ['track_id', 'track_name', 'track_artist', 'track_popularity', 'track_album_name', 'playlist_genre', ...AUDIO_FEATURE_COLUMNS],
  optionalColumns: ['track_album_id', 'track_album_release_date', 'playlist_subgenre', 'duration_ms'],
  createParser: () => (row) => {
    const released = readReleaseDate(row, 'track_album_release_date', '2019-06-14, 2019-06 or 2019');
    return {
      ...emptySong(),
      spotifyId: row.requiredText('track_id', 'a Spotify track id'),
      title: row.requiredText('track_name', 'a track name'),
      artists: [row.text('track_artist')].filter((artist): artist is string => artist !== null),
      album: row.text('track_album_name'),
      spotifyAlbumId: row.text('track_album_id'),
      releaseDate: released.date,
      releaseYear: released.year,
      popularity: row.number('track_popularity', { min: 0, max: 100 }),
      durationMs: row.number('duration_ms', { integer: true, min: 0 }),
      genres: [row.text('playlist_genre'), row.text('playlist_subgenre')].filter((genre): genre is string => genre !== null),
      ...readAudioFeatures(row),
    };
  },
};
