import type { Command } from 'commander';
import {
  BLOCK_NAMES,
  INTENTS,
  intentLabels,
  isSameKindQuery,
  type BlockWeightValues,
  type Intent,
  type ItemKind,
  type PickRef,
  type RecommendationData,
  type RecommendQuery,
  type SoundtrackLinkData,
} from '../../shared/recommend-schemas.js';
import { withServices, type CommandContext, type GlobalOptions } from '../context.js';
import { followJob } from '../jobs.js';
import { findTasteProfile } from './taste.js';
import { formatCount, formatDuration, table } from '../output.js';

export function registerVibeCommands(program: Command, globals: () => GlobalOptions): void {
  program
    .command('embed-posters')
    .description('Describe every linked poster with MobileNetV2 (1280-d embedding and colour statistics); resumes where it stopped.')
    .option('--model <file.onnx>', 'the MobileNetV2 ONNX model (default: CROSSFADE_MODEL, then models/, then the data folder)')
    .option('--retry-failed', 'try posters that failed before again')
    .option('--limit <n>', 'embed at most n posters this run', parseInteger)
    .action(async (options: { model?: string; retryFailed?: boolean; limit?: number }) => {
      await withServices(globals(), async ({ api, services, out, showProgress }) => {
        const summary = await followJob(
          services,
          () => api['posters.embed']({ retryFailed: options.retryFailed ?? false, model: options.model, limit: options.limit }),
          'embed-posters',
          { label: 'Embedding posters', enabled: showProgress },
        );
        out.result(summary, (value) =>
          [
            `${value.status === 'cancelled' ? 'Stopped' : 'Done'}: ${formatCount(value.embedded)} posters embedded, ${formatCount(value.failed)} failed, ` +
              `${formatCount(value.alreadyDone)} already done, ${formatCount(value.remaining)} remaining (${value.postersPerSecond.toFixed(1)} posters/s).`,
            `  model: ${value.model.path} (${value.model.source})`,
            ...value.issues.slice(0, 10).map((issue) => `  ${issue.path}: ${issue.reason}`),
            ...(value.remaining > 0 ? ['  Run crossfade embed-posters again to continue.'] : ['  Next: crossfade build-vibe']),
          ].join('\n'),
        );
      });
    });

  program
    .command('build-vibe')
    .description('Build the vibe space: one vector per song and movie (run after imports and poster embedding).')
    .option('--incremental', 'only encode items imports added or changed since the last build (no refit)')
    .action(async (options: { incremental?: boolean }) => {
      await withServices(globals(), async ({ api, services, out, showProgress }) => {
        const summary = await followJob(services, () => api['vibe.build']({ mode: options.incremental ? 'incremental' : 'full' }), 'build-vibe', {
          label: 'Building the vibe space',
          enabled: showProgress,
        });
        out.result(summary, (value) =>
          value.status === 'cancelled'
            ? 'Cancelled: the previous vibe space is unchanged.'
            : `Vibe space #${value.modelId} (${value.mode}): ${formatCount(value.songs)} songs, ${formatCount(value.movies)} movies, ` +
              `${value.dims} dimensions, ${formatCount(value.encoded)} encoded${value.mode === 'incremental' ? ' (new or changed)' : ''}, visual block ${value.visual ? `from ${formatCount(value.moviesWithPosterEmbedding)} posters` : 'off (no poster embeddings)'}, ` +
              `in ${formatDuration(value.elapsedSeconds)}.`,
        );
      });
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
    .option(
      '--intent <intent>',
      'soundtrack: could be on its soundtrack (learned, era-aware; for picks of the target kind, same genres and tags: learned, without era); feel: feels the same (mood, look and tags; era ignored)',
    )
    .option('--taste <profile>', 'start from a taste profile (its id or name; see crossfade taste list)')
    .option('--explicit', 'include explicit songs, and for a family film aggressive music too (by default both are left out for one)')
    .option('--no-explicit', 'leave explicit songs out')
    .action(
      async (options: {
        song: string[];
        movie: string[];
        target?: string;
        k: number;
        blend?: boolean;
        diversity: number;
        weights?: string;
        intent?: string;
        taste?: string;
        explicit?: boolean;
      }) => {
        await withServices(globals(), async (context) => {
          const picks: PickRef[] = [];
          for (const text of options.song) picks.push(await resolvePick(context, 'song', text));
          for (const text of options.movie) picks.push(await resolvePick(context, 'movie', text));
          const taste = options.taste === undefined ? null : await findTasteProfile(context, options.taste);
          if (picks.length === 0 && !taste) throw new Error('Pick at least one --song or --movie, or a --taste profile.');
          const kinds = [...picks.map((pick) => pick.kind), ...(taste ? [taste.kind] : [])];
          const target = parseTarget(options.target) ?? (kinds.every((kind) => kind === 'song') ? 'movie' : 'song');
          await run(context, {
            picks,
            target,
            k: options.k,
            mode: options.blend ? 'blend' : 'mean',
            diversity: options.diversity,
            ...(options.weights ? { weights: parseWeights(options.weights) } : {}),
            ...(options.intent ? { intent: parseIntent(options.intent) } : {}),
            ...(taste ? { taste: taste.id } : {}),
            ...(options.explicit !== undefined ? { filters: { includeExplicit: options.explicit } } : {}),
          });
        });
      },
    );

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
      const pick: PickRef = { kind: (match[1] as ItemKind | undefined) ?? 'movie', id: Number(match[2]) };
      await withServices(globals(), (context) =>
        run(context, {
          picks: [pick],
          target: parseTarget(options.target) ?? pick.kind,
          k: options.k,
          ...(options.intent ? { intent: parseIntent(options.intent) } : {}),
        }),
      );
    });
}

/**
 * Asks the services for recommendations and prints the soundtrack links, then the ranked results
 * with their match and reasons (or, with --json, their cards' gist). A catalog without a vibe
 * space gets one first, with a progress bar: nobody has to know to build it.
 */
async function run(context: CommandContext, request: RecommendQuery & { target: ItemKind }): Promise<void> {
  const { api, services, out, showProgress } = context;
  if (!(await api['vibe.status']({})).built)
    await followJob(services, () => api['vibe.build']({ mode: 'full' }), 'build-vibe', { label: 'Building the vibe space (first use)', enabled: showProgress });
  const response = await api['recommend.query'](request);
  const value = {
    intent: response.intent,
    weights: response.weights,
    elapsedMs: response.elapsedMs,
    familyFilm: response.familyFilm,
    links: response.links.map(linkLine),
    results: response.results.map(resultLine),
  };
  out.result(value, (shown) => {
    const links = shown.links.map((link) => `  ${link.label} (${link.evidence}): ${link.title}${link.link ? `  ${link.link}` : ''}`);
    const rows = shown.results.map((result, position) => [
      String(position + 1),
      `${result.match.toFixed(0)}%`,
      result.label,
      result.reasons.join('; '),
      result.link ?? '',
    ]);
    return (
      (links.length > 0 ? `From the catalog's soundtrack links:\n${links.join('\n')}\n\n` : '') +
      `${table([['#', 'match', request.target === 'movie' ? 'movie' : 'song', 'why', 'link'], ...rows])}\n` +
      `(${intentLabels(isSameKindQuery(request))[shown.intent].label.toLowerCase()}; ${shown.elapsedMs.toFixed(1)} ms)` +
      (shown.familyFilm !== null ? `\nExplicit songs and aggressive music are left out: ${shown.familyFilm} is a family film (--explicit shows them).` : '')
    );
  });
}

function cardLabel(song: RecommendationData['song'], movie: RecommendationData['movie'], itemId: number): string {
  return song ? `${song.title} — ${song.artists}` : movie ? `${movie.title}${movie.releaseYear ? ` (${movie.releaseYear})` : ''}` : String(itemId);
}

/** One result as the CLI prints it, from the card the services attached (the app shows the same card). */
function resultLine(result: RecommendationData) {
  const { song, movie } = result;
  return {
    id: result.itemId,
    kind: result.kind,
    label: cardLabel(song, movie, result.itemId),
    score: result.score,
    match: result.match,
    blocks: result.blocks,
    reasons: result.reasons,
    otherVersions: result.otherVersions,
    link: song ? song.spotifyUrl : movie ? movie.tmdbUrl : null,
  };
}

function linkLine(link: SoundtrackLinkData) {
  return {
    id: link.itemId,
    kind: link.kind,
    relation: link.relation,
    label: link.label,
    evidence: link.evidence,
    title: cardLabel(link.song, link.movie, link.itemId),
    link: link.song ? link.song.spotifyUrl : link.movie ? link.movie.tmdbUrl : null,
  };
}

function parseIntent(value: string): Intent {
  const intent = INTENTS.find((name) => name === value.trim().toLowerCase());
  if (!intent) throw new Error(`--intent: "${value}" should be one of ${INTENTS.join(', ')}.`);
  return intent;
}

async function resolvePick({ api }: CommandContext, kind: ItemKind, text: string): Promise<PickRef> {
  if (/^\d+$/.test(text.trim())) return { kind, id: Number(text) };
  const [hit] = kind === 'song' ? await api['catalog.searchSongs']({ text, limit: 1 }) : await api['catalog.searchMovies']({ text, limit: 1 });
  if (!hit) throw new Error(`No ${kind} matches "${text}": try crossfade search ${kind}s ${JSON.stringify(text)}.`);
  return { kind, id: hit.id };
}

function parseTarget(value: string | undefined): ItemKind | null {
  if (value === undefined) return null;
  const normalised = value.replace(/s$/, '');
  if (normalised !== 'song' && normalised !== 'movie') throw new Error(`--target must be movies or songs, not "${value}".`);
  return normalised;
}

function parseWeights(text: string): Partial<BlockWeightValues> {
  const weights: Partial<BlockWeightValues> = {};
  for (const part of text.split(',')) {
    const [name, value] = part.split('=').map((piece) => piece.trim());
    if (!(BLOCK_NAMES as readonly string[]).includes(name ?? '') || value === undefined || !Number.isFinite(Number(value)) || Number(value) < 0)
      throw new Error(`--weights: "${part}" should be block=number with block one of ${BLOCK_NAMES.join(', ')}.`);
    weights[name as (typeof BLOCK_NAMES)[number]] = Number(value);
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
