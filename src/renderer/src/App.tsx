import { useEffect, useState } from 'react';
import type { Connection, ConnectionState } from './api/connect';
import { DiscoverScreen } from './components/DiscoverScreen';
import { LibraryScreen } from './components/LibraryScreen';
import { ListsScreen } from './components/ListsScreen';
import { NavTabs, type Screen } from './components/NavTabs';
import { SettingsScreen } from './components/SettingsScreen';
import { Toaster } from './components/Toaster';
import { applyTheme } from './lib/theme';
import { refreshEverything, startLiveUpdates } from './state/live';
import { useQueryClient } from '@tanstack/react-query';
import { isEmptyCatalog, useCatalog } from './state/catalog';
import { useSettings } from './state/settings';

export function App({ connection }: { connection: Connection }) {
  const [screen, setScreen] = useState<Screen>('library');
  const stats = useCatalog((state) => state.stats);
  const [initialChosen, setInitialChosen] = useState(false);
  // Decided once, from the first statistics: a catalog with content opens on Discover, an empty
  // one on the Library and its first-run guide. Never switched later (an import finishing must not
  // pull the user away from the Library).
  useEffect(() => {
    if (stats === null || initialChosen) return;
    setInitialChosen(true);
    if (!isEmptyCatalog(stats)) setScreen('discover');
  }, [stats, initialChosen]);
  const [link, setLink] = useState<ConnectionState>('connected');
  const theme = useSettings((state) => state.settings?.theme ?? null);

  useEffect(() => {
    if (theme) applyTheme(theme);
  }, [theme]);

  const client = useQueryClient();
  useEffect(() => {
    const stop = startLiveUpdates(client);
    const stopWatching = connection.onConnectionChange((state) => {
      setLink(state);
      // Events were missed while disconnected: everything may be stale.
      if (state === 'connected') refreshEverything(client);
    });
    return () => {
      stopWatching();
      stop();
    };
  }, [connection, client]);

  return (
    <div className={`app${screen === 'discover' ? ' app--wide' : ''}`}>
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
        <NavTabs
          screen={screen}
          onChange={(next) => {
            setInitialChosen(true);
            setScreen(next);
          }}
        />
      </header>
      {link === 'reconnecting' && (
        <p className="banner" role="alert">
          Lost the connection to Crossfade’s services; reconnecting… If this stays, restart “npm run start:web” and reload the page.
        </p>
      )}
      <main id="main" tabIndex={-1}>
        {screen === 'discover' && <DiscoverScreen />}
        {screen === 'lists' && <ListsScreen />}
        {screen === 'library' && <LibraryScreen />}
        {screen === 'settings' && <SettingsScreen />}
      </main>
      <Toaster />
    </div>
  );
}
