import { runsChangedSince } from '../core/catalog/import-runs.js';
import type { CatalogDatabase } from '../core/db/open-database.js';
import { runsToTrace } from '../core/vibe/changed-items.js';
import { catalogFingerprint, currentModel, type CatalogFingerprint } from '../core/vibe/index-store.js';
import type { Job } from '../shared/contract';

export type VibeBuildMode = 'full' | 'incremental';

/**
 * What the vibe space needs now: nothing, an incremental build (no refit: it encodes the items
 * imports added or changed since, from their journals), or a full rebuild (nothing while the
 * catalog lacks songs or movies). A full one when the poster embeddings changed or when what
 * changed cannot be traced item by item (`traceable`, asked only then: changed-items.ts runsToTrace),
 * e.g. after undoing an import that had merged into items.
 */
export function vibeRefreshNeeded(
  built: CatalogFingerprint | null | 'none',
  now: CatalogFingerprint,
  traceable: () => boolean = () => true,
): VibeBuildMode | null {
  // A vibe space relates songs to movies: the build needs some of each (it fails on one kind alone).
  if (now.songs === 0 || now.movies === 0) return null;
  if (built === 'none' || built === null) return 'full';
  if (now.posterEmbeddings !== built.posterEmbeddings) return 'full';
  const sameCounts = now.songs === built.songs && now.movies === built.movies;
  if (!built.importRuns) {
    // Built before the runs were recorded: only new items can be told apart (those without a vector).
    if (sameCounts) return now.lastImportRun > built.lastImportRun ? 'full' : null;
    return now.songs >= built.songs && now.movies >= built.movies ? 'incremental' : 'full';
  }
  const changed = runsChangedSince(built.importRuns, now.importRuns ?? []);
  if (changed?.length === 0 && sameCounts) return null;
  return changed !== null && traceable() ? 'incremental' : 'full';
}

/** Reads what a build needs from the catalog (the one place that touches the database). */
export function vibeRefreshFor(db: CatalogDatabase): VibeBuildMode | null {
  const ready = currentModel(db);
  const now = catalogFingerprint(db, ready?.fingerprint);
  return vibeRefreshNeeded(ready ? ready.fingerprint : 'none', now, () => runsToTrace(db, ready?.fingerprint?.importRuns, now.importRuns ?? []) !== null);
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
