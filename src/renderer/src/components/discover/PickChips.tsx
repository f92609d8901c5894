import { useDiscover } from '../../state/discover';

export function PickChips() {
  const picks = useDiscover((state) => state.picks);
  const removePick = useDiscover((state) => state.removePick);
  const clearPicks = useDiscover((state) => state.clearPicks);
  if (picks.length === 0) return <p className="muted">Pick songs or movies below: the results appear on the right.</p>;
  return (
    <div className="chips-row">
      <ul className="chips" aria-label="Your picks">
        {picks.map((pick) => (
          <li key={`${pick.kind}-${pick.id}`} className={`chip chip--${pick.kind}`}>
            <span aria-hidden="true">{pick.kind === 'song' ? '♪' : '🎬'}</span> {pick.label}
            <button type="button" className="chip__remove" aria-label={`Remove ${pick.label}`} onClick={() => removePick(pick.kind, pick.id)}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="button button--quiet button--small" onClick={clearPicks}>
        Clear
      </button>
    </div>
  );
}
