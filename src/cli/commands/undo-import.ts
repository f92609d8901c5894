import type { Command } from 'commander';
import { withServices, type GlobalOptions } from '../context.js';

/** crossfade undo-import <run>: removes what an import added and un-merges what it merged. */
export function registerUndoImport(program: Command, globals: () => GlobalOptions): void {
  program
    .command('undo-import')
    .description(
      'Undo an import run: remove the items it added and put the items it merged into back as they were; items a later import also provides stay. ' +
        'The run stays in "crossfade runs", marked undone.',
    )
    .argument('<run>', 'run number, as shown by "crossfade runs"')
    .option('--dry-run', 'only say what would be removed and restored')
    .action(async (runArgument: string, options: { dryRun?: boolean }) => {
      const runId = Number(runArgument.replace(/^#/, ''));
      if (!Number.isInteger(runId) || runId <= 0) throw new Error(`"${runArgument}" is not a run number. List them with: crossfade runs`);
      await withServices(globals(), async ({ api, out }) => {
        const plan = options.dryRun ? await api['imports.undoPlan']({ runId }) : await api['imports.undo']({ runId });
        if (plan.refusal !== null) throw new Error(plan.refusal);
        out.result({ ...plan, undone: !options.dryRun }, (value) =>
          options.dryRun
            ? `Undoing import #${value.runId} (${value.path}) would do this: ${value.summary}`
            : `Undid import #${value.runId} (${value.path}). ${value.summary}`,
        );
      });
    });
}
