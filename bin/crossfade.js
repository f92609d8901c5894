#!/usr/bin/env node
// The `crossfade` command. Runs the bundled CLI (out/main/cli.js, produced by
// `npm run build`) when it exists; otherwise runs the TypeScript sources through tsx
// (a devDependency). Set CROSSFADE_CLI_FROM_SOURCE=1 to force the sources even after a build.
// Importing the CLI's main module runs it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundled = new URL('../out/main/cli.js', import.meta.url);
const fromSource = process.env.CROSSFADE_CLI_FROM_SOURCE === '1';

if (!fromSource && existsSync(fileURLToPath(bundled))) {
  await import(bundled.href);
} else {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    console.error('crossfade: out/main/cli.js is missing and tsx is not installed; run `npm run build` first.');
    process.exit(1);
  }
  register();
  await import(new URL('../src/cli/main.ts', import.meta.url).href);
}
