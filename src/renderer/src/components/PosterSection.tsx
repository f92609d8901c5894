import { useId, type FormEvent } from 'react';
import { plural } from '../lib/format';
import { useCatalog, useModelStatus } from '../state/catalog';
import { isActive, useJobs } from '../state/jobs';
import { usePosters, type NumericIds } from '../state/posters';
import { ErrorNote } from './ErrorNote';
import { BrowseButton, PathInput } from './PathInput';
import { ModelStatusNote } from './ModelStatusNote';

/** Link a folder of poster images to the catalog's movies, then compute their embeddings. */
export function PosterSection() {
  const id = useId();
  const { folder, mapFile, numericIds, retryFailed, scanError, embedError, starting } = usePosters();
  const { edit, scan, embed } = usePosters.getState();
  const stats = useCatalog((state) => state.stats);
  const { model } = useModelStatus();
  const embedding = useJobs((state) => Object.values(state.jobs).some((job) => job.kind === 'embed-posters' && isActive(job)));
  const scanning = useJobs((state) => Object.values(state.jobs).some((job) => job.kind === 'scan-posters' && isActive(job)));

  const showScanError = (message: string) => usePosters.setState({ scanError: message });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void scan();
  };

  return (
    <section className="card" aria-labelledby="posters-title">
      <h2 id="posters-title">Posters</h2>
      <form onSubmit={submit} className="poster-form">
        <p className="muted small">Import the movies first. Files are matched by TMDb or IMDb id, TMDb poster file name, or a mapping CSV.</p>
        <div className="field">
          <label htmlFor={`${id}-folder`}>Poster folder</label>
          <div className="path-form__row">
            <PathInput
              id={`${id}-folder`}
              value={folder}
              placeholder="/home/me/posters"
              aria-describedby={`${id}-folder-hint`}
              onPathChange={(path) => edit({ folder: path })}
            />
            <BrowseButton dialog={{ kind: 'folder', title: 'Poster folder' }} onPath={(path) => edit({ folder: path })} onError={showScanError} />
          </div>
          <p className="muted small" id={`${id}-folder-hint`}>
            The full path of a folder of .jpg, .png or .webp files on this computer (searched with its subfolders).
          </p>
        </div>
        <details className="poster-form__more">
          <summary>More options</summary>
          <div className="field">
            <label htmlFor={`${id}-map`}>Mapping CSV (optional)</label>
            <PathInput id={`${id}-map`} value={mapFile} placeholder="/home/me/posters/index.csv" onPathChange={(path) => edit({ mapFile: path })} />
            <BrowseButton
              dialog={{ kind: 'file', title: 'Mapping CSV', filters: [{ name: 'CSV files', extensions: ['csv', 'tsv', 'txt'] }] }}
              onPath={(path) => edit({ mapFile: path })}
              onError={showScanError}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-numeric`}>A numeric file name such as 114709.jpg is</label>
            <select id={`${id}-numeric`} className="select" value={numericIds} onChange={(event) => edit({ numericIds: event.target.value as NumericIds })}>
              <option value="auto">detected automatically</option>
              <option value="imdb">an IMDb id</option>
              <option value="tmdb">a TMDb id</option>
            </select>
          </div>
        </details>
        <ErrorNote message={scanError} />
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={starting === 'scan' || scanning}>
            {scanning ? 'Linking posters…' : 'Link posters'}
          </button>
        </div>
      </form>

      <div className="poster-embed">
        <h3>Poster embeddings</h3>
        <p className="muted small">
          Crossfade looks at each poster once with an image model, so a poster's look can take part in matching.
          {stats && ` ${plural(stats.posters, 'poster')}, ${plural(stats.moviesWithPoster, 'movie')} with a poster.`}
        </p>
        <ModelStatusNote />
        <label className="checkbox">
          <input type="checkbox" checked={retryFailed} onChange={(event) => edit({ retryFailed: event.target.checked })} />
          Retry posters that failed before
        </label>
        <ErrorNote message={embedError} />
        <div className="actions">
          <button
            type="button"
            className="button button--primary"
            disabled={starting === 'embed' || embedding || model?.available === false || stats?.posters === 0}
            onClick={() => void embed()}
          >
            {embedding ? 'Computing embeddings…' : 'Compute embeddings'}
          </button>
        </div>
        {stats?.posters === 0 && <p className="muted small">Link a poster folder first.</p>}
      </div>
    </section>
  );
}
