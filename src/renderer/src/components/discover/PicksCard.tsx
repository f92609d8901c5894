import { useApiQuery } from '../../data/api-query';
import { useDiscover } from '../../state/discover';
import { Icon } from '../Icon';

/** The picks the results are based on, and a taste profile to start from. */
export function PicksCard() {
  const picks = useDiscover((state) => state.picks);
  const taste = useDiscover((state) => state.taste);
  const removePick = useDiscover((state) => state.removePick);
  const clearPicks = useDiscover((state) => state.clearPicks);
  const setTaste = useDiscover((state) => state.setTaste);
  const profiles = useApiQuery('taste.list', {}).data ?? [];

  return (
    <section className="card picks" aria-labelledby="picks-title">
      <div className="picks__header">
        <h2 id="picks-title">Your picks</h2>
        {(picks.length > 0 || taste !== null) && (
          <button type="button" className="button button--quiet button--small" onClick={clearPicks}>
            Clear
          </button>
        )}
      </div>
      {picks.length === 0 ? (
        <p className="muted small">Search songs or click posters below: the results appear beside them.</p>
      ) : (
        <ul className="chips" aria-label="Your picks">
          {picks.map((pick) => (
            <li key={`${pick.kind}-${pick.id}`} className={`chip chip--${pick.kind}`} title={pick.detail}>
              <Icon name={pick.kind} size={14} /> <span className="chip__label">{pick.label}</span>
              <button type="button" className="chip__remove" aria-label={`Remove ${pick.label}`} onClick={() => removePick(pick.kind, pick.id)}>
                <Icon name="close" size={12} />
              </button>
            </li>
          ))}
        </ul>
      )}
      {profiles.length > 0 && (
        <label className="field field--inline taste-picker">
          <span>Start from your taste</span>
          <select className="select" value={taste ?? ''} onChange={(event) => setTaste(event.target.value === '' ? null : Number(event.target.value))}>
            <option value="">No taste profile</option>
            {profiles.map((profile) => (
              <option key={profile.id} value={profile.id}>
                {profile.name} ({profile.items.toLocaleString()} {profile.kind === 'song' ? 'songs' : 'films'})
              </option>
            ))}
          </select>
        </label>
      )}
    </section>
  );
}
