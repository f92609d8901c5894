import { create } from 'zustand';
import type { MethodOutput } from '../../../shared/contract';
import type { BlockWeightValues, ItemKind, RecommendFilterValues, RecommendResponseData } from '../../../shared/recommend-schemas';
import { FEEL_WEIGHTS } from '../../../shared/recommend-schemas';
import { backend } from '../api/backend';
import { errorText } from '../lib/format';

export type VibeStatus = MethodOutput<'vibe.status'>;

/** A picked song or movie with what its chip shows. */
export interface PickedItem {
  readonly kind: ItemKind;
  readonly id: number;
  readonly label: string;
  readonly detail: string;
  readonly posterId: number | null;
}

interface DiscoverState {
  readonly status: VibeStatus | null;
  readonly picks: readonly PickedItem[];
  /** What to recommend; follows the picks until the user chooses. */
  readonly target: ItemKind;
  readonly targetChosen: boolean;
  readonly weights: BlockWeightValues | null;
  readonly filters: RecommendFilterValues;
  readonly mode: 'mean' | 'blend';
  readonly diverse: boolean;
  readonly response: RecommendResponseData | null;
  /** The query that produced `response` (a "more like this" replaces the picks' query). */
  readonly similarTo: PickedItem | null;
  readonly loading: boolean;
  readonly error: string | null;
  refreshStatus(): Promise<void>;
  togglePick(item: PickedItem): void;
  removePick(kind: ItemKind, id: number): void;
  clearPicks(): void;
  setTarget(target: ItemKind): void;
  setWeight(block: keyof BlockWeightValues, value: number): void;
  resetWeights(): void;
  setFilters(change: Partial<RecommendFilterValues>): void;
  setMode(mode: 'mean' | 'blend'): void;
  setDiverse(diverse: boolean): void;
  moreLikeThis(item: PickedItem): void;
  backToPicks(): void;
  run(): Promise<void>;
}

let sequence = 0;
let timer: ReturnType<typeof setTimeout> | null = null;

/** Re-runs the query shortly after the last change (sliders send many), dropping stale answers. */
function schedule(get: () => DiscoverState): void {
  if (timer !== null) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = null;
    void get().run();
  }, 40);
}

const defaultTarget = (picks: readonly PickedItem[]): ItemKind => (picks.length > 0 && picks.every((pick) => pick.kind === 'movie') ? 'song' : 'movie');

export const useDiscover = create<DiscoverState>()((set, get) => ({
  status: null,
  picks: [],
  target: 'movie',
  targetChosen: false,
  weights: null,
  filters: {},
  mode: 'mean',
  diverse: false,
  response: null,
  similarTo: null,
  loading: false,
  error: null,

  async refreshStatus() {
    try {
      const status = await backend().api['vibe.status']({});
      set({ status });
      if (status.built && get().picks.length > 0 && !get().response) schedule(get);
    } catch (error) {
      set({ error: errorText(error) });
    }
  },

  togglePick(item) {
    const picks = get().picks.some((pick) => pick.kind === item.kind && pick.id === item.id)
      ? get().picks.filter((pick) => !(pick.kind === item.kind && pick.id === item.id))
      : [...get().picks, item];
    set({ picks, similarTo: null, ...(get().targetChosen ? {} : { target: defaultTarget(picks) }) });
    schedule(get);
  },
  removePick(kind, id) {
    const picks = get().picks.filter((pick) => !(pick.kind === kind && pick.id === id));
    set({ picks, similarTo: null, ...(get().targetChosen ? {} : { target: defaultTarget(picks) }) });
    schedule(get);
  },
  clearPicks() {
    set({ picks: [], response: null, similarTo: null, error: null });
  },
  setTarget(target) {
    set({ target, targetChosen: true, filters: {} });
    schedule(get);
  },
  setWeight(block, value) {
    const base = get().weights ?? get().response?.weights ?? get().status?.defaultWeights ?? FEEL_WEIGHTS;
    set({ weights: { ...base, [block]: value } });
    schedule(get);
  },
  resetWeights() {
    set({ weights: null });
    schedule(get);
  },
  setFilters(change) {
    set({ filters: { ...get().filters, ...change } });
    schedule(get);
  },
  setMode(mode) {
    set({ mode });
    schedule(get);
  },
  setDiverse(diverse) {
    set({ diverse });
    schedule(get);
  },
  moreLikeThis(item) {
    set({ similarTo: item });
    schedule(get);
  },
  backToPicks() {
    set({ similarTo: null });
    schedule(get);
  },

  async run() {
    const state = get();
    const picks = state.similarTo ? [state.similarTo] : state.picks;
    if (picks.length === 0) {
      set({ response: null, loading: false });
      return;
    }
    const ticket = ++sequence;
    set({ loading: true });
    try {
      const weights = state.weights && Object.values(state.weights).some((value) => value > 0) ? state.weights : undefined;
      const response = await backend().api['recommend.query']({
        picks: picks.map(({ kind, id }) => ({ kind, id })),
        target: state.target,
        k: 30,
        mode: state.mode,
        diversity: state.diverse ? 0.7 : 0,
        filters: cleanFilters(state.filters),
        ...(weights ? { weights } : {}),
      });
      if (ticket === sequence) set({ response, loading: false, error: null });
    } catch (error) {
      if (ticket === sequence) set({ loading: false, error: errorText(error) });
    }
  },
}));

function cleanFilters(filters: RecommendFilterValues): RecommendFilterValues {
  const clean: RecommendFilterValues = { ...filters };
  if (clean.genres?.length === 0) delete clean.genres;
  if (clean.languages?.length === 0) delete clean.languages;
  return clean;
}
