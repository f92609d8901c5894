import { useEffect } from 'react';
import { useLists } from '../state/lists';
import { PickChips } from './discover/PickChips';
import { PosterPicker } from './discover/PosterPicker';
import { ResultsPanel } from './discover/ResultsPanel';
import { SongSearch } from './discover/SongSearch';
import { VibeIndexCard } from './discover/VibeIndexCard';

/** Pick songs and movies on the left; see what matches their vibe on the right. */
export function DiscoverScreen() {
  const refreshLists = useLists((state) => state.refresh);
  useEffect(() => {
    void refreshLists();
  }, [refreshLists]);
  return (
    <div className="screen screen--discover">
      <VibeIndexCard />
      <div className="discover-grid">
        <div className="discover-grid__picks">
          <section className="card picks" aria-labelledby="picks-title">
            <h2 id="picks-title">Your picks</h2>
            <PickChips />
          </section>
          <SongSearch />
          <PosterPicker />
        </div>
        <div className="discover-grid__results">
          <ResultsPanel />
        </div>
      </div>
    </div>
  );
}
