import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { setBackend } from './api/backend';
import { connect } from './api/connect';
import { QueryClientProvider } from '@tanstack/react-query';
import { App } from './App';
import { queryClient } from './data/api-query';
import { applyTheme, rememberedTheme } from './lib/theme';
import './styles.css';
import './discover.css';

applyTheme(rememberedTheme());

const container = document.getElementById('root');
if (!container) throw new Error('Crossfade: #root element missing from index.html');
const root = createRoot(container);

try {
  const connection = connect();
  setBackend(connection.backend);
  root.render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <App connection={connection} />
      </QueryClientProvider>
    </StrictMode>,
  );
} catch (error) {
  root.render(
    <main className="app fatal">
      <h1>Crossfade</h1>
      <p role="alert">{error instanceof Error ? error.message : String(error)}</p>
    </main>,
  );
}
