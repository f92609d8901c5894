import { xml as escape } from '../export/playlist-text.js';
import { ERA_DECADES, ERA_GAP_BINS, eraFitAt } from '../features/era.js';
import type { RankerParameters } from '../vibe/ranker.js';
import { BLOCKS } from '../vibe/weights.js';
import { NEGATIVES_PER_POSITIVE } from './learn-ranker.js';
import { cell as escapeCell, renderPanelMarkdown } from './vibe-panel/run-panel.js';
import type { PipelineResult } from './pipeline.js';
import { RECALL_KS, SUBSETS, type DirectionMetrics, type EvaluationResult, type MethodResult } from './run-evaluation.js';
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
    ...groundTruth.results.map(
      (source) =>
        `| ${source.source} | ${source.counts.rowsRead.toLocaleString('en-US')} | ${source.counts.moviesMatched} | ${source.counts.songsMatched} | ${source.counts.pairs} |`,
    ),
    `| **all (distinct)** | | | | **${groundTruth.pairs.length}** |`,
    '',
    'Precision of the matching was checked by hand on samples: see src/core/evaluation/ground-truth/reviewed-sample.json.',
    '',
  ];
  for (const direction of DIRECTIONS) {
    const first = evaluation.methods[0]?.directions[direction];
    const headline = first?.bySource.independent;
    lines.push(
      `## ${DIRECTION_TITLES[direction]}: independent pairs (${headline?.queries ?? 0} queries, ${first?.candidates.toLocaleString('en-US') ?? 0} candidates each)`,
      '',
      'IMDb soundtrack listings and Oscar songs: the headline, and what the ranker is fitted on (cross-fitted: every pair is scored by a model fitted without its film).',
      '',
      TABLE_HEADER,
      TABLE_RULE,
      ...evaluation.methods.map((method) => row(method, method.directions[direction].bySource.independent ?? method.directions[direction])),
      '',
      `### ${DIRECTION_TITLES[direction]}, per source`,
      '',
      `| method | ${SUBSETS.map((subset) => `${subset} AUC | R@50`).join(' | ')} |`,
      `|---|${SUBSETS.map(() => '---:|---:').join('|')}|`,
      ...evaluation.methods.map(
        (method) =>
          `| ${label(method)} | ${SUBSETS.map((subset) => {
            const metrics = method.directions[direction].bySource[subset];
            return metrics ? `${num(metrics.auc, 3)} | ${pct(metrics.recall[50])}` : '– | –';
          }).join(' | ')} |`,
      ),
      '',
      `Queries per source: ${SUBSETS.map((subset) => `${subset} ${first?.bySource[subset]?.queries ?? 0}`).join(', ')}. Soundtrack-album pairs come from the same album names as the explicit soundtrack links, so they measure the links, not the vibe.`,
      '',
    );
  }
  lines.push(`![Recall@K on the independent pairs](${options.chartFile})`, '');
  lines.push(
    ...rankerSection(evaluation),
    ...targetsSection(evaluation),
    ...certaintySection(evaluation),
    ...unexplainedSection(evaluation),
    ...panelSection(evaluation),
  );
  lines.push(
    '## Methods',
    '',
    ...evaluation.methods.map((method) => `- **${method.name}** (${method.group}): ${method.description}`),
    '',
    '## Reading the numbers',
    '',
    '- Ranks are over the whole catalog of the target kind (ties count half), with the picked item as the only query item. A query with several true partners counts its best-ranked one.',
    '- Coverage is the share of the catalog that appears in any top-10 list; "most recommended in" is the share of top-10 lists that contain the single most frequent item. Song lists are counted as the app shows them: each recording once (counted as one item whatever its ids), at most two songs of one artist in ten.',
    '- "Mood clashes" is the share of first-page results whose mood is plainly opposite their pick\'s: on valence or on energy, one of the two at least one standard deviation above its kind\'s typical value and the other at least one below its own (film moods are read from genres, keywords and overviews). Mood barely predicts a soundtrack, but a person reading a list notices a bright party song for a bleak war film; "random" shows how often chance gives one.',
    '- Soundtrack pairs are a hard, partial ground truth: a film uses songs for many reasons besides a shared mood (period, licensing, irony), so absolute recall is low for every method; the comparison between methods on the same pairs is what matters.',
    '',
  );
  return lines.join('\n');
}

const TABLE_HEADER = '| method | R@10 | R@50 | R@100 | MRR | median rank | AUC | top-10 coverage | most recommended in | mood clashes | p50 ms |';
const TABLE_RULE = '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|';

function label(method: MethodResult): string {
  const name = method.crossFitted ? `${method.name} ✕` : method.name;
  return method.group === 'crossfade' ? `**${name}**` : name;
}

/** Mid-decade years for the report's era table. */
const ERA_TABLE_YEARS = [1955, 1965, 1975, 1985, 1995, 2005, 2015];

function rankerSection(evaluation: EvaluationResult): string[] {
  const { ranker } = evaluation;
  const { final, parameters } = ranker;
  return [
    '## The learned ranker',
    '',
    `Fitted on ${ranker.trainingPairs} independent pairs, each with ${NEGATIVES_PER_POSITIVE} random catalog partners per direction, by L2-regularised logistic regression. ` +
      `The penalty is chosen by ${'inner'} cross-validation over films (chosen per outer fold: ${ranker.foldLambdas.join(', ')}; on all pairs: ${final.lambda}). ` +
      '✕ marks methods scored cross-fitted. The shipped parameters (resources/vibe/ranker.json, written by `npm run eval -- --write-defaults`) are the fit on all independent pairs:',
    '',
    `| direction | ${BLOCKS.join(' | ')} |`,
    `|---|${BLOCKS.map(() => '---:').join('|')}|`,
    ...DIRECTIONS.map(
      (direction) => `| ${DIRECTION_TITLES[direction]} | ${BLOCKS.map((block) => parameters.soundtrack[direction][block].toFixed(3)).join(' | ')} |`,
    ),
    '',
    "The era table (how well a song's release era fits the film's year, largest magnitude 1). " +
      'It is the sum of three learned parts: the gap between film and song, the song’s decade and the film’s decade. ' +
      'A song with no known year or decade gets only a fourth part: the film’s decade for undated songs.',
    '',
    `| gap: ${ERA_GAP_BINS.map((bin) => bin.label).join(' | ')} |`,
    `|${ERA_GAP_BINS.map(() => '---:').join('|')}|`,
    `| ${parameters.eraFit.gap.map((value) => value.toFixed(2)).join(' | ')} |`,
    '',
    `| decade | ${ERA_DECADES.join(' | ')} |`,
    `|---|${ERA_DECADES.map(() => '---:').join('|')}|`,
    `| songs released in | ${parameters.eraFit.songDecade.map((value) => value.toFixed(2)).join(' | ')} |`,
    `| films of | ${parameters.eraFit.filmDecade.map((value) => value.toFixed(2)).join(' | ')} |`,
    `| films of, for an undated song | ${parameters.eraFit.undatedFilmDecade.map((value) => value.toFixed(2)).join(' | ')} |`,
    '',
    'Together, for a song released in the middle of a decade (columns) and a film from the middle of one (rows):',
    '',
    `| film ╲ song | ${ERA_TABLE_YEARS.map((year) => `${year}`).join(' | ')} |`,
    `|---|${ERA_TABLE_YEARS.map(() => '---:').join('|')}|`,
    ...ERA_TABLE_YEARS.filter((year) => year >= 1965).map(
      (film) => `| ${film} film | ${ERA_TABLE_YEARS.map((song) => eraFitAt(parameters.eraFit, song, film).toFixed(2)).join(' | ')} |`,
    ),
    '',
    `Explicit lyrics (the content block, scaled to a largest magnitude of 1): ${parameters.contentFit.explicit.toFixed(2)} with any film, ` +
      `${(parameters.contentFit.explicit + parameters.contentFit.explicitInFamilyFilm).toFixed(2)} with a family or children's film; ` +
      `aggressive music (genres and tags at least half "hard-hitting and aggressive"): ${parameters.contentFit.aggressiveInFamilyFilm.toFixed(2)} with a family or children's film.`,
    '',
    `Inner cross-validation (mean sampled AUC by penalty, all pairs): ${final.lambdaScores.map((entry) => `${entry.lambda} → ${entry.auc.toFixed(4)}`).join(', ')}.`,
    '',
  ];
}

function panelSection(evaluation: EvaluationResult): string[] {
  if (evaluation.panels.length === 0) return [];
  const count = (passed: number, queries: number, missing: number) => `${passed} / ${queries - missing}`;
  return [
    '## Vibe panel',
    '',
    'About 40 queries in both directions, written and judged by people before any method was run (src/core/evaluation/vibe-panel/panel.json): results that must appear and results that must not. A sanity check, never a training set.',
    '',
    '| method | song → films | film → songs | all |',
    '|---|---:|---:|---:|',
    ...evaluation.panels.map(
      (panel) =>
        `| ${panel.method} | ${count(panel.byDirection['song-to-movie'].passed, panel.byDirection['song-to-movie'].queries, panel.byDirection['song-to-movie'].missing)} | ${count(panel.byDirection['movie-to-song'].passed, panel.byDirection['movie-to-song'].queries, panel.byDirection['movie-to-song'].missing)} | ${count(panel.passed, panel.queries, panel.missing)} |`,
    ),
    '',
    ...evaluation.panels.slice(0, 2).map((panel) => renderPanelMarkdown(panel).replace(/^### /, '### ')),
    '',
  ];
}

function targetsSection(evaluation: EvaluationResult): string[] {
  return [
    '## Targets (independent pairs, cross-fitted)',
    '',
    '| target | value | goal | met |',
    '|---|---:|---:|:---:|',
    ...evaluation.targets.map(
      (check) =>
        `| ${check.label}${check.detail ? `: ${escapeCell(check.detail)}` : ''} | ${check.label.startsWith('Recall') || check.label.startsWith('most') ? pct(check.value) : num(check.value, 3)} | ${check.label.startsWith('Recall') || check.label.startsWith('most') ? pct(check.target) : num(check.target, 2)} | ${check.met ? 'yes' : 'no'} |`,
    ),
    '',
  ];
}

function certaintySection(evaluation: EvaluationResult): string[] {
  if (evaluation.certainty.length === 0) return [];
  // A difference that rounds to zero is written without a sign ("0.000", not "−0.000").
  const signed = (value: number, digits: number) => {
    const text = Math.abs(value).toFixed(digits);
    return Number(text) === 0 ? text : `${value > 0 ? '+' : '−'}${text}`;
  };
  const points = (value: number) => signed(value * 100, 1);
  const span = (low: number, high: number, format: (value: number) => string) => `${format(low)} … ${format(high)}`;
  const signedAuc = (value: number) => signed(value, 3);
  const first = evaluation.certainty[0]!;
  return [
    '## How sure: intervals on the independent pairs',
    '',
    `Every method's Recall@50 and AUC with a ${Math.round(first.level * 100)} % interval, and its difference from crossfade's, from ${first.resamples.toLocaleString('en-US')} bootstrap resamples of the queries (the same resamples for every method, so the differences are paired). Queries are resampled by film: a film's songs stand or fall together. A difference whose interval holds 0 is within what another draw of the same kind of pairs could give: do not choose between such methods on these pairs.`,
    '',
    ...evaluation.certainty.flatMap((entry) => {
      const byName = new Map(entry.methods.map((method) => [method.method, method]));
      return [
        `### ${DIRECTION_TITLES[entry.direction]} (${entry.queries} queries, ${entry.clusters} films)`,
        '',
        '| method | R@50 | interval | − crossfade, points | AUC | interval | − crossfade |',
        '|---|---:|---:|---:|---:|---:|---:|',
        ...evaluation.methods.flatMap((method) => {
          const estimates = byName.get(method.name);
          if (!estimates) return [];
          const recall = estimates.values.recall50!;
          const auc = estimates.values.auc!;
          const recallDifference = estimates.differences.recall50!;
          const aucDifference = estimates.differences.auc!;
          const isReference = method.name === 'crossfade';
          return [
            `| ${label(method)} | ${pct(recall.value)} | ${span(recall.low, recall.high, pct)} | ${isReference ? '–' : `${points(recallDifference.value)} (${span(recallDifference.low, recallDifference.high, points)})`} | ${num(auc.value, 3)} | ${span(auc.low, auc.high, (value) => num(value, 3))} | ${isReference ? '–' : `${signedAuc(aucDifference.value)} (${span(aucDifference.low, aucDifference.high, signedAuc)})`} |`,
          ];
        }),
        '',
      ];
    }),
  ];
}

function unexplainedSection(evaluation: EvaluationResult): string[] {
  if (evaluation.unexplained.length === 0) return [];
  return [
    '## Results without a reason',
    '',
    'First pages as the app answers a pick (10 results, each recording once), for every query item of the pairs: how many results show no reason, because no part is both strong enough and true of both items to be named. They still show their match and their "Why?" shares.',
    '',
    '| method | direction | queries | results | without a reason |',
    '|---|---|---:|---:|---:|',
    ...evaluation.unexplained.map(
      (count) =>
        `| ${count.method} | ${DIRECTION_TITLES[count.direction]} | ${count.queries} | ${count.results.toLocaleString('en-US')} | ${count.withoutReason} (${pct(count.results > 0 ? count.withoutReason / count.results : Number.NaN)}) |`,
    ),
    '',
  ];
}

function row(method: MethodResult, metrics: DirectionMetrics): string {
  return `| ${label(method)} | ${pct(metrics.recall[10])} | ${pct(metrics.recall[50])} | ${pct(metrics.recall[100])} | ${num(metrics.mrr)} | ${Math.round(metrics.medianRank).toLocaleString('en-US')} | ${num(metrics.auc, 3)} | ${pct(metrics.coverage.share)} | ${pct(metrics.mostRecommendedShare)} | ${metrics.moodClashShare === null ? '–' : pct(metrics.moodClashShare)} | ${num(metrics.latency.p50Ms, 1)} |`;
}

/** Grouped bars: Recall@10/50/100 per method, one panel per direction. */
export function recallChartSvg(methods: readonly MethodResult[]): string {
  const barWidth = 7;
  const groupWidth = RECALL_KS.length * barWidth + 6;
  const panelWidth = Math.max(320, methods.length * groupWidth + 60);
  const height = 290;
  const top = 30;
  const plot = 160;
  const max = Math.max(
    0.05,
    ...methods.flatMap((method) =>
      DIRECTIONS.flatMap((direction) =>
        RECALL_KS.map((k) => (method.directions[direction].bySource.independent ?? method.directions[direction]).recall[k]),
      ).filter((value) => !Number.isNaN(value)),
    ),
  );
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
        const value = (method.directions[direction].bySource.independent ?? method.directions[direction]).recall[k];
        const h = Number.isNaN(value) ? 0 : (value / max) * plot;
        parts.push(
          `<rect x="${gx + position * barWidth}" y="${(top + plot - h).toFixed(1)}" width="${barWidth - 1}" height="${h.toFixed(1)}" fill="${colours[position]}"><title>${escape(method.name)} R@${k} ${(value * 100).toFixed(1)}%</title></rect>`,
        );
      });
      parts.push(`<text transform="translate(${gx + 8},${top + plot + 8}) rotate(60)" font-size="10">${escape(method.name)}</text>`);
    });
  });
  const legend = RECALL_KS.map(
    (k, index) =>
      `<rect x="${40 + index * 80}" y="${height + 50}" width="10" height="10" fill="${colours[index]}"/><text x="${54 + index * 80}" y="${height + 59}" font-size="11">Recall@${k}</text>`,
  ).join('');
  const width = DIRECTIONS.length * (panelWidth + 20) + 40;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height + 70}" font-family="sans-serif" viewBox="0 0 ${width} ${height + 70}"><rect width="100%" height="100%" fill="white"/>${parts.join('')}${legend}</svg>\n`;
}

/** The text of resources/vibe/ranker.json for a fit's parameters. */
export function rankerParametersSource(parameters: RankerParameters): string {
  const review =
    'Written by `npm run eval -- --write-defaults` from the learned ranker fitted on the independent DEV pairs (see the report in source.report). ' +
    'Review the report before committing: the era fit should penalise songs released after the film, and no block weight should be negative.';
  return `${JSON.stringify({ _review: review, ...parameters }, null, 2)}\n`;
}
