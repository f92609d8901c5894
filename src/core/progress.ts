/** A snapshot of a long-running job, emitted a few times per second at most. */
export interface JobProgress {
  readonly phase: string;
  /** Work units done so far (rows for imports, files for poster scans). */
  readonly done: number;
  readonly unit: 'rows' | 'files' | 'posters' | 'items';
  /** Position in the input, when the job reads a file: drives percent and ETA. */
  readonly bytesDone: number | null;
  readonly bytesTotal: number | null;
  /** Units per second over the recent past. */
  readonly ratePerSecond: number;
  readonly etaSeconds: number | null;
  readonly elapsedSeconds: number;
}

export type ProgressListener = (progress: JobProgress) => void;

/**
 * Turns raw counters into rate and ETA. The ETA is measured on the fraction of the whole
 * that is done (bytes when known, otherwise units against an expected total), so it stays
 * right when rows vary in size.
 */
export class ProgressMeter {
  private readonly startedAt: number;
  private lastEmitAt = -Infinity;
  private smoothedRate = 0;
  private lastSampleAt: number;
  private lastSampleDone = 0;

  constructor(
    private readonly unit: JobProgress['unit'],
    private readonly listener: ProgressListener | undefined,
    private readonly options: {
      bytesTotal?: number | null;
      unitsTotal?: number | null;
      minIntervalMs?: number;
      /** Time the job spent before this meter (a step after the main work): elapsed counts from the job's start. */
      elapsedBeforeSeconds?: number;
    } = {},
  ) {
    this.startedAt = performance.now() - (options.elapsedBeforeSeconds ?? 0) * 1000;
    this.lastSampleAt = this.startedAt;
  }

  update(phase: string, done: number, bytesDone: number | null = null, force = false): void {
    if (!this.listener) return;
    const now = performance.now();
    if (!force && now - this.lastEmitAt < (this.options.minIntervalMs ?? 100)) return;
    this.lastEmitAt = now;
    const sampleSeconds = (now - this.lastSampleAt) / 1000;
    if (sampleSeconds > 0.05) {
      const instant = (done - this.lastSampleDone) / sampleSeconds;
      this.smoothedRate = this.smoothedRate === 0 ? instant : 0.7 * this.smoothedRate + 0.3 * instant;
      this.lastSampleAt = now;
      this.lastSampleDone = done;
    }
    const elapsedSeconds = (now - this.startedAt) / 1000;
    const bytesTotal = this.options.bytesTotal ?? null;
    const unitsTotal = this.options.unitsTotal ?? null;
    let fraction: number | null = null;
    if (bytesTotal && bytesDone !== null) fraction = Math.min(1, bytesDone / bytesTotal);
    else if (unitsTotal) fraction = Math.min(1, done / unitsTotal);
    const etaSeconds = fraction !== null && fraction > 0 && elapsedSeconds > 0.2 ? (elapsedSeconds * (1 - fraction)) / fraction : null;
    this.listener({
      phase,
      done,
      unit: this.unit,
      bytesDone,
      bytesTotal,
      ratePerSecond: this.smoothedRate || (elapsedSeconds > 0 ? done / elapsedSeconds : 0),
      etaSeconds,
      elapsedSeconds,
    });
  }
}

export class CancelledError extends Error {
  constructor(message = 'Cancelled by the user.') {
    super(message);
    this.name = 'CancelledError';
  }
}
