import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../core/db/open-database.js';
import { runEvaluationPipeline } from '../core/evaluation/pipeline.js';
import { markdownReport, rankerParametersSource, recallChartSvg } from '../core/evaluation/report.js';

export interface EvaluationOptions {
  /** The catalog to evaluate on (reused as is); without it the evaluation builds its own, so the user's library is never touched. */
  readonly databasePath?: string;
  /** The datasets folder (the layout of ../shared/data). */
  readonly dataDir: string;
  /** Where evaluation.md, recall.svg and evaluation.json go. */
  readonly outDir: string;
  /** The checkout: with writeDefaults, resources/vibe/ranker.json there is rewritten. */
  readonly repoRoot: string;
  readonly writeDefaults: boolean;
  readonly seed: number;
  readonly onProgress: (message: string) => void;
}

/**
 * The offline evaluation (npm run eval): recommendation quality on soundtrack ground truth against
 * baselines and ablations, the learned ranker cross-fitted, and the vibe panel. Not part of the
 * contract: a developer tool the CLI runs. With writeDefaults it ships the ranker fitted on every
 * independent pair (resources/vibe/ranker.json).
 */
export async function runEvaluation(options: EvaluationOptions) {
  const dbPath = options.databasePath ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'crossfade-eval-')), 'catalog.db');
  const db = openDatabase(dbPath);
  try {
    const date = new Date();
    const reportFile = path.join(options.outDir, 'evaluation.md');
    const result = await runEvaluationPipeline(db, {
      dataDir: options.dataDir,
      reuseCatalog: options.databasePath !== undefined,
      seed: options.seed,
      onProgress: options.onProgress,
      reportFile: path.relative(options.repoRoot, reportFile),
      date,
    });
    fs.mkdirSync(options.outDir, { recursive: true });
    fs.writeFileSync(path.join(options.outDir, 'recall.svg'), recallChartSvg(result.evaluation.methods));
    fs.writeFileSync(reportFile, markdownReport(result, { chartFile: 'recall.svg', command: 'npm run eval', date }));
    fs.writeFileSync(
      path.join(options.outDir, 'evaluation.json'),
      `${JSON.stringify({ ...result, groundTruth: { results: result.groundTruth.results.map(({ source, counts, unmatchedReasons }) => ({ source, counts, unmatchedReasons })), pairs: result.groundTruth.pairs.length } }, null, 2)}\n`,
    );
    const rankerFile = path.join(options.repoRoot, 'resources/vibe/ranker.json');
    if (options.writeDefaults) fs.writeFileSync(rankerFile, rankerParametersSource(result.evaluation.ranker.parameters));
    const auc = (direction: 'song-to-movie' | 'movie-to-song') => {
      const crossfade = result.evaluation.methods.find((method) => method.name === 'crossfade')!.directions[direction];
      return (crossfade.bySource.independent ?? crossfade).auc;
    };
    const summary = {
      report: reportFile,
      pairs: result.groundTruth.pairs.length,
      auc: { songToMovie: auc('song-to-movie'), movieToSong: auc('movie-to-song') },
      targets: result.evaluation.targets,
      panel: result.evaluation.panels.map((panel) => ({ method: panel.method, passed: panel.passed, queries: panel.queries - panel.missing })),
      rankerWritten: options.writeDefaults ? rankerFile : null,
      elapsedSeconds: result.elapsedSeconds,
    };
    const headline =
      `Learned ranker, independent pairs, cross-fitted: AUC song → movie ${summary.auc.songToMovie.toFixed(3)}, movie → song ${summary.auc.movieToSong.toFixed(3)}; ` +
      `${summary.targets.filter((target) => target.met).length} of ${summary.targets.length} targets met.` +
      (summary.rankerWritten ? `\nWrote the learned parameters to ${summary.rankerWritten}: rebuild the vibe space (crossfade build-vibe) to use them.` : '');
    return { summary, headline };
  } finally {
    db.close();
  }
}
