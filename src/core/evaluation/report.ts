import { xml as escape } from '../export/exporters.js';
import { BLOCKS, type BlockWeights } from '../vibe/weights.js';
import type { PipelineResult } from './pipeline.js';
import { RECALL_KS, type DirectionMetrics, type MethodResult } from './run-evaluation.js';
import { DIRECTIONS, type Direction } from './types.js';

/**
 * The evaluation report: markdown tables plus a Recall@K chart as SVG. The chart is a few lines of
 * SVG written here rather than a charting library: it is one static grouped bar chart in a report
 * file, with no interaction, and the renderer's chart library (recharts) needs a DOM.
 */

const DIRECTION_TITLES: Record<Direction, string> = { 'song-to-movie': 'Song → movie', 'movie-to-song': 'Movie → song' };
const pct = (value: number) => (Number.isNaN(value) ? '–' : `${(value * 100).toFixed(1)} %`);
const num = (value: number, digits = 4) => (Number.isNaN(value) ? '–' : value.toFixed(digits));

export function markdownReport(result: PipelineResult, options: { readonly chartFile: string; readonly command: string; readonly date: Date }): string {
  const { groundTruth, evaluation, catalog } = result;
  const lines: string[] = [
    '# Crossfade evaluation',
    '',
    `Reproduce with \`${options.command}\` (${options.date.toISOString().slice(0, 10)}, ${result.elapsedSeconds.toFixed(0)} s). ` +
      `Catalog: ${catalog.songs.toLocaleString('en-US')} songs, ${catalog.movies.toLocaleString('en-US')} movies, ${catalog.posterEmbeddings.toLocaleString('en-US')} movies with poster embeddings` +
      `${catalog.visual ? '' : ' (visual block off)'}.`,
    '',
    '## Ground truth',
    '',
    '| source | rows read | movies | songs | pairs |',
    '|---|---:|---:|---:|---:|',
    ...groundTruth.results.map((source) => `| ${source.source} | ${source.counts.rowsRead.toLocaleString('en-US')} | ${source.counts.moviesMatched} | ${source.counts.songsMatched} | ${source.counts.pairs} |`),
    `| **all (distinct)** | | | | **${groundTruth.pairs.length}** |`,
    '',
    'Precision of the matching was checked by hand on samples: see src/core/evaluation/ground-truth/reviewed-sample.json.',
    '',
  ];
  for (const direction of DIRECTIONS) {
    const first = evaluation.methods[0]?.directions[direction];
    lines.push(
      `## ${DIRECTION_TITLES[direction]} (${first?.queries ?? 0} queries, ${first?.candidates.toLocaleString('en-US') ?? 0} candidates each)`,
      '',
      '| method | R@10 | R@50 | R@100 | MRR | median rank | AUC | top-10 coverage | most recommended in | p50 ms |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...evaluation.methods.map((method) => row(method, method.directions[direction])),
      '',
    );
  }
  lines.push(`![Recall@K](${options.chartFile})`, '');
  const search = evaluation.weightSearch;
  if (search) {
    lines.push(
      '## Default weights chosen by data',
      '',
      `Pairs split by movie into ${search.trainPairs} training and ${search.testPairs} test pairs; ${search.candidatesTried.toLocaleString('en-US')} weightings ` +
        `(a 0.1 grid over the simplex, every block kept at ${search.minBlockWeight} or more so no signal is switched off by default) scored on the training half by mean AUC ` +
        'over both directions (MRR is reported, but at these ranks it is decided by a few lucky hits).',
      '',
      '| weights | train AUC | train MRR | test AUC | test MRR |',
      '|---|---:|---:|---:|---:|',
      `| hand-set prior (${weights(search.prior)}) | ${num(search.train.prior.auc)} | ${num(search.train.prior.mrr)} | ${num(search.test.prior.auc)} | ${num(search.test.prior.mrr)} |`,
      `| defaults before this run (${weights(search.defaults)}) | ${num(search.train.defaults.auc)} | ${num(search.train.defaults.mrr)} | ${num(search.test.defaults.auc)} | ${num(search.test.defaults.mrr)} |`,
      `| **chosen** (${weights(search.chosen)}) | ${num(search.train.chosen.auc)} | ${num(search.train.chosen.mrr)} | ${num(search.test.chosen.auc)} | ${num(search.test.chosen.mrr)} |`,
      '',
      search.test.chosen.auc > search.test.defaults.auc
        ? 'The chosen weights also do better on the held-out half, so they are the defaults now (src/core/vibe/default-weights.ts).'
        : 'The chosen weights do not beat the previous defaults on the held-out half, so the defaults were kept.',
      '',
    );
  }
  lines.push(
    '## Methods',
    '',
    ...evaluation.methods.map((method) => `- **${method.name}** (${method.group}): ${method.description}`),
    '',
    '## Reading the numbers',
    '',
    '- Ranks are over the whole catalog of the target kind (ties count half), with the picked item as the only query item. A query with several true partners counts its best-ranked one.',
    '- Coverage is the share of the catalog that appears in any top-10 list; "most recommended in" is the share of top-10 lists that contain the single most frequent item.',
    '- Soundtrack pairs are a hard, partial ground truth: a film uses songs for many reasons besides a shared mood (period, licensing, irony), so absolute recall is low for every method; the comparison between methods on the same pairs is what matters.',
    '',
  );
  return lines.join('\n');
}

function row(method: MethodResult, metrics: DirectionMetrics): string {
  return `| ${method.group === 'crossfade' ? `**${method.name}**` : method.name} | ${pct(metrics.recall[10])} | ${pct(metrics.recall[50])} | ${pct(metrics.recall[100])} | ${num(metrics.mrr)} | ${Math.round(metrics.medianRank).toLocaleString('en-US')} | ${num(metrics.auc, 3)} | ${pct(metrics.coverage.share)} | ${pct(metrics.mostRecommendedShare)} | ${num(metrics.latency.p50Ms, 1)} |`;
}

export function weights(value: BlockWeights): string {
  return BLOCKS.filter((block) => value[block] > 0).map((block) => `${block} ${value[block].toFixed(2)}`).join(', ');
}

/** Grouped bars: Recall@10/50/100 per method, one panel per direction. */
export function recallChartSvg(methods: readonly MethodResult[]): string {
  const barWidth = 7;
  const groupWidth = RECALL_KS.length * barWidth + 6;
  const panelWidth = Math.max(320, methods.length * groupWidth + 60);
  const height = 290;
  const top = 30;
  const plot = 160;
  const max = Math.max(0.05, ...methods.flatMap((method) => DIRECTIONS.flatMap((direction) => RECALL_KS.map((k) => method.directions[direction].recall[k])).filter((value) => !Number.isNaN(value))));
  const colours = ['#0f7f76', '#c8402f', '#4b47d6'];
  const parts: string[] = [];
  DIRECTIONS.forEach((direction, panel) => {
    const x0 = panel * (panelWidth + 20) + 40;
    parts.push(`<text x="${x0}" y="18" font-size="13" font-weight="bold">${escape(DIRECTION_TITLES[direction])}</text>`);
    parts.push(`<line x1="${x0}" y1="${top + plot}" x2="${x0 + panelWidth - 40}" y2="${top + plot}" stroke="#888"/>`);
    for (const tick of [0, 0.5, 1]) {
      const y = top + plot - tick * plot;
      parts.push(`<text x="${x0 - 6}" y="${y + 4}" font-size="10" text-anchor="end">${(tick * max * 100).toFixed(1)}%</text>`);
    }
    methods.forEach((method, index) => {
      const gx = x0 + 6 + index * groupWidth;
      RECALL_KS.forEach((k, position) => {
        const value = method.directions[direction].recall[k];
        const h = Number.isNaN(value) ? 0 : (value / max) * plot;
        parts.push(`<rect x="${gx + position * barWidth}" y="${(top + plot - h).toFixed(1)}" width="${barWidth - 1}" height="${h.toFixed(1)}" fill="${colours[position]}"><title>${escape(method.name)} R@${k} ${(value * 100).toFixed(1)}%</title></rect>`);
      });
      parts.push(`<text transform="translate(${gx + 8},${top + plot + 8}) rotate(60)" font-size="10">${escape(method.name)}</text>`);
    });
  });
  const legend = RECALL_KS.map((k, index) => `<rect x="${40 + index * 80}" y="${height + 50}" width="10" height="10" fill="${colours[index]}"/><text x="${54 + index * 80}" y="${height + 59}" font-size="11">Recall@${k}</text>`).join('');
  const width = DIRECTIONS.length * (panelWidth + 20) + 40;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height + 70}" font-family="sans-serif" viewBox="0 0 ${width} ${height + 70}"><rect width="100%" height="100%" fill="white"/>${parts.join('')}${legend}</svg>\n`;
}

/** The source of src/core/vibe/default-weights.ts for chosen weights. */
export function defaultWeightsSource(chosen: BlockWeights, reportFile: string, date: Date): string {
  const values = BLOCKS.map((block) => `${block}: ${Number(chosen[block].toFixed(4))}`).join(', ');
  return `/**
 * The block weights chosen by the evaluation (\`npm run eval -- --write-defaults\` rewrites this file).
 * The report that justified them: ${reportFile} (${date.toISOString().slice(0, 10)}).
 */
export const CHOSEN_WEIGHTS = { ${values} } as const;
export const CHOSEN_BY = '${reportFile}';
`;
}

