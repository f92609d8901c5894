import { formatBytes, formatCount } from '../lib/format';
import { useCatalog } from '../state/catalog';
import { ErrorNote } from './ErrorNote';

export function CatalogStats() {
  const stats = useCatalog((state) => state.stats);
  const error = useCatalog((state) => state.error);
  return (
    <section className="card" aria-labelledby="stats-title">
      <h2 id="stats-title">Catalog</h2>
      <ErrorNote message={error} />
      {stats === null ? (
        <p className="muted">Loading the catalog statistics…</p>
      ) : (
        <dl className="stats" aria-live="polite">
          <Stat name="Songs" value={stats.songs} id="stat-songs" />
          <Stat name="with audio features" value={stats.songsWithAudioFeatures} sub />
          <Stat name="Movies" value={stats.movies} id="stat-movies" />
          <Stat name="with a poster" value={stats.moviesWithPoster} sub id="stat-movies-with-poster" />
          <Stat name="Posters" value={stats.posters} id="stat-posters" />
          <Stat name="Music genres" value={stats.musicGenres} />
          <Stat name="Movie genres" value={stats.movieGenres} />
          <Stat name="Keywords" value={stats.keywords} />
          <Stat name="Sources" value={stats.sources} />
          <Stat name="Import runs" value={stats.importRuns} />
          <div className="stats__item">
            <dt>Database</dt>
            <dd>{formatBytes(stats.databaseBytes)}</dd>
          </div>
        </dl>
      )}
    </section>
  );
}

function Stat({ name, value, sub = false, id }: { name: string; value: number; sub?: boolean; id?: string }) {
  return (
    <div className={`stats__item${sub ? ' stats__item--sub' : ''}`} data-testid={id}>
      <dt>{name}</dt>
      <dd>{formatCount(value)}</dd>
    </div>
  );
}
