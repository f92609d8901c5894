import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const root = import.meta.dirname;
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { version: string };

export default defineConfig({
  main: {
    build: {
      // Native modules (better-sqlite3, onnxruntime-node, sharp) and every other runtime
      // dependency stay external and are loaded from node_modules at run time.
      externalizeDeps: true,
      rolldownOptions: {
        input: {
          index: resolve(root, 'src/main/index.ts'),
          // The command-line tool, bundled to out/main/cli.js (run by bin/crossfade.js).
          cli: resolve(root, 'src/cli/main.ts'),
          // The background job worker (imports, poster scans, embedding), started by src/services/jobs/job-manager.ts.
          'jobs-worker': resolve(root, 'src/services/jobs/worker.ts'),
          // The top-k engine's scan threads: src/core/engine/pool.ts looks for scan.worker.js beside the code that uses it.
          'scan.worker': resolve(root, 'src/core/engine/scan.worker.ts'),
        },
        // Shared chunks sit beside the entries, so a chunk's import.meta.url finds ./scan.worker.js.
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    define: {
      __CROSSFADE_VERSION__: JSON.stringify(pkg.version),
    },
    build: {
      // A sandboxed preload can only require('electron') and a few polyfilled built-ins, not
      // node_modules: bundle any dependency it uses (electron stays external via the preset).
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'src/preload/index.ts') },
        // Sandboxed preload scripts cannot be ES modules, and package.json says
        // "type": "module", so the preload must be CommonJS with a .cjs extension.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src/renderer'),
    build: {
      rolldownOptions: {
        input: { index: resolve(root, 'src/renderer/index.html') },
      },
    },
    plugins: [react()],
  },
});
