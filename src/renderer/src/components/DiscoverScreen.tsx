import { useEffect, useSyncExternalStore } from 'react';
import { useApiQuery } from '../data/api-query';
import { useDiscover } from '../state/discover';
import { PicksCard } from './discover/PicksCard';
import { PosterPicker } from './discover/PosterPicker';
import { ResultsPanel } from './discover/ResultsPanel';
import { SongSearch } from './discover/SongSearch';
import { TunePanel } from './discover/TunePanel';

/** At least this wide, the tuning panel sits beside the results; narrower, it is a drawer that folds away. */
const WIDE_LAYOUT = '(min-width: 1280px)';

function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (notify) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', notify);
      return () => list.removeEventListener('change', notify);
    },
    () => window.matchMedia(query).matches,
  );
}

/** Pick songs and movies on the left; results in the middle, first; weights, filters and the map in a side panel. */
export function DiscoverScreen() {
  const info = useApiQuery('app.info', {});
  const switchCatalog = useDiscover((state) => state.switchCatalog);
  const hasPicks = useDiscover((state) => state.picks.length > 0 || state.taste !== null || state.similarTo !== null);
  const panelChoice = useDiscover((state) => state.panelOpen);
  const wide = useMediaQuery(WIDE_LAYOUT);
  const panelOpen = panelChoice ?? wide;
  const setPanelOpen = useDiscover((state) => state.setPanelOpen);

  // Picks are kept per catalog: another data folder has other ids.
  useEffect(() => {
    if (info.data) switchCatalog(info.data.databasePath);
  }, [info.data, switchCatalog]);

  return (
    <div
      className={`screen screen--discover discover${hasPicks ? ' discover--has-picks' : ''}${panelOpen ? ' discover--panel-open' : ''}${wide ? ' discover--wide' : ''}`}
    >
      <div className="discover__picker">
        <PicksCard />
        <SongSearch />
        <PosterPicker />
      </div>
      <div className="discover__results">
        <ResultsPanel panelOpen={panelOpen} />
      </div>
      {panelOpen && (
        <>
          {!wide && <div className="discover__scrim" aria-hidden="true" onClick={() => setPanelOpen(false)} />}
          <TunePanel drawer={!wide} />
        </>
      )}
    </div>
  );
}
