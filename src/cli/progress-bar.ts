import cliProgress from 'cli-progress';
import type { JobProgress } from '../shared/contract.js';
import { formatCount, formatDuration } from './output.js';

/** Receives each progress snapshot of a job. */
type ProgressListener = (progress: JobProgress) => void;

interface ProgressDisplay {
  readonly listener: ProgressListener | undefined;
  stop(): void;
}

/**
 * A progress bar with rate and ETA on stderr, only when stderr is a terminal and the output
 * is not JSON: pipes and CI logs get no control characters.
 */
export function createProgressDisplay(enabled: boolean, label: string): ProgressDisplay {
  if (!enabled || !process.stderr.isTTY) return { listener: undefined, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${label} [{bar}] {percentage}% | {done} {unit} | {rate}/s | ETA {eta_text}`,
      hideCursor: true,
      clearOnComplete: false,
      barsize: 30,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  const payload = (progress: JobProgress) => ({
    done: formatCount(progress.done),
    unit: progress.unit,
    rate: formatCount(Math.round(progress.ratePerSecond)),
    eta_text: progress.etaSeconds === null ? '?' : formatDuration(progress.etaSeconds),
  });
  return {
    listener(progress) {
      const total = progress.bytesTotal ?? 0;
      const value = progress.bytesDone ?? progress.done;
      if (!started) {
        bar.start(total || 1, value, payload(progress));
        started = true;
      } else bar.update(value, payload(progress));
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
