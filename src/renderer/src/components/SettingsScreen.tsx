import { useCatalog } from '../state/catalog';
import { useSettings } from '../state/settings';
import { DataFolderField } from './DataFolderField';
import { ErrorNote } from './ErrorNote';
import { ThemeField } from './ThemeField';
import { WorkerThreadsField } from './WorkerThreadsField';

export function SettingsScreen() {
  const settings = useSettings((state) => state.settings);
  const error = useSettings((state) => state.error);
  const saved = useSettings((state) => state.saved);
  const info = useCatalog((state) => state.info);

  return (
    <div className="screen screen--settings">
      <section className="card" aria-labelledby="settings-title">
        <h2 id="settings-title">Settings</h2>
        <ErrorNote message={error} />
        <p className="visually-hidden" role="status">
          {saved ? 'Saved.' : ''}
        </p>
        {settings === null ? (
          <p className="muted">Loading the settings…</p>
        ) : (
          <div className="settings">
            <DataFolderField key={settings.dataDir} value={settings.dataDir} />
            <ThemeField value={settings.theme} />
            <WorkerThreadsField key={settings.workerThreads} value={settings.workerThreads} />
          </div>
        )}
      </section>
      {info && (
        <section className="card" aria-labelledby="about-title">
          <h2 id="about-title">About</h2>
          <dl className="about">
            <div>
              <dt>Version</dt>
              <dd>{info.version}</dd>
            </div>
            <div>
              <dt>Running as</dt>
              <dd>{info.mode === 'desktop' ? 'desktop app' : 'browser mode (local bridge)'}</dd>
            </div>
            <div>
              <dt>Catalog database</dt>
              <dd>
                <code className="path">{info.databasePath}</code>
              </dd>
            </div>
          </dl>
        </section>
      )}
    </div>
  );
}
