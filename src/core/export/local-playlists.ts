import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SongCard } from '../recommend/hydrate.js';
import { spotifyUrl } from '../recommend/hydrate.js';
import { oneLine, xmlElement, xspfDocument, xspfDuration } from './playlist-text.js';

/**
 * Where a playlist's songs are on this computer, for M3U8 and XSPF exports that players (VLC,
 * foobar2000, …) can play: song id -> absolute file path (src/core/music-folder), and the folder
 * the playlist file is written to, when known (null: the playlist goes to stdout or a download).
 */
export interface LocalPlaylistFiles {
  readonly pathOf: (songId: number) => string | null;
  readonly playlistDir: string | null;
  /** The music folders the files come from (a relative path is only written within one). */
  readonly musicFolders: readonly string[];
}

const isInside = (child: string, parent: string) => {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
};

/**
 * How the playlist names a file: relative (with "/" separators, which every player and OS reads)
 * when the playlist sits beside, below or above the file's music folder, so the two can move
 * together; absolute otherwise.
 */
function playlistPath(file: string, local: LocalPlaylistFiles): { relative: boolean; value: string } {
  const dir = local.playlistDir;
  const folder = local.musicFolders.find((candidate) => isInside(file, candidate));
  if (dir !== null && folder !== undefined && (isInside(dir, folder) || isInside(folder, dir))) {
    return { relative: true, value: path.relative(dir, file).split(path.sep).join('/') };
  }
  return { relative: false, value: file };
}

/**
 * Extended M3U (UTF-8) naming local files: #EXTINF then the file's path. A song with no file on
 * this computer becomes a comment line with its Spotify link, which players skip.
 */
export function m3u8Local(name: string, songs: readonly SongCard[], local: LocalPlaylistFiles): string {
  const lines = ['#EXTM3U', `#PLAYLIST:${oneLine(name)}`];
  for (const song of songs) {
    const file = local.pathOf(song.id);
    const label = `${oneLine(song.artists)} - ${oneLine(song.title)}`;
    if (file === null) {
      lines.push(`# Not on this computer: ${label} ${spotifyUrl(song)}`);
      continue;
    }
    const seconds = song.durationMs && song.durationMs > 0 ? Math.round(song.durationMs / 1000) : -1;
    lines.push(`#EXTINF:${seconds},${label}`, oneLine(playlistPath(file, local).value));
  }
  return `${lines.join('\n')}\n`;
}

/** A relative URI reference for a relative path: each segment percent-encoded. */
const relativeUri = (relativePath: string) => relativePath.split('/').map(encodeURIComponent).join('/');

/**
 * XSPF 1 naming local files: <location> is a file: URI (absolute) or a relative URI reference,
 * which the spec resolves against the playlist's own location. A song with no file keeps its
 * Spotify link in <info> and says so in <annotation>; players skip a track without a location.
 */
export function xspfLocal(name: string, songs: readonly SongCard[], local: LocalPlaylistFiles, now: Date): string {
  return xspfDocument(
    name,
    now,
    songs.map((song) => {
      const file = local.pathOf(song.id);
      const target = file === null ? null : playlistPath(file, local);
      const where =
        target === null
          ? [xmlElement('annotation', 'Not on this computer'), xmlElement('info', spotifyUrl(song))]
          : [xmlElement('location', target.relative ? relativeUri(target.value) : pathToFileURL(target.value).href)];
      return [
        ...where,
        xmlElement('title', song.title),
        xmlElement('creator', song.artists),
        xmlElement('album', song.album),
        xmlElement('duration', xspfDuration(song.durationMs)),
      ];
    }),
  );
}
