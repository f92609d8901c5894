import type { CatalogDatabase } from '../core/db/open-database.js';
import { catalogFingerprint, currentModel, type CatalogFingerprint } from '../core/vibe/index-store.js';
import type { Job } from '../shared/contract';

export type VibeBuildMode = 'full' | 'incremental';

/**
 * What the vibe space needs now: nothing, the new items added ('incremental': no refit), or a
 * full rebuild (nothing while the catalog lacks songs or movies). Incremental only when the catalog only grew (songs or movies added) with the same
 * poster embeddings; anything that removed items (an undone import), changed posters or changed
 * existing items needs the full build.
 */
export function vibeRefreshNeeded(built: CatalogFingerprint | null | 'none', now: CatalogFingerprint): VibeBuildMode | null {
  // A vibe space relates songs to movies: the build needs some of each (it fails on one kind alone).
  if (now.songs === 0 || now.movies === 0) return null;
  if (built === 'none' || built === null) return 'full';
  const same = built.songs === now.songs && built.movies === now.movies && built.posterEmbeddings === now.posterEmbeddings;
  if (same && now.lastImportRun <= built.lastImportRun) return null;
  const onlyGrew = now.songs >= built.songs && now.movies >= built.movies && now.posterEmbeddings === built.posterEmbeddings && !same;
  return onlyGrew ? 'incremental' : 'full';
}

/** Reads what a build needs from the catalog (the one place that touches the database). */
export function vibeRefreshFor(db: CatalogDatabase): VibeBuildMode | null {
  const ready = currentModel(db);
  return vibeRefreshNeeded(ready ? ready.fingerprint : 'none', catalogFingerprint(db, ready?.fingerprint));
}

/** Job kinds whose completion changes what the vibe space should hold. */
const CATALOG_JOBS: ReadonlySet<Job['kind']> = new Set(['import', 'scan-posters', 'embed-posters']);
/** While any of these runs, a build waits (it would read a catalog that is still changing). */
const BUSY_JOBS: ReadonlySet<Job['kind']> = new Set(['import', 'scan-posters', 'embed-posters', 'build-vibe']);
const ACTIVE: ReadonlySet<Job['status']> = new Set(['queued', 'running', 'paused']);

interface VibeAutoRefreshOptions {
  /** What the catalog needs now (vibeRefreshFor on the current catalog). */
  readonly needed: () => VibeBuildMode | null;
  /** Starts the build job (the same as vibe.build). */
  readonly startBuild: (mode: VibeBuildMode) => Job;
  /** The jobs now known (queued, running and finished). */
  readonly jobs: () => readonly Job[];
  /** Quiet time after the last trigger before building (several imports in a row make one build). */
  readonly debounceMs?: number;
  /** Failures to start are reported here (the next trigger tries again). */
  readonly onError?: (error: unknown) => void;
}

/**
 * Keeps the vibe space up to date in the background: after an import, a poster scan or
 * embedding run, or any catalog change (an undone import), it waits for quiet, then starts one
 * build, incremental when it can, full when it must. The previous build keeps answering until
 * the new one is ready (the build job only swaps the ready model at its end). One build at a
 * time: a trigger during a build is looked at again when that build finishes.
 */
export class VibeAutoRefresh {
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly options: VibeAutoRefreshOptions) {}

  /**
   * A job changed: a completed import, scan or embedding run calls for a build; a completed build
   * re-checks, for changes made while it ran. A failed or cancelled build is not retried on its own.
   */
  onJob(job: Job): void {
    if (job.status !== 'completed') return;
    if (CATALOG_JOBS.has(job.kind) || job.kind === 'build-vibe') this.schedule();
  }

  /** Anything else that changed the catalog (an undone import, another process). */
  onCatalogChanged(): void {
    this.schedule();
  }

  schedule(): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.check();
    }, this.options.debounceMs ?? 1500);
    this.timer.unref?.();
  }

  /** Starts a build now if one is needed and nothing that changes the catalog is running; returns the job or null. */
  check(): Job | null {
    if (this.closed) return null;
    // A running job reschedules us when it completes.
    if (this.options.jobs().some((job) => BUSY_JOBS.has(job.kind) && ACTIVE.has(job.status))) return null;
    try {
      const mode = this.options.needed();
      return mode ? this.options.startBuild(mode) : null;
    } catch (error) {
      this.options.onError?.(error);
      return null;
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
