import type { Command } from 'commander';
import { importRunKindLabel } from '../../shared/contract/imports.js';
import { UserError } from '../../shared/errors.js';
import { withServices, type GlobalOptions } from '../context.js';
import { formatCount, table } from '../output.js';

export function registerReports(program: Command, globals: () => GlobalOptions): void {
  program
    .command('runs')
    .description('List recent import runs.')
    .option('--limit <n>', 'how many runs', '20')
    .action(async (options: { limit: string }) => {
      await withServices(globals(), async ({ api, out }) => {
        const runs = await api['imports.runs']({ limit: Math.min(500, Number(options.limit) || 20) });
        out.result(runs, (list) =>
          list.length === 0
            ? 'No imports yet. Try: crossfade import <file.csv>'
            : table([
                ['run', 'status', 'kind', 'format', 'imported', 'skipped', 'started', 'file'],
                ...list.map((run) => [
                  `#${run.id}`,
                  run.status,
                  importRunKindLabel(run),
                  run.format,
                  formatCount(run.rowsImported),
                  formatCount(run.rowsSkipped),
                  run.startedAt.slice(0, 19),
                  run.path,
                ]),
              ]),
        );
      });
    });

  program
    .command('report')
    .description('Print the report of an import run: counts, warnings and every skipped row (default: the latest run).')
    .argument('[run]', 'run number, as shown by "crossfade runs"')
    .action(async (runArgument: string | undefined) => {
      await withServices(globals(), async ({ api, out }) => {
        const runId = runArgument === undefined ? (await api['imports.runs']({ limit: 1 }))[0]?.id : Number(runArgument.replace(/^#/, ''));
        if (runId === undefined) throw new Error('There are no import runs yet. Import a file first: crossfade import <file.csv>');
        const report =
          Number.isInteger(runId) && runId > 0 ? await api['imports.report']({ runId, issueLimit: Number.MAX_SAFE_INTEGER }).catch(noSuchRun) : null;
        if (!report) throw new Error(`There is no import run "${runArgument}". List them with: crossfade runs`);
        out.result(report, ({ run: shown, issues: skipped }) =>
          [
            `Run #${shown.id} (${shown.status}): ${shown.path}`,
            `  format ${shown.format}, encoding ${shown.encoding ?? '-'}, started ${shown.startedAt}, finished ${shown.finishedAt ?? '-'}`,
            `  ${formatCount(shown.rowsRead)} rows read, ${formatCount(shown.rowsImported)} imported, ${formatCount(shown.rowsSkipped)} skipped; ` +
              `${formatCount(shown.itemsAdded)} new, ${formatCount(shown.itemsMerged)} merged`,
            ...(shown.error ? [`  error: ${shown.error}`] : []),
            ...shown.warnings.map((warning) => `  warning: ${warning}`),
            ...(skipped.length === 0 ? ['  No rows were skipped.'] : [`  Skipped rows (${skipped.length}):`]),
            ...skipped.map((issue) => `    line ${issue.line}: ${issue.reason}${issue.excerpt ? `\n      ${issue.excerpt}` : ''}`),
          ].join('\n'),
        );
      });
    });
}

/** A run id the catalog does not know reads like a mistyped one. */
function noSuchRun(error: unknown): null {
  if (error instanceof UserError) return null;
  throw error;
}
