// ESLint 10 flat config with typescript-eslint 8 (not type-aware).
import { builtinModules } from 'node:module';
import path from 'node:path';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import eslintConfigPrettier from 'eslint-config-prettier/flat';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import layers from './layers.json' with { type: 'json' };

const projectRoot = import.meta.dirname;

/**
 * Architecture (layering) rules.
 *
 * LAYERS (layers.json) is an allow-list: the folders of src/ each layer may import besides its own. Layers point
 * one way: shared is the bottom (names and schemas every layer uses), core the engine (SQL,
 * importers, vibe), services the one API the three shells (desktop main, browser bridge, CLI)
 * call; preload and the renderer see shared only. The local rule `crossfade/no-restricted-layers` resolves
 * relative specifiers against the importing file (a plain pattern cannot tell `../main` meaning
 * src/main from `../main` meaning src/cli/main.ts), and covers `export ... from`, dynamic
 * `import()` and `require()`. A test may also reach the layers below its own, to build fixtures.
 *
 * Package bans use `no-restricted-imports`:
 * - src/core, src/shared, src/services, src/bridge and src/cli are plain Node/TypeScript: no Electron, no React.
 * - src/renderer runs in a sandboxed browser page: no Electron, no Node built-ins, no better-sqlite3.
 */
export const LAYERS = layers;

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A regex matching the packages (and their subpaths) exactly, e.g. `react` and `react/jsx-runtime`. */
const packagesRegex = (names) => `^(?:${names.map(escapeRegExp).join('|')})(?:/.*)?$`;

// `regex` rather than gitignore-style `group`s: a group like `react` also matches `./ui/react`.
const headlessLayerImports = {
  patterns: [
    {
      regex: packagesRegex(['electron', 'react', 'react-dom']),
      message: 'src/core, src/shared, src/services, src/bridge and src/cli must not depend on Electron or React.',
    },
  ],
};

const rendererImports = {
  patterns: [
    {
      regex: packagesRegex(['electron', 'better-sqlite3']),
      message: 'The renderer is sandboxed: reach the main process through the preload API (window.crossfade).',
    },
    {
      regex: `^node:|${packagesRegex(builtinModules.filter((name) => !name.startsWith('_')))}`,
      message: 'The renderer is a sandboxed web page: no Node built-ins.',
    },
  ],
};

/** Every layer below `layer` (what a test of that layer may use for its fixtures). */
function layersBelow(layer) {
  const below = new Set();
  const visit = (name) => {
    for (const next of LAYERS[name] ?? []) {
      if (below.has(next)) continue;
      below.add(next);
      visit(next);
    }
  };
  visit(layer);
  return below;
}

const TEST_FILE = /\.test\.tsx?$/;

/** Resolves import specifiers and reports the ones that land in a layer the importing file's layer may not import. */
const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Each layer of src/ imports only the layers on its allow-list (resolved paths).' },
    schema: [],
    messages: {
      forbidden: "'{{specifier}}' resolves into src/{{target}}/, which src/{{layer}}/ may not import (it may import: {{allowed}}).",
    },
  },
  create(context) {
    const own = path.relative(projectRoot, context.filename).split(path.sep);
    if (own[0] !== 'src' || !(own[1] in LAYERS)) return {};
    const layer = own[1];
    const allowed = new Set(TEST_FILE.test(context.filename) ? layersBelow(layer) : LAYERS[layer]);

    function check(node, source) {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const specifier = source.value;
      let target;
      if (specifier.startsWith('.')) target = path.resolve(path.dirname(context.filename), specifier);
      else if (path.isAbsolute(specifier)) target = specifier;
      else if (specifier.startsWith('src/')) target = path.resolve(projectRoot, specifier);
      else return; // a package name
      const [top, folder] = path.relative(projectRoot, target).split(path.sep);
      if (top !== 'src' || folder === layer || allowed.has(folder) || !folder) return;
      const list = [...LAYERS[layer]].map((name) => `src/${name}`).join(', ') || 'nothing but itself';
      context.report({ node, messageId: 'forbidden', data: { specifier, target: folder, layer, allowed: list } });
    }

    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      TSImportEqualsDeclaration: (node) => check(node, node.moduleReference.type === 'TSExternalModuleReference' ? node.moduleReference.expression : null),
      // typescript-eslint 8 names the specifier `source` (a Literal); `argument` is its deprecated older name.
      TSImportType: (node) => check(node, node.source),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') check(node, node.arguments[0]);
      },
    };
  },
};

export default defineConfig([
  globalIgnores(['src/core/engine/wasm/kernel-wasm.ts', 'out/', 'node_modules/', 'dist/', 'release/', 'coverage/', '.tmp/', 'bench/results/']),

  js.configs.recommended,
  tseslint.configs.recommended,

  {
    plugins: { crossfade: { rules: { 'no-restricted-layers': layersRule } } },
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module', globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'crossfade/no-restricted-layers': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
    },
  },

  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },

  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },

  {
    files: ['src/preload/**'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },

  // Packages: the headless layers.
  {
    files: ['src/core/**', 'src/shared/**', 'src/services/**', 'src/bridge/**', 'src/cli/**'],
    rules: { 'no-restricted-imports': ['error', headlessLayerImports] },
  },

  // Packages: the renderer (sandboxed web page).
  {
    files: ['src/renderer/**'],
    rules: { 'no-restricted-imports': ['error', rendererImports] },
  },

  // Formatting is Prettier's (npm run format:check): turn off the stylistic rules it owns.
  eslintConfigPrettier,
]);
