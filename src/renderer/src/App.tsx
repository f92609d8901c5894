import { useEffect, useState } from 'react';
import type { Connection, ConnectionState } from './api/connect';
import { LibraryScreen } from './components/LibraryScreen';
import { NavTabs, type Screen } from './components/NavTabs';
import { SettingsScreen } from './components/SettingsScreen';
import { applyTheme } from './lib/theme';
import { startLiveUpdates } from './state/live';
import { useSettings } from './state/settings';

export function App({ connection }: { connection: Connection }) {
  const [screen, setScreen] = useState<Screen>('library');
  const [link, setLink] = useState<ConnectionState>('connected');
  const theme = useSettings((state) => state.settings?.theme ?? null);

  useEffect(() => {
    if (theme) applyTheme(theme);
  }, [theme]);

  useEffect(() => {
    let stop = startLiveUpdates();
    const stopWatching = connection.onConnectionChange((state) => {
      setLink(state);
      if (state === 'connected') {
        // Events were missed while disconnected: take a fresh snapshot.
        stop();
        stop = startLiveUpdates();
      }
    });
    return () => {
      stopWatching();
      stop();
    };
  }, [connection]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <div className="brand">
          <span className="brand__logo" aria-hidden="true" />
          <div>
            <h1>Crossfade</h1>
            <p className="tagline">Songs and movies, matched by vibe. Entirely offline.</p>
          </div>
        </div>
        <NavTabs screen={screen} onChange={setScreen} />
      </header>
      {link === 'reconnecting' && (
        <p className="banner" role="alert">
          Lost the connection to Crossfade’s services; reconnecting… If this stays, restart “npm run start:web” and reload the page.
        </p>
      )}
      <main id="main" tabIndex={-1}>
        {screen === 'library' ? <LibraryScreen /> : <SettingsScreen />}
      </main>
    </div>
  );
}
