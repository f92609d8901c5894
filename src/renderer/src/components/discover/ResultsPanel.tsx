import { useDiscover } from '../../state/discover';
import { ResultCard } from './ResultCard';
import { ResultControls } from './ResultControls';
import { VibeMap } from './VibeMap';

export function ResultsPanel() {
  const response = useDiscover((state) => state.response);
  const loading = useDiscover((state) => state.loading);
  const error = useDiscover((state) => state.error);
  const picks = useDiscover((state) => state.picks);
  const similarTo = useDiscover((state) => state.similarTo);
  const target = useDiscover((state) => state.target);
  const built = useDiscover((state) => state.status?.built ?? false);
  const makePick = useDiscover((state) => state.togglePick);
  const backToPicks = useDiscover((state) => state.backToPicks);

  return (
    <section className="card results" aria-labelledby="results-title" aria-busy={loading}>
      <h2 id="results-title">{target === 'movie' ? 'Movies' : 'Songs'} that feel the same</h2>
      <ResultControls />
      {similarTo && (
        <p className="similar-note">
          More like <strong>{similarTo.label}</strong>.{' '}
          {picks.length > 0 && (
            <button type="button" className="button button--quiet button--small" onClick={backToPicks}>
              Back to your picks
            </button>
          )}
          {picks.length === 0 && (
            <button type="button" className="button button--quiet button--small" onClick={() => makePick(similarTo)}>
              Make it a pick
            </button>
          )}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!built && <p className="empty-state">Build the vibe space above to get recommendations.</p>}
      {built && picks.length === 0 && !similarTo && <p className="empty-state">Pick one or more songs or movies to see what matches their vibe.</p>}
      {response && response.results.length === 0 && !error && (
        <p className="empty-state">No {target === 'movie' ? 'movies' : 'songs'} pass these filters. Loosen the filters (genre, years, votes) to see results.</p>
      )}
      {response && response.results.length > 0 && (
        <>
          <p className="muted small" aria-live="polite">
            {response.results.length} results in {Math.round(response.elapsedMs)} ms{response.allowed !== null ? ` from ${response.allowed.toLocaleString()} that pass the filters` : ''}.
          </p>
          <VibeMap response={response} />
          <ol className="result-list">
            {response.results.map((result, index) => (
              <ResultCard key={`${result.kind}-${result.itemId}`} result={result} rank={index + 1} />
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
