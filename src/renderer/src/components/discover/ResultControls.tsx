import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../../../shared/contract';
import { BLOCK_LABELS, BLOCK_NAMES } from '../../../../shared/recommend-schemas';
import { backend } from '../../api/backend';
import { useDiscover } from '../../state/discover';
import { languageName } from './PosterPicker';


/** Target kind, weight sliders, filters, blend and diversity: every change re-runs the query. */
export function ResultControls() {
  const state = useDiscover();
  const weights = state.weights ?? state.response?.weights ?? state.status?.defaultWeights ?? null;
  const [genres, setGenres] = useState<MethodOutput<'catalog.genres'>>([]);
  const [languages, setLanguages] = useState<MethodOutput<'catalog.languages'>>([]);
  const movies = state.target === 'movie';

  useEffect(() => {
    void backend().api['catalog.genres']({ domain: movies ? 'movie' : 'music' }).then(setGenres).catch(() => setGenres([]));
    if (movies) void backend().api['catalog.languages']({}).then(setLanguages).catch(() => setLanguages([]));
  }, [movies]);

  return (
    <div className="result-controls">
      <fieldset className="segmented">
        <legend className="visually-hidden">Recommend</legend>
        {(['movie', 'song'] as const).map((target) => (
          <button key={target} type="button" className="button button--small" aria-pressed={state.target === target} onClick={() => state.setTarget(target)}>
            {target === 'movie' ? 'Recommend movies' : 'Recommend songs'}
          </button>
        ))}
      </fieldset>
      <fieldset className="weights">
        <legend>Weights</legend>
        {BLOCK_NAMES.map((block) => (
          <label key={block} className="weight">
            <span>{BLOCK_LABELS[block]}</span>
            <input
              type="range"
              min={0}
              max={1}
              step={0.05}
              value={weights?.[block] ?? 0}
              aria-valuetext={`${Math.round((weights?.[block] ?? 0) * 100)} %`}
              onChange={(event) => state.setWeight(block, Number(event.target.value))}
            />
            <output>{Math.round((weights?.[block] ?? 0) * 100)}</output>
          </label>
        ))}
        <button type="button" className="button button--quiet button--small" disabled={state.weights === null} onClick={state.resetWeights}>
          Reset weights
        </button>
      </fieldset>
      <fieldset className="filters">
        <legend>Filters</legend>
        <select className="select" aria-label="Result genre" value={state.filters.genres?.[0] ?? ''} onChange={(event) => state.setFilters({ genres: event.target.value ? [event.target.value] : [] })}>
          <option value="">Any genre</option>
          {genres.slice(0, 150).map((genre) => (
            <option key={genre.value} value={genre.value}>
              {genre.value}
            </option>
          ))}
        </select>
        <YearInput label="Results from year" placeholder="from" value={state.filters.yearMin} onChange={(yearMin) => state.setFilters({ yearMin })} />
        <YearInput label="Results to year" placeholder="to" value={state.filters.yearMax} onChange={(yearMax) => state.setFilters({ yearMax })} />
        {movies ? (
          <>
            <select className="select" aria-label="Result language" value={state.filters.languages?.[0] ?? ''} onChange={(event) => state.setFilters({ languages: event.target.value ? [event.target.value] : [] })}>
              <option value="">Any language</option>
              {languages.slice(0, 60).map((language) => (
                <option key={language.value} value={language.value}>
                  {languageName(language.value)}
                </option>
              ))}
            </select>
            <label className="checkbox">
              at least
              <input className="input input--votes" type="number" min={0} aria-label="Minimum votes" value={state.filters.minVotes ?? ''} onChange={(event) => state.setFilters({ minVotes: event.target.value ? Math.max(0, Math.trunc(Number(event.target.value))) : undefined })} /> votes
            </label>
            <label className="checkbox">
              <input type="checkbox" checked={state.filters.includeAdult === true} onChange={(event) => state.setFilters({ includeAdult: event.target.checked })} /> include adult titles
            </label>
          </>
        ) : (
          <label className="checkbox">
            <input type="checkbox" checked={state.filters.includeExplicit !== false} onChange={(event) => state.setFilters({ includeExplicit: event.target.checked })} /> include explicit songs
          </label>
        )}
      </fieldset>
      <div className="toggles">
        <label className="checkbox">
          <input type="checkbox" checked={state.mode === 'blend'} onChange={(event) => state.setMode(event.target.checked ? 'blend' : 'mean')} /> keep every pick represented
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={state.diverse} onChange={(event) => state.setDiverse(event.target.checked)} /> more diverse results
        </label>
      </div>
    </div>
  );
}

/** Keeps what is typed ("19…") locally and passes on only complete years (or none). */
function YearInput({ label, placeholder, value, onChange }: { label: string; placeholder: string; value: number | undefined; onChange: (year: number | undefined) => void }) {
  const [text, setText] = useState(value?.toString() ?? '');
  useEffect(() => setText((current) => (value === undefined && /^\d{4}$/.test(current) ? '' : current)), [value]);
  return (
    <input
      className="input input--year"
      type="number"
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
