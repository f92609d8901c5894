import { useRecommendations } from '../../data/recommendations';
import { useDiscover } from '../../state/discover';
import { Icon } from '../Icon';
import { ResultControls } from './ResultControls';
import { VibeIndexCard } from './VibeIndexCard';
import { VibeMap } from './VibeMap';

/** Weights, filters, variety and the vibe map: beside the results on wide screens, a drawer on narrow ones. */
export function TunePanel({ drawer }: { drawer: boolean }) {
  const { data: response } = useRecommendations();
  const setPanelOpen = useDiscover((state) => state.setPanelOpen);
  return (
    <aside id="tune-panel" className={`discover__panel${drawer ? ' discover__panel--drawer' : ''}`} aria-label="Tune the results">
      <div className="tune__header">
        <h2>Tune</h2>
        <button type="button" className="button button--quiet button--small" aria-label="Close the tuning panel" onClick={() => setPanelOpen(false)}>
          <Icon name="close" />
        </button>
      </div>
      <ResultControls />
      {response && response.results.length > 0 && <VibeMap response={response} />}
      <VibeIndexCard />
    </aside>
  );
}
