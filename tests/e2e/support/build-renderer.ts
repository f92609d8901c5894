/**
 * Builds out/renderer when its sources are newer than the build (what `npm run start:web` does
 * before it serves), so the end-to-end tests can start their servers with --skip-build.
 * Run by tests/e2e/support/renderer.ts as `node --import tsx tests/e2e/support/build-renderer.ts`.
 */
import { buildRenderer, rendererIsStale } from '../../../src/bridge/renderer-build';
import { REPO_ROOT } from './paths';

async function main(): Promise<void> {
  if (!rendererIsStale(REPO_ROOT)) {
    console.log('e2e: out/renderer is up to date.');
    return;
  }
  const started = Date.now();
  await buildRenderer(REPO_ROOT);
  console.log(`e2e: built out/renderer in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

main().catch((error: unknown) => {
  console.error(`e2e: building the renderer failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
