import { create } from 'zustand';
import type { MethodOutput } from '../../../shared/contract';
import { apiKey, queryClient, useApiQuery } from '../data/api-query';
import { errorText } from '../lib/format';

export type ImportRun = MethodOutput<'imports.runs'>[number];
export type ImportReport = MethodOutput<'imports.report'>;

interface RunsView {
  readonly runs: readonly ImportRun[];
  readonly error: string | null;
  readonly selectedRunId: number | null;
  readonly report: ImportReport | null;
  readonly reportError: string | null;
  readonly reportLoading: boolean;
}

interface RunsActions {
  /** Opens a run's report (null closes it). */
  select(runId: number | null): Promise<void>;
  /** Refetches the history and the open report (after an undo, for instance). */
  refresh(): Promise<void>;
}

/** Only UI state here: which run's report is open. The runs and reports are query data. */
const useSelection = create<{ readonly selectedRunId: number | null }>()(() => ({ selectedRunId: null }));

const actions: RunsActions = {
  async select(runId) {
    useSelection.setState({ selectedRunId: runId });
  },
  async refresh() {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: apiKey('imports.runs') }),
      queryClient.invalidateQueries({ queryKey: apiKey('imports.report') }),
    ]);
  },
};

/** The import history and the open report; `useRuns.getState()` gives the actions. */
export function useRuns<T>(select: (view: RunsView & RunsActions) => T): T {
  const runs = useApiQuery('imports.runs', { limit: 100 });
  const selectedRunId = useSelection((state) => state.selectedRunId);
  const report = useApiQuery('imports.report', { runId: selectedRunId ?? 1 }, { enabled: selectedRunId !== null });
  return select({
    runs: runs.data ?? [],
    error: runs.error ? errorText(runs.error) : null,
    selectedRunId,
    report: selectedRunId !== null ? (report.data ?? null) : null,
    reportError: report.error ? errorText(report.error) : null,
    reportLoading: selectedRunId !== null && report.isFetching,
    ...actions,
  });
}
useRuns.getState = (): RunsActions & { readonly selectedRunId: number | null } => ({ ...actions, selectedRunId: useSelection.getState().selectedRunId });
