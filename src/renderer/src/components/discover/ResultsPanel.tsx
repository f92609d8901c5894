import { useEffect, useRef } from 'react';
import { intentLabels, INTENTS, isSameKindQuery, type SoundtrackLinkData } from '../../../../shared/recommend-schemas';
import { useIntents, useRecommendations, useVibeStatus } from '../../data/recommendations';
import { errorText, plural } from '../../lib/format';
import { useDiscover } from '../../state/discover';
import { Icon } from '../Icon';
import { LinkCard, ResultCard } from './ResultCard';
import { VibeBuildNote } from './VibeIndexCard';

/** The results, first: what they are based on, the soundtrack links, then the ranked matches. */
export function ResultsPanel({ panelOpen }: { panelOpen: boolean }) {
  const { data: response, error, isFetching, query } = useRecommendations();
  const status = useVibeStatus().data ?? null;
  const picks = useDiscover((state) => state.picks);
  const taste = useDiscover((state) => state.taste);
  const similarTo = useDiscover((state) => state.similarTo);
  const target = useDiscover((state) => state.target);
  const setTarget = useDiscover((state) => state.setTarget);
  const diverse = useDiscover((state) => state.diverse);
  const makePick = useDiscover((state) => state.togglePick);
  const backToPicks = useDiscover((state) => state.backToPicks);
  const setPanelOpen = useDiscover((state) => state.setPanelOpen);
  const setIntent = useDiscover((state) => state.setIntent);
  const setFilters = useDiscover((state) => state.setFilters);
  const intents = useIntents();
  const similarRef = useRef<HTMLHeadingElement>(null);
  const built = status?.built ?? false;
  const noun = target === 'movie' ? 'Movies' : 'Songs';
  const labels = intentLabels(query !== null && isSameKindQuery(query));

  // "More like this" moves the view to its header and announces it.
  useEffect(() => {
    if (!similarTo || !similarRef.current) return;
    similarRef.current.scrollIntoView?.({ block: 'start', behavior: 'smooth' });
    similarRef.current.focus({ preventScroll: true });
  }, [similarTo]);

  const results = response?.results ?? [];
  const outOfOrder = results.some((result, index) => index > 0 && result.match > results[index - 1]!.match + 0.05);
  const groups = groupLinks(response?.links ?? []);

  return (
    <section className="card results" aria-labelledby="results-title" aria-busy={isFetching}>
      <header className="results__header">
        <h2 id="results-title">{noun} for your picks</h2>
        <div className="results__tools">
          <div className="segmented" role="group" aria-label="Recommend">
            {(['movie', 'song'] as const).map((kind) => (
              <button key={kind} type="button" className="button button--small" aria-pressed={target === kind} onClick={() => setTarget(kind)}>
                <Icon name={kind} /> {kind === 'movie' ? 'Movies' : 'Songs'}
              </button>
            ))}
          </div>
          {intents.available && (
            <div className="segmented segmented--intent" role="group" aria-label="What kind of match">
              {INTENTS.map((intent) => (
                <button
                  key={intent}
                  type="button"
                  className="button button--small"
                  aria-pressed={intents.current === intent}
                  title={`${labels[intent].label}: ${labels[intent].description}`}
                  aria-label={labels[intent].label}
                  onClick={() => setIntent(intent)}
                >
                  {labels[intent].short}
                </button>
              ))}
            </div>
          )}
          <button
            type="button"
            className="button button--small tune-button"
            aria-expanded={panelOpen}
            aria-controls="tune-panel"
            onClick={() => setPanelOpen(!panelOpen)}
          >
            <Icon name="sliders" /> {panelOpen ? 'Hide tuning' : 'Tune results'}
          </button>
        </div>
      </header>

      {similarTo ? (
        <h3 className="similar-header" ref={similarRef} tabIndex={-1} aria-live="polite">
          More like <strong>{similarTo.label}</strong>
          {' · '}
          {picks.length > 0 || taste !== null ? (
            <button type="button" className="link-button" onClick={backToPicks}>
              Back to your picks
            </button>
          ) : (
            <button type="button" className="link-button" onClick={() => makePick(similarTo)}>
              Make it a pick
            </button>
          )}
        </h3>
      ) : (
        (picks.length > 0 || taste !== null) && (
          <p className="based-on">
            <span className="muted">Based on</span>{' '}
            {picks.map((pick) => (
              <span key={`${pick.kind}-${pick.id}`} className={`chip chip--small chip--${pick.kind}`}>
                <Icon name={pick.kind} size={12} /> {pick.label}
              </span>
            ))}
            {taste !== null && <span className="chip chip--small">your taste profile</span>}
          </p>
        )
      )}

      <VibeBuildNote />
      {error && query && (
        <p className="error" role="alert">
          {errorText(error)}
        </p>
      )}
      {built && !query && <p className="empty-state">Pick one or more songs or movies to see what matches their vibe.</p>}
      {response && query && results.length === 0 && groups.length === 0 && !error && (
        <p className="empty-state">No {noun.toLowerCase()} pass these filters. Loosen the filters (genre, years, votes) to see results.</p>
      )}

      {query &&
        groups.map((group) => (
          <section key={group.label} className="link-group" aria-label={group.label}>
            <h3 className="link-group__title">
              <Icon name="link" /> {group.label}
            </h3>
            <ul className={target === 'movie' ? 'result-grid' : 'result-rows'}>
              {group.links.map((link) => (
                <LinkCard key={`${link.kind}-${link.itemId}`} link={link} />
              ))}
            </ul>
          </section>
        ))}

      {query && response && results.length > 0 && (
        <>
          <p className="muted small results__meta" aria-live="polite">
            {plural(results.length, groups.length > 0 ? 'more match' : 'match', groups.length > 0 ? 'more matches' : 'matches')} in{' '}
            {Math.round(response.elapsedMs)} ms
            {response.allowed !== null ? ` from ${response.allowed.toLocaleString()} that pass the filters` : ''}.
            {diverse && (outOfOrder ? ' Re-ranked for variety: some lower matches come earlier so the list is not all alike.' : ' Re-ranked for variety.')}
          </p>
          {response.familyFilm !== null && (
            <p className="muted small results__meta">
              Explicit songs and aggressive music are left out: {response.familyFilm} is a family film.{' '}
              <button type="button" className="link-button" onClick={() => setFilters({ includeExplicit: true })}>
                Show them
              </button>
            </p>
          )}
          <ol className={target === 'movie' ? 'result-grid' : 'result-rows'} aria-label={`${noun} ranked by match`}>
            {results.map((result, index) => (
              <ResultCard key={`${result.kind}-${result.itemId}`} result={result} rank={index + 1} />
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

function groupLinks(links: readonly SoundtrackLinkData[]): { label: string; links: SoundtrackLinkData[] }[] {
  const groups = new Map<string, SoundtrackLinkData[]>();
  for (const link of links) groups.set(link.label, [...(groups.get(link.label) ?? []), link]);
  return [...groups].map(([label, grouped]) => ({ label, links: grouped }));
}
