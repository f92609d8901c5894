/**
 * Browser mode: `npm run start:web [-- --port 5190 --data-dir DIR --db FILE --dev --rebuild]`.
 * Builds the renderer when its sources changed, starts the services and the bridge on 127.0.0.1,
 * and prints the address to open (it carries this run's random token).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createServices, defaultDataDir } from '../services';
import { errorMessage } from '../services/dispatch';
import { buildRenderer, createRendererDevServer, rendererIsStale, rendererOutDir } from './renderer-build';
import { startBridge } from './server';

const USAGE = `Usage: npm run start:web [-- options]

Serves Crossfade to a web browser on this computer (127.0.0.1 only), with a random access token.

Options:
  --port <n>        port to listen on (default: a free port)
  --data-dir <dir>  data folder (default: ${defaultDataDir()}; CROSSFADE_DATA_DIR also works)
  --db <file>       catalog file (default: crossfade.db in the data folder)
  --dev             serve the renderer sources with hot reload instead of the build
  --rebuild         rebuild the renderer even if it looks up to date
  --skip-build      never build the renderer (serve out/renderer as it is)
  -h, --help        show this help`;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      db: { type: 'string' },
      dev: { type: 'boolean', default: false },
      rebuild: { type: 'boolean', default: false },
      'skip-build': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, not "${values.port}".`);

  if (!values.dev && !values['skip-build'] && (values.rebuild || rendererIsStale(root))) {
    console.log('Building the renderer…');
    await buildRenderer(root);
  }
  if (!values.dev && !fs.existsSync(path.join(rendererOutDir(root), 'index.html')))
    throw new Error('out/renderer/index.html is missing: run without --skip-build.');

  const version = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const services = createServices({
    dataDir: values['data-dir'] ? path.resolve(values['data-dir']) : defaultDataDir(),
    mode: 'browser',
    version,
    ...(values.db ? { databasePath: path.resolve(values.db) } : {}),
  });
  const bridge = await startBridge({
    port,
    services,
    iconFile: path.join(root, 'build', 'icon.png'),
    ...(values.dev
      ? {
          viteDevServer: (server) => createRendererDevServer(root, server),
          indexHtml: fs.readFileSync(path.join(root, 'src', 'renderer', 'index.html'), 'utf8'),
        }
      : { rendererDir: rendererOutDir(root) }),
  });

  console.log(`\nCrossfade is running in browser mode${values.dev ? ' (development, hot reload)' : ''}.`);
  console.log(`  Open:    ${bridge.openUrl}`);
  console.log(`  Catalog: ${services.databasePath}`);
  console.log(
    '  Only this computer can connect, and only with the token in that address (after #, which your browser never sends to any server). Press Ctrl+C to stop.\n',
  );

  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(130);
    stopping = true;
    console.log('\nStopping… (running jobs keep what they have committed; Ctrl+C again to quit at once)');
    void bridge
      .close()
      .then(() => services.close())
      .then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`start:web: ${errorMessage(error)}`);
  process.exit(1);
});
