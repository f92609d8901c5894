import type { Job } from '../../../shared/contract';
import { formatCount, plural } from './format';

/**
 * Job results are typed `unknown` by the contract (each kind has its own summary): read the
 * fields the UI shows defensively, so a summary that gained or lost a field never breaks the page.
 */
function field(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function count(value: unknown, ...path: string[]): number | null {
  const found = field(value, ...path);
  return typeof found === 'number' && Number.isFinite(found) ? found : null;
}

export interface ResultLine {
  readonly label: string;
  readonly value: string;
}

export interface JobSummary {
  readonly lines: readonly ResultLine[];
  /** The import run to open the report of, when the job made one. */
  readonly runId: number | null;
  readonly warnings: readonly string[];
  readonly status: string | null;
}

export function summariseJob(job: Job): JobSummary | null {
  const result = job.result;
  if (result === null || typeof result !== 'object') return null;
  const lines: ResultLine[] = [];
  const add = (label: string, value: number | null) => {
    if (value !== null) lines.push({ label, value: formatCount(value) });
  };
  switch (job.kind) {
    case 'import':
      add('Rows read', count(result, 'counters', 'rowsRead'));
      add('Imported', count(result, 'counters', 'rowsImported'));
      add('New items', count(result, 'counters', 'itemsAdded'));
      add('Merged', count(result, 'counters', 'itemsMerged'));
      add('Skipped rows', count(result, 'counters', 'rowsSkipped'));
      break;
    case 'scan-posters':
      add('Images', count(result, 'imagesSeen'));
      add('Linked', count(result, 'linked'));
      add('Newly linked', count(result, 'newlyLinked'));
      add('Already linked', count(result, 'alreadyLinked'));
      add('Relinked', count(result, 'relinked'));
      {
        const unmatched = field(result, 'unmatched');
        if (Array.isArray(unmatched)) add('Match no movie', unmatched.length);
      }
      add('Unreadable', count(result, 'unusable'));
      break;
    case 'embed-posters':
      add('Embedded', count(result, 'embedded'));
      add('Failed', count(result, 'failed'));
      add('Remaining', count(result, 'remaining'));
      add('Already done', count(result, 'alreadyDone'));
      {
        const rate = count(result, 'postersPerSecond');
        if (rate !== null) lines.push({ label: 'Speed', value: `${rate.toFixed(1)} posters/s` });
      }
      break;
    case 'build-vibe':
      add('Songs', count(result, 'songs'));
      add('Movies', count(result, 'movies'));
      add('Encoded', count(result, 'encoded'));
      add('Posters in the visual block', count(result, 'moviesWithPosterEmbedding'));
      break;
    case 'scan-music':
      add('Audio files', count(result, 'files'));
      add('Matched', count(result, 'matched'));
      add('Not in the catalog', count(result, 'unmatched'));
      add('Unreadable', count(result, 'unreadable'));
      add('Read', count(result, 'read'));
      add('Unchanged', count(result, 'unchanged'));
      break;
    default:
      for (const [key, value] of Object.entries(result as Record<string, unknown>)) if (typeof value === 'number') add(key, value);
  }
  const warnings = field(result, 'warnings');
  const status = field(result, 'status');
  return {
    lines,
    runId: count(result, 'runId'),
    warnings: Array.isArray(warnings) ? warnings.filter((warning): warning is string => typeof warning === 'string') : [],
    status: typeof status === 'string' ? status : null,
  };
}

/** "12,345 rows" for a progress snapshot's unit. */
export function doneText(done: number, unit: string): string {
  return plural(done, unit.replace(/s$/, ''), unit);
}

/**
 * One warning, short: the sentence with its first example only ("…; e.g. line 4: "CafÃ©" -> "Café"."
 * keeps line 4; "Odd-looking words: "a", "b"." keeps "a"). The report keeps every example.
 */
export function shortWarning(warning: string): string {
  return warning
    .replace(/(; e\.g\. [^;]*?)(?:; [^;]*?)+\.$/, '$1.')
    .replace(/(Odd-looking words: "[^"]*")(?:, "[^"]*")+\./, '$1.')
    .trim();
}
