import path from 'node:path';
import { ESLint } from 'eslint';
import LAYERS from '../layers.json';
import { beforeAll, describe, expect, it } from 'vitest';

// The layering rules live in eslint.config.js; these tests make sure they actually fire.
const repoRoot = path.resolve(import.meta.dirname, '..');

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: repoRoot });
});

/** Lints `code` as if it lived at `filePath` (relative to the repo root); returns the rule ids hit. */
async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, filePath) });
  expect(result, `no lint result for ${filePath}`).toBeDefined();
  const messages = result?.messages ?? [];
  expect(
    messages.filter((m) => m.fatal),
    'parse errors',
  ).toEqual([]);
  return messages.map((m) => m.ruleId ?? '');
}

/** A test that linting `lines` (one file's code) as `filePath` reports nothing. */
function itAccepts(title: string, filePath: string, lines: readonly string[]): void {
  it(title, async () => {
    expect(await ruleIds(filePath, [...lines, ''].join('\n'))).toEqual([]);
  });
}

/** One test per [file path, code] probe: linting the code as that file reports `ruleId`. */
function itReports(ruleId: string, title: string, probes: readonly (readonly [string, string])[]): void {
  it.each(probes)(title, async (filePath, code) => {
    expect(await ruleIds(filePath, code)).toContain(ruleId);
  });
}

describe('architecture: src/core, src/shared and src/cli', () => {
  itReports('no-restricted-imports', '%s may not import Electron or React', [
    ['src/core/__probe__.ts', "import { app } from 'electron';\nexport const x = app;\n"],
    ['src/core/catalog/__probe__.ts', "import { useState } from 'react';\nexport const x = useState;\n"],
    ['src/shared/__probe__.ts', "import { createRoot } from 'react-dom/client';\nexport const x = createRoot;\n"],
    ['src/cli/__probe__.ts', "import type { BrowserWindow } from 'electron';\nexport type X = BrowserWindow;\n"],
  ]);

  itReports('crossfade/no-restricted-layers', '%s may not import the app shells (main, preload, renderer)', [
    ['src/core/__probe__.ts', "import '../main/index';\n"],
    ['src/core/db/__probe__.ts', "export * from '../../renderer/src/App';\n"],
    ['src/shared/__probe__.ts', "export { x } from '../preload/index';\n"],
    ['src/cli/commands/__probe__.ts', "export const load = () => import('../../main/index');\n"],
  ]);

  itAccepts('allows Node built-ins, packages and imports within the layers', 'src/core/db/__probe__.ts', [
    "import path from 'node:path';",
    "import Database from 'better-sqlite3';",
    "import { defaultDataDir } from '../paths';",
    "import { x } from '../../shared/preload-api';",
    'export const all = [path, Database, defaultDataDir, x];',
  ]);
});

describe('architecture: src/renderer', () => {
  itAccepts('may import src/shared and React', 'src/renderer/src/__probe__.tsx', [
    "import { useState } from 'react';",
    "import type { CrossfadePreloadApi } from '../../shared/preload-api';",
    "import { helper } from './events';",
    'export const x: [typeof useState, CrossfadePreloadApi | null, typeof helper] = [useState, null, helper];',
  ]);

  it.each([
    ["import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n"],
    ["import Database from 'better-sqlite3';\nexport const x = Database;\n"],
    ["import fs from 'node:fs';\nexport const x = fs;\n"],
    ["import { readFile } from 'fs/promises';\nexport const x = readFile;\n"],
  ])('may not import Electron, better-sqlite3 or Node built-ins: %s', async (code) => {
    expect(await ruleIds('src/renderer/src/__probe__.tsx', code)).toContain('no-restricted-imports');
  });

  it.each([["import { defaultDataDir } from '../../core/paths';\nexport const x = defaultDataDir;\n"], ["import '../../main/index';\n"]])(
    'may not import src/core or src/main: %s',
    async (code) => {
      expect(await ruleIds('src/renderer/src/__probe__.tsx', code)).toContain('crossfade/no-restricted-layers');
    },
  );
});

describe('architecture: layers point one way (an allow-list per layer)', () => {
  it('is the allow-list the README and docs/architecture.md describe', () => {
    expect(LAYERS).toEqual({
      shared: [],
      core: ['shared'],
      services: ['core', 'shared'],
      bridge: ['services', 'shared'],
      main: ['services', 'shared'],
      cli: ['services', 'shared'],
      preload: ['shared'],
      renderer: ['shared'],
    });
  });

  itReports('crossfade/no-restricted-layers', '%s may not import a layer off its allow-list: %s', [
    ['src/shared/__probe__.ts', "export { openDatabase } from '../core/db/open-database';\n"],
    ['src/shared/contract/__probe__.ts', "import type { Services } from '../../services';\nexport type X = Services;\n"],
    ['src/core/__probe__.ts', "import { createServices } from '../services';\nexport const x = createServices;\n"],
    ['src/core/db/__probe__.ts', "import { main } from '../../cli/main';\nexport const x = main;\n"],
    ['src/core/__probe__.ts', "export type X = import('../services').Services;\n"],
    ['src/services/__probe__.ts', "import { startBridge } from '../bridge/server';\nexport const x = startBridge;\n"],
    ['src/cli/commands/__probe__.ts', "import { openDatabase } from '../../core/db/open-database';\nexport const x = openDatabase;\n"],
    ['src/bridge/__probe__.ts', "import { defaultDataDir } from '../core/paths';\nexport const x = defaultDataDir;\n"],
    ['src/main/__probe__.ts', "const paths = require('../core/paths');\nexport const x = paths;\n"],
    ['src/preload/__probe__.ts', "import { invokeMethod } from '../services/dispatch';\nexport const x = invokeMethod;\n"],
    ['src/renderer/src/__probe__.ts', "import { createServices } from '../../services';\nexport const x = createServices;\n"],
  ]);

  it.each([
    ['src/core/__probe__.ts', "import { contract } from '../shared/contract';\nexport const x = contract;\n"],
    [
      'src/services/__probe__.ts',
      "import { openDatabase } from '../core/db/open-database';\nimport { contract } from '../shared/contract';\nexport const x = [openDatabase, contract];\n",
    ],
    [
      'src/cli/__probe__.ts',
      "import { createServices } from '../services';\nimport { contract } from '../shared/contract';\nexport const x = [createServices, contract];\n",
    ],
    ['src/bridge/__probe__.ts', "import { invokeMethod } from '../services/dispatch';\nexport const x = invokeMethod;\n"],
    // A test may build its fixtures with the layers below its own.
    ['src/cli/commands/__probe__.test.ts', "import { openDatabase } from '../../core/db/open-database';\nexport const x = openDatabase;\n"],
  ])('%s may import its own allow-list: %s', async (filePath, code) => {
    expect(await ruleIds(filePath, code)).not.toContain('crossfade/no-restricted-layers');
  });
});
