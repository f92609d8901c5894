import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { openDatabase } from '../../core/db/open-database.js';
import { runEvaluationPipeline } from '../../core/evaluation/pipeline.js';
import { markdownReport, rankerParametersSource, recallChartSvg } from '../../core/evaluation/report.js';
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
    .description('Measure recommendation quality on soundtrack ground truth against baselines and ablations; write reports/evaluation.md.')
    .option('--data <dir>', 'folder with the datasets (the layout of ../shared/data)', path.join(REPO_ROOT, '../shared/data'))
    .option('--out <dir>', 'where to write evaluation.md and recall.svg', path.join(REPO_ROOT, 'reports'))
    .option('--write-defaults', "store the learned ranker's parameters (fitted on every independent pair) in resources/vibe/ranker.json")
    .option('--seed <n>', 'seed for the folds, negative samples and the random baseline', '42')
    .action(async (options: { data: string; out: string; writeDefaults?: boolean; seed: string }) => {
      const global = globals();
      if (!fs.existsSync(options.data)) throw new Error(`${options.data} does not exist: pass --data with the datasets folder (see README, Evaluation).`);
      // Without --db the evaluation builds its own catalog, so the user's library is never touched.
      const dbPath = global.db ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'crossfade-eval-')), 'catalog.db');
      const db = openDatabase(dbPath);
      const say = (message: string) => !global.json && process.stderr.write(`… ${message}\n`);
      try {
        const date = new Date();
        const reportFile = path.join(options.out, 'evaluation.md');
        const result = await runEvaluationPipeline(db, { dataDir: options.data, reuseCatalog: global.db !== undefined, seed: Number(options.seed), onProgress: say, reportFile: path.relative(REPO_ROOT, reportFile), date });
        fs.mkdirSync(options.out, { recursive: true });
        fs.writeFileSync(path.join(options.out, 'recall.svg'), recallChartSvg(result.evaluation.methods));
        fs.writeFileSync(reportFile, markdownReport(result, { chartFile: 'recall.svg', command: 'npm run eval', date }));
        fs.writeFileSync(path.join(options.out, 'evaluation.json'), `${JSON.stringify({ ...result, groundTruth: { results: result.groundTruth.results.map(({ source, counts, unmatchedReasons }) => ({ source, counts, unmatchedReasons })), pairs: result.groundTruth.pairs.length } }, null, 2)}\n`);
        const rankerFile = path.join(REPO_ROOT, 'resources/vibe/ranker.json');
        if (options.writeDefaults) fs.writeFileSync(rankerFile, rankerParametersSource(result.evaluation.ranker.parameters));
        const headline = (direction: 'song-to-movie' | 'movie-to-song') => {
          const crossfade = result.evaluation.methods.find((method) => method.name === 'crossfade')!.directions[direction];
          return (crossfade.bySource.independent ?? crossfade).auc;
        };
        const summary = {
          report: reportFile,
          pairs: result.groundTruth.pairs.length,
          auc: { songToMovie: headline('song-to-movie'), movieToSong: headline('movie-to-song') },
          targets: result.evaluation.targets,
          rankerWritten: options.writeDefaults ? rankerFile : null,
          elapsedSeconds: result.elapsedSeconds,
        };
        if (global.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
        else
          process.stdout.write(
            `Wrote ${reportFile} (${summary.pairs} pairs, ${formatDuration(result.elapsedSeconds)}).\n` +
              `Learned ranker, independent pairs, cross-fitted: AUC song → movie ${summary.auc.songToMovie.toFixed(3)}, movie → song ${summary.auc.movieToSong.toFixed(3)}; ` +
              `${summary.targets.filter((target) => target.met).length} of ${summary.targets.length} targets met.\n` +
              (summary.rankerWritten ? `Wrote the learned parameters to ${summary.rankerWritten}: rebuild the vibe space (crossfade build-vibe) to use them.\n` : ''),
          );
      } finally {
        db.close();
      }
    });
}
