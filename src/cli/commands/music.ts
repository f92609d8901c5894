import type { Command } from 'commander';
import { withServices, type GlobalOptions } from '../context.js';
import { followJob } from '../jobs.js';
import { formatCount, table } from '../output.js';

/** crossfade music-scan <folder> and music-folders: your own music files, for playlists that play. */
export function registerMusicCommands(program: Command, globals: () => GlobalOptions): void {
  program
    .command('music-scan')
    .description(
      'Scan a folder of music files (MP3, FLAC, M4A, OGG, WAV) and match them to catalog songs; playlists then export M3U8/XSPF with file paths. ' +
        'Scanning again only reads new or changed files.',
    )
    .argument('<folder>')
    .action(async (folder: string) => {
      await withServices(globals(), async ({ api, services, out, showProgress }) => {
        const report = await followJob(services, () => api['music.scanFolder']({ folder }), 'scan-music', { label: 'Scanning music', enabled: showProgress });
        out.result(report, (value) =>
          [
            `${value.status === 'cancelled' ? 'Stopped' : 'Done'}: ${formatCount(value.files)} audio files, ${formatCount(value.matched)} matched to catalog songs, ` +
              `${formatCount(value.unmatched)} not in the catalog, ${formatCount(value.unreadable)} unreadable (${formatCount(value.read)} read, ${formatCount(value.unchanged)} unchanged).`,
            ...value.problems.slice(0, 10).map((problem) => `  ${problem.path}: ${problem.reason}`),
            ...(value.status === 'cancelled' ? ['  Run crossfade music-scan again to continue.'] : []),
          ].join('\n'),
        );
      });
    });

  program
    .command('music-folders')
    .description('Show the scanned music folders.')
    .action(async () => {
      await withServices(globals(), async ({ api, out }) =>
        out.result(await api['music.status']({}), (status) =>
          status.folders.length === 0
            ? 'No music folder yet: crossfade music-scan <folder>'
            : `${table([['folder', 'files', 'matched', 'unreadable', 'scanned'], ...status.folders.map((folder) => [folder.path, formatCount(folder.files), formatCount(folder.matched), formatCount(folder.unreadable), folder.scannedAt ?? '-'])])}\n${formatCount(status.localSongs)} catalog songs are on this computer.`,
        ),
      );
    });
}
