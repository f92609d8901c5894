import type { Command } from 'commander';
import type { CatalogDatabase } from '../../core/db/open-database.js';
import { loadBridges } from '../../core/features/bridges.js';
import { startPosterEmbedding } from '../../core/posters/embedding/embed-posters.js';
import { movieCards, songCards, spotifyUrl, tmdbUrl } from '../../core/recommend/hydrate.js';
import { recommend, type Pick, type RecommendRequest, type RecommendResponse } from '../../core/recommend/recommend.js';
import { VibeIndex, type ItemKind } from '../../core/recommend/vibe-index.js';
import { CatalogSearch } from '../../core/catalog/search.js';
import { buildVibeIndex } from '../../core/vibe/build-index.js';
import { vibeIndexStatus } from '../../core/vibe/index-store.js';
import { BLOCKS, type BlockWeights } from '../../core/vibe/weights.js';
import { TasteStore } from '../../core/taste/taste-store.js';
import { withTastePicks } from '../../core/taste/taste-picks.js';
import { INTENTS, matchPercent, type Intent } from '../../shared/recommend-schemas.js';
import { loadRecommendContext } from '../../core/recommend/context.js';
import { withCatalog, type GlobalOptions } from '../context.js';
import { formatCount, formatDuration, table } from '../output.js';
import { createProgressDisplay } from '../progress-bar.js';
import { withCancellation } from '../signals.js';

export function registerVibeCommands(program: Command, globals: () => GlobalOptions): void {
  program
    .command('embed-posters')
    .description('Describe every linked poster with MobileNetV2 (1280-d embedding and colour statistics); resumes where it stopped.')
    .option('--model <file.onnx>', 'the MobileNetV2 ONNX model (default: CROSSFADE_MODEL, then models/, then the data folder)')
    .option('--retry-failed', 'try posters that failed before again')
    .option('--limit <n>', 'embed at most n posters this run', parseInteger)
    .action(async (options: { model?: string; retryFailed?: boolean; limit?: number }) => {
      await withCatalog(globals(), ({ db, out, showProgress }) =>
        withCancellation(async (signal) => {
          const progress = createProgressDisplay(showProgress, 'Embedding posters');
          try {
            const job = startPosterEmbedding(db, {
              model: { explicitPath: options.model ?? null },
              retryFailed: options.retryFailed ?? false,
              limit: options.limit ?? null,
              signal,
              onProgress: progress.listener,
            });
            const summary = await job.result;
            progress.stop();
            out.result(summary, (value) =>
              [
                `${value.status === 'cancelled' ? 'Stopped' : 'Done'}: ${formatCount(value.embedded)} posters embedded, ${formatCount(value.failed)} failed, ` +
                  `${formatCount(value.alreadyDone)} already done, ${formatCount(value.remaining)} remaining (${value.postersPerSecond.toFixed(1)} posters/s).`,
                `  model: ${value.model.path} (${value.model.source})`,
                ...value.issues.slice(0, 10).map((issue) => `  ${issue.path}: ${issue.reason}`),
                ...(value.remaining > 0 ? ['  Run crossfade embed-posters again to continue.'] : ['  Next: crossfade build-vibe']),
              ].join('\n'),
            );
          } finally {
            progress.stop();
          }
        }),
      );
    });

  program
    .command('build-vibe')
    .description('Build the vibe space: one vector per song and movie (run after imports and poster embedding).')
    .option('--incremental', 'only add items imported since the last build (no refit)')
    .action(async (options: { incremental?: boolean }) => {
      await withCatalog(globals(), ({ db, out, showProgress }) =>
        withCancellation(async (signal) => {
          const progress = createProgressDisplay(showProgress, 'Building the vibe space');
          try {
            const summary = await buildVibeIndex(db, { mode: options.incremental ? 'incremental' : 'full', signal, onProgress: progress.listener });
            progress.stop();
            out.result(summary, (value) =>
              value.status === 'cancelled'
                ? 'Cancelled: the previous vibe space is unchanged.'
                : `Vibe space #${value.modelId} (${value.mode}): ${formatCount(value.songs)} songs, ${formatCount(value.movies)} movies, ` +
                  `${value.dims} dimensions, ${formatCount(value.encoded)} encoded, visual block ${value.visual ? `from ${formatCount(value.moviesWithPosterEmbedding)} posters` : 'off (no poster embeddings)'}, ` +
                  `in ${formatDuration(value.elapsedSeconds)}.`,
            );
          } finally {
            progress.stop();
          }
        }),
      );
    });

  program
    .command('recommend')
    .description('Recommend movies and/or songs for picked songs and movies (ids or search text).')
    .option('--song <id|text>', 'a picked song (repeatable)', collect, [])
    .option('--movie <id|text>', 'a picked movie (repeatable)', collect, [])
    .option('--target <kind>', 'what to recommend: movies or songs (default: movies for songs, songs for movies)')
    .option('--k <n>', 'number of results', parseInteger, 20)
    .option('--blend', 'keep every pick represented instead of averaging them')
    .option('--diversity <0..1>', 'favour varied results', Number.parseFloat, 0)
    .option('--weights <list>', 'block weights, e.g. mood=0.5,genre=0.3,era=0')
    .option('--taste <profile>', 'start from a taste profile (its id or name; see crossfade taste list)')
    .option('--intent <intent>', 'soundtrack: could be on its soundtrack (learned, era-aware); feel: feels the same (mood, look and tags; era ignored)')
    .action(async (options: { song: string[]; movie: string[]; target?: string; k: number; blend?: boolean; diversity: number; weights?: string; taste?: string; intent?: string }) => {
      await withCatalog(globals(), async ({ db, out, showProgress }) => {
        await buildVibeSpaceIfMissing(db, showProgress);
        const search = new CatalogSearch(db);
        const picks: Pick[] = [...options.song.map((text) => resolvePick(db, search, 'song', text)), ...options.movie.map((text) => resolvePick(db, search, 'movie', text))];
        const taste = options.taste === undefined ? null : new TasteStore(db).find(options.taste);
        if (picks.length === 0 && !taste) throw new Error('Pick at least one --song or --movie, or a --taste profile.');
        const kinds = [...picks.map((pick) => pick.kind), ...(taste ? [taste.kind] : [])];
        const target = parseTarget(options.target) ?? (kinds.every((kind) => kind === 'song') ? 'movie' : 'song');
        await run(
          db,
          out,
          {
            picks,
            target,
            k: options.k,
            mode: options.blend ? 'blend' : 'mean',
            diversity: options.diversity,
            ...(options.weights ? { weights: parseWeights(options.weights) } : {}),
            ...(options.intent ? { intent: parseIntent(options.intent) } : {}),
          },
          taste?.id,
        );
      });
    });

  program
    .command('similar')
    .description('Items closest to one song or movie ("more like this").')
    .argument('<id>', 'a movie id, or song:<id> / movie:<id>')
    .option('--target <kind>', 'recommend movies or songs (default: the same kind)')
    .option('--k <n>', 'number of results', parseInteger, 20)
    .option('--intent <intent>', 'soundtrack or feel (see recommend --help)')
    .action(async (id: string, options: { target?: string; k: number; intent?: string }) => {
      const match = /^(?:(song|movie):)?(\d+)$/.exec(id.trim());
      if (!match) throw new Error(`"${id}" is not an id: use 123, movie:123 or song:123.`);
      const pick: Pick = { kind: (match[1] as ItemKind | undefined) ?? 'movie', id: Number(match[2]) };
      await withCatalog(globals(), async ({ db, out, showProgress }) => {
        await buildVibeSpaceIfMissing(db, showProgress);
        await run(db, out, { picks: [pick], target: parseTarget(options.target) ?? pick.kind, k: options.k, ...(options.intent ? { intent: parseIntent(options.intent) } : {}) });
      });
    });
}

/** Users never have to build the vibe space first: a catalog without one gets it now, with a progress bar. */
async function buildVibeSpaceIfMissing(db: CatalogDatabase, showProgress: boolean): Promise<void> {
  if (vibeIndexStatus(db).built) return;
  await withCancellation(async (signal) => {
    const progress = createProgressDisplay(showProgress, 'Building the vibe space (first use)');
    try {
      const summary = await buildVibeIndex(db, { mode: 'full', signal, onProgress: progress.listener });
      if (summary.status === 'cancelled') throw new Error('Cancelled while building the vibe space; run the command again to build it.');
    } finally {
      progress.stop();
    }
  });
}

function parseIntent(value: string): Intent {
  const intent = INTENTS.find((name) => name === value.trim().toLowerCase());
  if (!intent) throw new Error(`--intent: "${value}" should be one of ${INTENTS.join(', ')}.`);
  return intent;
}

async function run(db: CatalogDatabase, out: Parameters<Parameters<typeof withCatalog>[1]>[0]['out'], query: RecommendRequest, tasteProfile?: number): Promise<void> {
  const index = VibeIndex.load(db, { engine: { threads: 0 } });
  if (!index) throw new Error('The vibe space has not been built yet: run crossfade build-vibe first.');
  try {
    const request = tasteProfile === undefined ? query : withTastePicks(db, index, query, tasteProfile);
    const response = await recommend(db, index, loadBridges().phrases, request, loadRecommendContext(db));
    out.result(withCards(db, response, request.target), (value) => {
      const linked = value.links.map((link) => `  ${link.label} (${link.evidence}): ${link.title}${link.url ? `  ${link.url}` : ''}`);
      const rows = value.results.map((result, position) => [String(position + 1), `${result.match.toFixed(0)}%`, result.label, result.reasons.join('; '), result.link ?? '']);
      return (
        (linked.length > 0 ? `From the catalog's soundtrack links:\n${linked.join('\n')}\n\n` : '') +
        `${table([['#', 'match', request.target === 'movie' ? 'movie' : 'song', 'why', 'link'], ...rows])}\n(${value.intent === 'soundtrack' ? 'could be on its soundtrack' : 'feels the same'}; ${value.elapsedMs.toFixed(1)} ms)`
      );
    });
  } finally {
    await index.close();
  }
}

function withCards(db: CatalogDatabase, response: RecommendResponse, target: ItemKind) {
  const ids = response.results.map((result) => result.itemId);
  const songs = target === 'song' ? songCards(db, ids) : new Map();
  const movies = target === 'movie' ? movieCards(db, ids) : new Map();
  const linkIds = { song: response.links.filter((link) => link.kind === 'song').map((link) => link.itemId), movie: response.links.filter((link) => link.kind === 'movie').map((link) => link.itemId) };
  const linkSongs = songCards(db, linkIds.song);
  const linkMovies = movieCards(db, linkIds.movie);
  return {
    intent: response.intent,
    weights: response.weights,
    elapsedMs: response.elapsedMs,
    links: response.links.map((link) => {
      const song = link.kind === 'song' ? linkSongs.get(link.itemId) : undefined;
      const movie = link.kind === 'movie' ? linkMovies.get(link.itemId) : undefined;
      const title = song ? `${song.title} — ${song.artists}` : movie ? `${movie.title}${movie.releaseYear ? ` (${movie.releaseYear})` : ''}` : String(link.itemId);
      const label = link.relation === 'soundtrack' ? "From the film's soundtrack" : 'Used in';
      return { id: link.itemId, kind: link.kind, relation: link.relation, label, evidence: link.evidence, title, url: song ? spotifyUrl(song) : movie ? tmdbUrl(movie) : null };
    }),
    results: response.results.map((result) => {
      const song = songs.get(result.itemId);
      const movie = movies.get(result.itemId);
      const label = song ? `${song.title} — ${song.artists}` : movie ? `${movie.title}${movie.releaseYear ? ` (${movie.releaseYear})` : ''}` : String(result.itemId);
      return {
        id: result.itemId,
        kind: result.kind,
        label,
        score: result.score,
        match: matchPercent(result.score),
        blocks: result.blocks,
        reasons: result.reasons,
        otherVersions: result.otherVersions,
        link: song ? spotifyUrl(song) : movie ? tmdbUrl(movie) : null,
      };
    }),
  };
}

function resolvePick(db: CatalogDatabase, search: CatalogSearch, kind: ItemKind, text: string): Pick {
  if (/^\d+$/.test(text.trim())) return { kind, id: Number(text) };
  const [hit] = kind === 'song' ? search.searchSongs(text, 1) : search.searchMovies(text, 1);
  if (!hit) throw new Error(`No ${kind} matches "${text}": try crossfade search ${kind}s ${JSON.stringify(text)}.`);
  return { kind, id: hit.id };
}

function parseTarget(value: string | undefined): ItemKind | null {
  if (value === undefined) return null;
  const normalised = value.replace(/s$/, '');
  if (normalised !== 'song' && normalised !== 'movie') throw new Error(`--target must be movies or songs, not "${value}".`);
  return normalised;
}

function parseWeights(text: string): Partial<BlockWeights> {
  const weights: Partial<Record<(typeof BLOCKS)[number], number>> = {};
  for (const part of text.split(',')) {
    const [name, value] = part.split('=').map((piece) => piece.trim());
    if (!(BLOCKS as readonly string[]).includes(name ?? '') || value === undefined || !Number.isFinite(Number(value)) || Number(value) < 0)
      throw new Error(`--weights: "${part}" should be block=number with block one of ${BLOCKS.join(', ')}.`);
    weights[name as (typeof BLOCKS)[number]] = Number(value);
  }
  return weights;
}

function parseInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new Error(`"${value}" is not a positive whole number.`);
  return number;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
