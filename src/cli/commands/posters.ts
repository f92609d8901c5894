import type { Command } from 'commander';
import { withServices, type GlobalOptions } from '../context.js';
import { followJob } from '../jobs.js';
import { formatCount } from '../output.js';

interface PosterCommandOptions {
  map?: string;
  numericIds?: string;
  removeMissing?: boolean;
}

export function registerPosterCommands(program: Command, globals: () => GlobalOptions): void {
  program
    .command('import-posters')
    .description('Link a folder of poster images to catalog movies (by TMDb id, IMDb id, TMDb poster_path file name, or a mapping CSV).')
    .argument('<dir>', 'folder with .jpg/.png/.webp posters (searched recursively)')
    .option('--map <file.csv>', 'CSV with a file column (poster_file, file, path) and an id column (tmdb_id, imdb_id, movieId)')
    .option('--numeric-ids <how>', 'what a numeric file name like 114709.jpg means: imdb, tmdb or auto', 'auto')
    .option('--remove-missing', 'forget posters that were linked from this folder before but no longer exist')
    .action(async (dir: string, options: PosterCommandOptions) => {
      const numericIds = options.numericIds ?? 'auto';
      if (numericIds !== 'auto' && numericIds !== 'imdb' && numericIds !== 'tmdb')
        throw new Error(`--numeric-ids must be imdb, tmdb or auto, not "${numericIds}".`);
      await withServices(globals(), async ({ api, services, out, showProgress }) => {
        const report = await followJob(
          services,
          () => api['posters.scanFolder']({ folder: dir, mapFile: options.map, numericIds, removeMissing: options.removeMissing ?? false }),
          'scan-posters',
          { label: 'Scanning posters', enabled: showProgress },
        );
        out.result(report, (value) => {
          const lines = [
            `Scanned ${dir}: ${formatCount(value.imagesSeen)} images, ${formatCount(value.linked)} linked ` +
              `(${formatCount(value.newlyLinked)} new, ${formatCount(value.alreadyLinked)} already linked, ${formatCount(value.relinked)} relinked), run #${value.runId}`,
            `  matched by: ${
              Object.entries(value.matchedBy)
                .map(([how, count]) => `${how} ${formatCount(count)}`)
                .join(', ') || 'nothing'
            }`,
          ];
          if (value.numericIdsInterpretation) lines.push(`  numeric file names read as ${value.numericIdsInterpretation} ids`);
          if (value.ignoredNonImages > 0) lines.push(`  ${formatCount(value.ignoredNonImages)} files are not images and were ignored`);
          if (value.unusable > 0) lines.push(`  ${formatCount(value.unusable)} image files are empty or unreadable`);
          if (value.missing > 0) lines.push(`  ${formatCount(value.missing)} posters linked earlier no longer exist (use --remove-missing to forget them)`);
          if (value.unmatched.length > 0) {
            lines.push(`  ${formatCount(value.unmatched.length)} files match no movie:`);
            for (const file of value.unmatched.slice(0, 10)) lines.push(`    ${file.path}: ${file.reason}`);
            if (value.unmatched.length > 10) lines.push(`    … all of them: crossfade report ${value.runId}`);
          }
          return lines.join('\n');
        });
      });
    });
}
