import path from 'node:path';
import type { Command } from 'commander';
import type { JobResults } from '../../services/index.js';
import { withServices, type GlobalOptions } from '../context.js';
import { followJob } from '../jobs.js';
import { formatCount, formatDuration } from '../output.js';
import type { CatalogKind } from '../../shared/catalog-fields.js';

type ImportSummary = JobResults['import'];

interface ImportCommandOptions {
  kind?: CatalogKind;
  format?: string;
  encoding?: string;
  mapping?: string;
  batchSize?: string;
}

export function registerImport(program: Command, globals: () => GlobalOptions): void {
  program
    .command('import')
    .description('Import a songs or movies CSV file (format and encoding are detected from the file).')
    .argument('<file>', 'CSV file: Spotify tracks, TMDb movies, MovieLens movies.csv, ...; or a Last.fm HetRec 2011 folder (or any of its .dat files)')
    .option('--kind <kind>', 'songs or movies (only needed when the header could be either)')
    .option('--format <id>', 'force a known format (see "crossfade formats")')
    .option('--encoding <name>', 'force the text encoding, e.g. utf-8, windows-1252, gb18030')
    .option('--mapping <file.json>', 'import an unknown header with a column mapping: {"kind":"songs","columns":{"title":"Name",...}}')
    .option('--batch-size <rows>', 'rows per transaction (default: a commit about once a second)')
    .addHelpText(
      'after',
      `
Column mapping example (map catalog fields to your file's columns):
  {"kind": "movies", "columns": {"title": "Film", "releaseYear": "Year", "imdbId": "IMDb", "genres": "Genres"}, "listSeparator": "|"}
Song fields: spotifyId title artists album releaseDate releaseYear durationMs explicit popularity streams danceability energy
  musicalKey loudness mode speechiness acousticness instrumentalness liveness valence tempo timeSignature genres
Movie fields: tmdbId imdbId movielensId title originalTitle releaseDate releaseYear overview tagline runtimeMinutes
  originalLanguage popularity voteAverage voteCount revenue budget adult status posterPath genres keywords`,
    )
    .action(async (file: string, options: ImportCommandOptions) => {
      if (options.kind !== undefined && options.kind !== 'songs' && options.kind !== 'movies')
        throw new Error(`--kind must be "songs" or "movies", not "${options.kind}".`);
      const batchSize = options.batchSize === undefined ? undefined : Number(options.batchSize);
      if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1))
        throw new Error(`--batch-size must be a positive whole number, not "${options.batchSize}".`);
      await withServices(globals(), async ({ api, services, out, showProgress }) => {
        const summary = await followJob(
          services,
          () =>
            api['imports.start']({
              file: { path: path.resolve(file) },
              kind: options.kind,
              format: options.format,
              encoding: options.encoding,
              ...(options.mapping !== undefined ? { mappingFile: path.resolve(options.mapping) } : {}),
              batchSize,
            }),
          'import',
          { label: 'Importing', enabled: showProgress },
        );
        out.result(summary, describeImport);
        if (summary.status === 'cancelled') process.exitCode = 130;
      });
    });
}

function describeImport(summary: ImportSummary): string {
  const { counters } = summary;
  const seconds = summary.durationMs / 1000;
  const lines = [
    `${summary.status === 'completed' ? 'Imported' : 'Cancelled'} ${summary.file}`,
    `  format    ${summary.format.label} (${summary.format.id})`,
    `  encoding  ${summary.encoding.encoding} (${summary.encoding.overridden ? 'from --encoding' : summary.encoding.confidence})`,
    `  rows      ${formatCount(counters.rowsRead)} read, ${formatCount(counters.rowsImported)} imported, ${formatCount(counters.rowsSkipped)} skipped`,
    `  ${summary.kind.padEnd(8)}  ${formatCount(counters.itemsAdded)} new, ${formatCount(counters.itemsMerged)} already known (merged)`,
    `  time      ${formatDuration(seconds)} (${formatCount(Math.round(counters.rowsRead / Math.max(seconds, 0.001)))} rows/s), run #${summary.runId}`,
  ];
  for (const warning of summary.warnings) lines.push(`  warning: ${warning}`);
  if (summary.issues.length > 0) {
    lines.push('  skipped rows (first ones):');
    for (const issue of summary.issues.slice(0, 10)) lines.push(`    line ${issue.line}: ${issue.reason}`);
    lines.push(`  Full report: crossfade report ${summary.runId}`);
  }
  if (summary.status === 'cancelled') lines.push('  Committed rows are kept; run the same import again to complete it.');
  return lines.join('\n');
}
