import { z } from 'zod';
import { TasteImportError, type ExportFile } from './export-files.js';

/** One track as a Spotify account export names it. */
export interface SpotifyTrackRef {
  readonly title: string;
  readonly artist: string;
  /** The 22-character track id from a spotify:track: URI, when the file has one. */
  readonly spotifyId: string | null;
}

interface SpotifyPlay extends SpotifyTrackRef {
  /** When the play ended, ISO 8601 (UTC for the extended history; Spotify's own "YYYY-MM-DD HH:MM" otherwise). */
  readonly endedAt: string;
  readonly msPlayed: number;
}

interface SpotifyExport {
  readonly library: SpotifyTrackRef[];
  readonly playlists: { readonly name: string; readonly tracks: SpotifyTrackRef[] }[];
  readonly plays: SpotifyPlay[];
  /** Entries left out (podcast episodes, entries without a track), by file. */
  readonly skipped: string[];
}

const trackId = (uri: string | null | undefined): string | null => {
  const match = /^spotify:track:([A-Za-z0-9]{22})$/.exec(uri ?? '');
  return match ? match[1]! : null;
};

const librarySchema = z.object({
  tracks: z.array(z.object({ artist: z.string(), album: z.string().optional(), track: z.string(), uri: z.string().optional() })).default([]),
});
const playlistsSchema = z.object({
  playlists: z.array(
    z.object({
      name: z.string(),
      items: z
        .array(
          z.object({
            track: z
              .object({ trackName: z.string(), artistName: z.string(), albumName: z.string().optional(), trackUri: z.string().optional() })
              .nullable()
              .optional(),
          }),
        )
        .default([]),
    }),
  ),
});
const historySchema = z.array(z.object({ endTime: z.string(), artistName: z.string(), trackName: z.string(), msPlayed: z.number().min(0) }));
const extendedSchema = z.array(
  z.object({
    ts: z.string(),
    ms_played: z.number().min(0),
    master_metadata_track_name: z.string().nullable().optional(),
    master_metadata_album_artist_name: z.string().nullable().optional(),
    spotify_track_uri: z.string().nullable().optional(),
  }),
);

/** Reads the Spotify files of an export into library, playlists and plays. Unknown JSON files are refused by name. */
export function readSpotifyFiles(files: readonly ExportFile[]): SpotifyExport {
  const result: SpotifyExport = { library: [], playlists: [], plays: [], skipped: [] };
  for (const file of files) {
    const json = parseJson(file);
    if (/^YourLibrary\.json$/i.test(file.baseName)) {
      const library = check(librarySchema, json, file, 'an object with "tracks": [{ "artist", "track", "uri" }]');
      for (const track of library.tracks) result.library.push({ title: track.track, artist: track.artist, spotifyId: trackId(track.uri) });
    } else if (/^Playlist\d*\.json$/i.test(file.baseName)) {
      const { playlists } = check(
        playlistsSchema,
        json,
        file,
        'an object with "playlists": [{ "name", "items": [{ "track": { "trackName", "artistName", "trackUri" } }] }]',
      );
      for (const playlist of playlists) {
        const tracks = playlist.items.flatMap((item) =>
          item.track ? [{ title: item.track.trackName, artist: item.track.artistName, spotifyId: trackId(item.track.trackUri) }] : [],
        );
        const episodes = playlist.items.length - tracks.length;
        if (episodes > 0)
          result.skipped.push(
            `${file.shownName}: playlist "${playlist.name}": ${episodes} entries without a track (podcast episodes, local files) were left out.`,
          );
        result.playlists.push({ name: playlist.name, tracks });
      }
    } else if (/^StreamingHistory/i.test(file.baseName)) {
      for (const play of check(historySchema, json, file, 'a list of { "endTime", "artistName", "trackName", "msPlayed" }')) {
        result.plays.push({ title: play.trackName, artist: play.artistName, spotifyId: null, endedAt: play.endTime, msPlayed: play.msPlayed });
      }
    } else if (/^Streaming_History_Audio_/i.test(file.baseName)) {
      let episodes = 0;
      for (const play of check(extendedSchema, json, file, 'a list of { "ts", "ms_played", "master_metadata_track_name", "spotify_track_uri", … }')) {
        if (!play.master_metadata_track_name || !play.master_metadata_album_artist_name) {
          episodes++;
          continue;
        }
        result.plays.push({
          title: play.master_metadata_track_name,
          artist: play.master_metadata_album_artist_name,
          spotifyId: trackId(play.spotify_track_uri),
          endedAt: play.ts,
          msPlayed: play.ms_played,
        });
      }
      if (episodes > 0) result.skipped.push(`${file.shownName}: ${episodes} plays without a track (podcast episodes, audiobooks) were left out.`);
    } else {
      throw new TasteImportError(
        `${file.shownName}: not a Spotify export file Crossfade reads (YourLibrary.json, Playlist1.json, StreamingHistory_music_0.json, Streaming_History_Audio_*.json).`,
      );
    }
  }
  return result;
}

function parseJson(file: ExportFile): unknown {
  try {
    return JSON.parse(file.text) as unknown;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new TasteImportError(`${file.shownName}: not valid JSON (${message}). Download the export again.`);
  }
}

function check<T>(schema: z.ZodType<T>, json: unknown, file: ExportFile, expected: string): T {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new TasteImportError(`${file.shownName}: at ${issue.path.length > 0 ? issue.path.join('.') : 'the top'}: ${issue.message}; expected ${expected}.`);
}
