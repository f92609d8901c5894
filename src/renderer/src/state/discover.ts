import { create } from 'zustand';
import type { BlockWeightValues, Intent, ItemKind, RecommendFilterValues, RecommendQuery } from '../../../shared/recommend-schemas';

/** A picked song or movie with what its chip shows. */
export interface PickedItem {
  readonly kind: ItemKind;
  readonly id: number;
  readonly label: string;
  readonly detail: string;
  readonly posterId: number | null;
}

/**
 * Discover's UI state only: picks, weights, filters, intent, panels. The recommendations
 * themselves are query data (useApiQuery('recommend.query', recommendQueryOf(state))).
 */
interface DiscoverState {
  /** The catalog the picks belong to (app.info databasePath): picks are kept per catalog. */
  readonly catalog: string | null;
  readonly picks: readonly PickedItem[];
  /** A taste profile (taste.list) the results start from, with or without picks. */
  readonly taste: number | null;
  /** What to recommend; follows the picks until the user chooses. */
  readonly target: ItemKind;
  readonly targetChosen: boolean;
  /** The user's weights (shares summing to 1), or null for the intent's own. */
  readonly weights: BlockWeightValues | null;
  /** The chosen intent, or null for the model's default. */
  readonly intent: Intent | null;
  readonly filters: RecommendFilterValues;
  readonly mode: 'mean' | 'blend';
  readonly diverse: boolean;
  /** "More like this": results for this one item instead of the picks. */
  readonly similarTo: PickedItem | null;
  /** The tuning panel (weights, filters, map): open or folded away. */
  readonly panelOpen: boolean | null;
  switchCatalog(catalog: string): void;
  togglePick(item: PickedItem): void;
  removePick(kind: ItemKind, id: number): void;
  clearPicks(): void;
  setTaste(taste: number | null): void;
  setTarget(target: ItemKind): void;
  setWeights(weights: BlockWeightValues | null): void;
  setIntent(intent: Intent): void;
  setFilters(change: Partial<RecommendFilterValues>): void;
  setMode(mode: 'mean' | 'blend'): void;
  setDiverse(diverse: boolean): void;
  moreLikeThis(item: PickedItem): void;
  backToPicks(): void;
  setPanelOpen(open: boolean): void;
}

const STORAGE_PREFIX = 'crossfade.discover:';

interface Saved {
  readonly picks: readonly PickedItem[];
  readonly taste: number | null;
}

function load(catalog: string): Saved {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_PREFIX + catalog) ?? 'null') as Partial<Saved> | null;
    const picks = Array.isArray(saved?.picks) ? saved.picks.filter(isPickedItem) : [];
    return { picks, taste: typeof saved?.taste === 'number' ? saved.taste : null };
  } catch {
    return { picks: [], taste: null };
  }
}

function isPickedItem(value: unknown): value is PickedItem {
  const item = value as Partial<PickedItem> | null;
  return (
    item !== null &&
    typeof item === 'object' &&
    (item.kind === 'song' || item.kind === 'movie') &&
    Number.isSafeInteger(item.id) &&
    typeof item.label === 'string' &&
    typeof item.detail === 'string' &&
    (item.posterId === null || Number.isSafeInteger(item.posterId))
  );
}

function save(state: Pick<DiscoverState, 'catalog' | 'picks' | 'taste'>): void {
  if (state.catalog === null) return;
  try {
    localStorage.setItem(STORAGE_PREFIX + state.catalog, JSON.stringify({ picks: state.picks, taste: state.taste } satisfies Saved));
  } catch {
    // Storage full or disabled: picks then last for this session only.
  }
}

const defaultTarget = (picks: readonly PickedItem[]): ItemKind => (picks.length > 0 && picks.every((pick) => pick.kind === 'movie') ? 'song' : 'movie');
const same = (a: { kind: ItemKind; id: number }, kind: ItemKind, id: number) => a.kind === kind && a.id === id;

export const useDiscover = create<DiscoverState>()((set, get) => {
  const setPicks = (picks: readonly PickedItem[]) => {
    set({ picks, similarTo: null, ...(get().targetChosen ? {} : { target: defaultTarget(picks) }) });
    save(get());
  };
  return {
    catalog: null,
    picks: [],
    taste: null,
    target: 'movie',
    targetChosen: false,
    weights: null,
    intent: null,
    filters: {},
    mode: 'mean',
    diverse: false,
    similarTo: null,
    panelOpen: null,

    switchCatalog(catalog) {
      if (get().catalog === catalog) return;
      const saved = load(catalog);
      set({ catalog, picks: saved.picks, taste: saved.taste, similarTo: null, target: get().targetChosen ? get().target : defaultTarget(saved.picks) });
    },
    togglePick(item) {
      const picks = get().picks;
      setPicks(picks.some((pick) => same(pick, item.kind, item.id)) ? picks.filter((pick) => !same(pick, item.kind, item.id)) : [...picks, item]);
    },
    removePick(kind, id) {
      setPicks(get().picks.filter((pick) => !same(pick, kind, id)));
    },
    clearPicks() {
      set({ taste: null });
      setPicks([]);
    },
    setTaste(taste) {
      set({ taste, similarTo: null });
      save(get());
    },
    setTarget(target) {
      set({ target, targetChosen: true, filters: {} });
    },
    setWeights(weights) {
      set({ weights });
    },
    setIntent(intent) {
      // An intent starts from its own weights.
      set({ intent, weights: null });
    },
    setFilters(change) {
      set({ filters: { ...get().filters, ...change } });
    },
    setMode(mode) {
      set({ mode });
    },
    setDiverse(diverse) {
      set({ diverse });
    },
    moreLikeThis(item) {
      set({ similarTo: item });
    },
    backToPicks() {
      set({ similarTo: null });
    },
    setPanelOpen(open) {
      set({ panelOpen: open });
    },
  };
});

/** The recommend.query request for the current state, or null when there is nothing to recommend from. */
export function recommendQueryOf(
  state: Pick<DiscoverState, 'picks' | 'taste' | 'target' | 'weights' | 'intent' | 'filters' | 'mode' | 'diverse' | 'similarTo'>,
  intentsAvailable: boolean,
): RecommendQuery | null {
  const picks = state.similarTo ? [state.similarTo] : state.picks;
  const taste = state.similarTo ? null : state.taste;
  if (picks.length === 0 && taste === null) return null;
  const filters = cleanFilters(state.filters, state.target);
  return {
    picks: picks.map(({ kind, id }) => ({ kind, id })),
    ...(taste !== null ? { taste } : {}),
    target: state.target,
    k: 30,
    mode: state.mode,
    diversity: state.diverse ? 0.7 : 0,
    ...(Object.keys(filters).length > 0 ? { filters } : {}),
    ...(state.weights ? { weights: state.weights } : {}),
    ...(intentsAvailable && state.intent ? { intent: state.intent } : {}),
  };
}

function cleanFilters(filters: RecommendFilterValues, target: ItemKind): RecommendFilterValues {
  const clean: RecommendFilterValues = { ...filters };
  if (clean.genres?.length === 0) delete clean.genres;
  if (clean.languages?.length === 0) delete clean.languages;
  if (clean.minVotes === undefined) delete clean.minVotes;
  if (clean.yearMin === undefined) delete clean.yearMin;
  if (clean.yearMax === undefined) delete clean.yearMax;
  // "Only songs I have" is a songs filter.
  if (target !== 'song' || !clean.onlyLocal) delete clean.onlyLocal;
  return clean;
}
