import { create } from 'zustand';
import type { MethodOutput } from '../../../shared/contract';
import { backend } from '../api/backend';
import { errorText } from '../lib/format';

export type ImportRun = MethodOutput<'imports.runs'>[number];
export type ImportReport = MethodOutput<'imports.report'>;

interface RunsState {
  readonly runs: readonly ImportRun[];
  readonly error: string | null;
  readonly selectedRunId: number | null;
  readonly report: ImportReport | null;
  readonly reportError: string | null;
  readonly reportLoading: boolean;
  refresh(): Promise<void>;
  select(runId: number | null): Promise<void>;
}

export const useRuns = create<RunsState>()((set, get) => ({
  runs: [],
  error: null,
  selectedRunId: null,
  report: null,
  reportError: null,
  reportLoading: false,

  async refresh() {
    try {
      const runs = await backend().api['imports.runs']({ limit: 100 });
      set({ runs, error: null });
      const selected = get().selectedRunId;
      // A selected run that was still running: fetch its final report.
      if (selected !== null && get().report?.run.status === 'running') await get().select(selected);
    } catch (error) {
      set({ error: errorText(error) });
    }
  },

  async select(runId) {
    if (runId === null) {
      set({ selectedRunId: null, report: null, reportError: null });
      return;
    }
    set({ selectedRunId: runId, reportLoading: true, reportError: null });
    try {
      const report = await backend().api['imports.report']({ runId });
      if (get().selectedRunId === runId) set({ report, reportLoading: false });
    } catch (error) {
      if (get().selectedRunId === runId) set({ report: null, reportError: errorText(error), reportLoading: false });
    }
  },
}));
