import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../core/db/open-database.js';
import { runEvaluationPipeline } from '../core/evaluation/pipeline.js';
import { defaultWeightsSource, markdownReport, recallChartSvg, weights } from '../core/evaluation/report.js';

export interface EvaluationOptions {
  /** The catalog to evaluate on (reused as is); without it the evaluation builds its own, so the user's library is never touched. */
  readonly databasePath?: string;
  /** The datasets folder (the layout of ../shared/data). */
  readonly dataDir: string;
  /** Where evaluation.md, recall.svg and evaluation.json go. */
  readonly outDir: string;
  /** The checkout: with writeDefaults, src/core/vibe/default-weights.ts there is rewritten. */
  readonly repoRoot: string;
  readonly writeDefaults: boolean;
  readonly weightSearch: boolean;
  readonly seed: number;
  readonly onProgress: (message: string) => void;
}

/**
 * The offline evaluation (npm run eval): recommendation quality on soundtrack ground truth against
 * baselines and ablations. Not part of the contract: a developer tool the CLI runs.
 */
export async function runEvaluation(options: EvaluationOptions) {
  const dbPath = options.databasePath ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'crossfade-eval-')), 'catalog.db');
  const db = openDatabase(dbPath);
  try {
    const result = await runEvaluationPipeline(db, { dataDir: options.dataDir, reuseCatalog: options.databasePath !== undefined, weightSearch: options.weightSearch, seed: options.seed, onProgress: options.onProgress });
    const date = new Date();
    fs.mkdirSync(options.outDir, { recursive: true });
    const reportFile = path.join(options.outDir, 'evaluation.md');
    fs.writeFileSync(path.join(options.outDir, 'recall.svg'), recallChartSvg(result.evaluation.methods));
    fs.writeFileSync(reportFile, markdownReport(result, { chartFile: 'recall.svg', command: 'npm run eval', date }));
    fs.writeFileSync(path.join(options.outDir, 'evaluation.json'), `${JSON.stringify({ ...result, groundTruth: { results: result.groundTruth.results.map(({ source, counts, unmatchedReasons }) => ({ source, counts, unmatchedReasons })), pairs: result.groundTruth.pairs.length } }, null, 2)}\n`);
    const search = result.evaluation.weightSearch;
    let defaultsWritten = false;
    if (options.writeDefaults && search && search.test.chosen.auc > search.test.defaults.auc) {
      const relative = path.relative(options.repoRoot, reportFile);
      fs.writeFileSync(path.join(options.repoRoot, 'src/core/vibe/default-weights.ts'), defaultWeightsSource(search.chosen, relative, date));
      defaultsWritten = true;
    }
    const summary = { report: reportFile, pairs: result.groundTruth.pairs.length, chosenWeights: search?.chosen ?? null, defaultsWritten, elapsedSeconds: result.elapsedSeconds };
    const headline = search
      ? `Chosen weights: ${weights(search.chosen)}; test AUC ${search.test.defaults.auc.toFixed(4)} → ${search.test.chosen.auc.toFixed(4)}${defaultsWritten ? ' (now the defaults)' : ''}.`
      : null;
    return { summary, headline };
  } finally {
    db.close();
  }
}
