const IMPORT_COMMAND = 'npm run cli -- import <file>';

interface DatasetHint {
  name: string;
  source: string;
  gives: string;
}

const DATASETS: readonly DatasetHint[] = [
  { name: 'Spotify Tracks Dataset', source: 'Hugging Face', gives: 'songs with audio features' },
  { name: 'TMDb Movies Dataset 2023', source: 'Kaggle', gives: 'movies with overviews, genres and posters' },
  { name: 'MovieLens', source: 'GroupLens', gives: 'movies with tags and ratings' },
];

function appVersion(): string | null {
  // window.crossfade is absent when the page is opened outside Electron (e.g. in a browser).
  return typeof window.crossfade === 'object' ? window.crossfade.version : null;
}

export function App() {
  const version = appVersion();
  return (
    <main className="app">
      <header className="app-header">
        <h1>Crossfade</h1>
        <p className="tagline">Songs and movies, matched by vibe. Entirely offline.</p>
      </header>

      <section className="card" aria-labelledby="first-run-title">
        <h2 id="first-run-title">Getting started</h2>
        <p>
          The library screen comes later. For now, fill your catalog from the command line with
          one or more of these public datasets (download them yourself; Crossfade never goes
          online):
        </p>
        <ul className="datasets">
          {DATASETS.map((dataset) => (
            <li key={dataset.name}>
              <strong>{dataset.name}</strong> <span className="source">({dataset.source})</span>:{' '}
              {dataset.gives}
            </li>
          ))}
        </ul>
        <p>Then import each file with:</p>
        <pre className="command">
          <code>{IMPORT_COMMAND}</code>
        </pre>
      </section>

      {version !== null && <footer className="app-footer">Version {version}</footer>}
    </main>
  );
}
