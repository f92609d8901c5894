import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { runEvaluation } from '../../services/evaluation.js';
import { formatDuration } from '../output.js';
import type { GlobalOptions } from '../context.js';

/** The checkout (or installed package) this command runs from: the nearest folder with Crossfade's package.json. */
function findRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === 'crossfade') return dir;
    if (path.dirname(dir) === dir) return process.cwd();
  }
}
const REPO_ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)));

export function registerEvalCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('eval')
    .description(
      'Measure recommendation quality on soundtrack ground truth (the learned ranker cross-fitted, baselines, ablations, the vibe panel); write reports/evaluation.md.',
    )
    .option('--data <dir>', 'folder with the datasets (the layout of ../shared/data)', path.join(REPO_ROOT, '../shared/data'))
    .option('--out <dir>', 'where to write evaluation.md and recall.svg', path.join(REPO_ROOT, 'reports'))
    .option('--write-defaults', "store the learned ranker's parameters (fitted on every independent pair) in resources/vibe/ranker.json")
    .option('--seed <n>', 'seed for the folds, negative samples and the random baseline', '42')
    .action(async (options: { data: string; out: string; writeDefaults?: boolean; seed: string }) => {
      const global = globals();
      if (!fs.existsSync(options.data)) throw new Error(`${options.data} does not exist: pass --data with the datasets folder (see README, Evaluation).`);
      const say = (message: string) => !global.json && process.stderr.write(`… ${message}\n`);
      const { summary, headline } = await runEvaluation({
        ...(global.db !== undefined ? { databasePath: global.db } : {}),
        dataDir: options.data,
        outDir: options.out,
        repoRoot: REPO_ROOT,
        writeDefaults: options.writeDefaults ?? false,
        seed: Number(options.seed),
        onProgress: say,
      });
      if (global.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      else
        process.stdout.write(
          `Wrote ${summary.report} (${summary.pairs} pairs, ${formatDuration(summary.elapsedSeconds)}).\n` + (headline ? `${headline}\n` : ''),
        );
    });
}
