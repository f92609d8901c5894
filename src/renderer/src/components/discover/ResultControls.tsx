import { useEffect, useState } from 'react';
import { BLOCK_HINTS, BLOCK_LABELS, BLOCK_NAMES, INTENT_LABELS } from '../../../../shared/recommend-schemas';
import { useApiQuery } from '../../data/api-query';
import { useIntents, useRecommendations, useShownWeights, useVibeStatus } from '../../data/recommendations';
import { languageName } from '../../lib/languages';
import { percentages, setShare } from '../../lib/weights';
import { useDiscover } from '../../state/discover';
import { Icon } from '../Icon';

/** Weights as shares, filters, blend and variety: every change re-runs the query. */
export function ResultControls() {
  const state = useDiscover();
  const status = useVibeStatus().data ?? null;
  const recommendations = useRecommendations();
  const weights = useShownWeights();
  const intents = useIntents();
  const movies = state.target === 'movie';
  const genres = useApiQuery('catalog.genres', { domain: movies ? 'movie' : 'music' }).data ?? [];
  const languages = useApiQuery('catalog.languages', {}, { enabled: movies }).data ?? [];
  const shown = weights ? percentages(weights) : null;

  return (
    <div className="result-controls">
      <fieldset className="weights">
        <legend>What matters</legend>
        {!status?.built || !weights || !shown ? (
          <p className="muted small">The weights appear once the vibe space is built: it happens on its own after your first songs and movies are imported.</p>
        ) : (
          <>
            {BLOCK_NAMES.map((block) => (
              <label key={block} className="weight">
                <span className="weight__name" title={BLOCK_HINTS[block]}>
                  {BLOCK_LABELS[block]}
                </span>
                <input
                  className="slider"
                  type="range"
                  min={0}
                  max={100}
                  step={1}
                  value={shown[block]}
                  style={{ '--fill': `${shown[block]}%` } as React.CSSProperties}
                  aria-valuetext={`${shown[block]} % of the match`}
                  onChange={(event) => state.setWeights(setShare(weights, block, Number(event.target.value) / 100))}
                />
                <output className="weight__value">{shown[block]}%</output>
              </label>
            ))}
            <div className="weights__footer">
              <span className="muted small">Shares of the match; they always add up to 100%.</span>
              <button type="button" className="button button--quiet button--small" disabled={state.weights === null} onClick={() => state.setWeights(null)}>
                <Icon name="reset" /> Reset
              </button>
            </div>
          </>
        )}
        {status?.built && !intents.available && (
          <p className="muted small">
            Rebuild the vibe space (below) to choose between “{INTENT_LABELS.soundtrack.label}” and “{INTENT_LABELS.feel.label}”: this one was built by an older
            version.
          </p>
        )}
      </fieldset>
      <fieldset className="filters">
        <legend>Filters</legend>
        <label className="field">
          <span>Genre</span>
          <select
            className="select"
            aria-label="Result genre"
            value={state.filters.genres?.[0] ?? ''}
            onChange={(event) => state.setFilters({ genres: event.target.value ? [event.target.value] : [] })}
          >
            <option value="">Any genre</option>
            {genres.slice(0, 150).map((genre) => (
              <option key={genre.value} value={genre.value}>
                {genre.value}
              </option>
            ))}
          </select>
        </label>
        <div className="field field--years">
          <span>Years</span>
          <YearInput label="Results from year" placeholder="from" value={state.filters.yearMin} onChange={(yearMin) => state.setFilters({ yearMin })} />
          <span aria-hidden="true">–</span>
          <YearInput label="Results to year" placeholder="to" value={state.filters.yearMax} onChange={(yearMax) => state.setFilters({ yearMax })} />
        </div>
        {movies ? (
          <>
            <label className="field">
              <span>Language</span>
              <select
                className="select"
                aria-label="Result language"
                value={state.filters.languages?.[0] ?? ''}
                onChange={(event) => state.setFilters({ languages: event.target.value ? [event.target.value] : [] })}
              >
                <option value="">Any language</option>
                {languages
                  .filter((language) => /^[a-z]{2}$/.test(language.value) && language.value !== 'xx')
                  .slice(0, 60)
                  .map((language) => (
                    <option key={language.value} value={language.value}>
                      {languageName(language.value)}
                    </option>
                  ))}
              </select>
            </label>
            <label className="field">
              <span>At least this many votes</span>
              <input
                className="input input--votes"
                type="number"
                min={0}
                inputMode="numeric"
                aria-label="Minimum votes"
                placeholder="any"
                value={state.filters.minVotes ?? ''}
                onChange={(event) => state.setFilters({ minVotes: event.target.value ? Math.max(0, Math.trunc(Number(event.target.value))) : undefined })}
              />
            </label>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={state.filters.includeAdult === true}
                onChange={(event) => state.setFilters({ includeAdult: event.target.checked })}
              />{' '}
              Include adult titles
            </label>
          </>
        ) : (
          <>
            <label className="checkbox">
              <input
                type="checkbox"
                // Unchosen, a family film among the picks leaves them out (the results say so).
                checked={state.filters.includeExplicit ?? (recommendations.data?.familyFilm ?? null) === null}
                onChange={(event) => state.setFilters({ includeExplicit: event.target.checked })}
              />{' '}
              Include explicit songs
            </label>
            <label className="checkbox">
              <input type="checkbox" checked={state.filters.onlyLocal === true} onChange={(event) => state.setFilters({ onlyLocal: event.target.checked })} />{' '}
              Only songs I have
            </label>
          </>
        )}
      </fieldset>
      <fieldset className="toggles">
        <legend>Mix</legend>
        <label className="checkbox">
          <input type="checkbox" checked={state.mode === 'blend'} onChange={(event) => state.setMode(event.target.checked ? 'blend' : 'mean')} /> Keep every
          pick represented
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={state.diverse} onChange={(event) => state.setDiverse(event.target.checked)} /> More diverse results (re-ranks for
          variety)
        </label>
      </fieldset>
    </div>
  );
}

/** Keeps what is typed ("19…") locally and passes on only complete years (or none). */
function YearInput({
  label,
  placeholder,
  value,
  onChange,
}: {
  label: string;
  placeholder: string;
  value: number | undefined;
  onChange: (year: number | undefined) => void;
}) {
  const [text, setText] = useState(value?.toString() ?? '');
  useEffect(() => setText((current) => (value === undefined && /^\d{4}$/.test(current) ? '' : current)), [value]);
  return (
    <input
      className="input input--year"
      type="number"
      inputMode="numeric"
      aria-label={label}
      placeholder={placeholder}
      value={text}
      onChange={(event) => {
        setText(event.target.value);
        const year = Math.trunc(Number(event.target.value));
        if (event.target.value === '') onChange(undefined);
        else if (year >= 1800 && year <= 2200) onChange(year);
      }}
    />
  );
}
