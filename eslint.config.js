// ESLint 10 flat config with typescript-eslint 8 (not type-aware).
import { builtinModules } from 'node:module';
import path from 'node:path';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const projectRoot = import.meta.dirname;

/**
 * Architecture (layering) rules.
 *
 * - src/core, src/shared and src/cli are plain Node/TypeScript: no Electron, no React, and no
 *   imports from the app shells (src/main, src/preload, src/renderer).
 * - src/renderer runs in a sandboxed browser page: no Electron, no Node built-ins, no
 *   better-sqlite3, and no imports from src/core or src/main (it talks to the main process
 *   through the preload API only; types it shares live in src/shared).
 *
 * Package bans use `no-restricted-imports`. Folder bans use the local rule
 * `crossfade/no-restricted-layers`, which resolves relative specifiers against the importing
 * file (a plain pattern cannot tell `../main` meaning src/main from `../main` meaning
 * src/cli/main.ts), and also covers `export ... from`, dynamic `import()` and `require()`.
 */
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A regex matching the packages (and their subpaths) exactly, e.g. `react` and `react/jsx-runtime`. */
const packagesRegex = (names) => `^(?:${names.map(escapeRegExp).join('|')})(?:/.*)?$`;

// `regex` rather than gitignore-style `group`s: a group like `react` also matches `./ui/react`.
const headlessLayerImports = {
  patterns: [
    {
      regex: packagesRegex(['electron', 'react', 'react-dom']),
      message: 'src/core, src/shared and src/cli must not depend on Electron or React.',
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

/** Resolves import specifiers and reports the ones that land inside a forbidden folder. */
const noRestrictedLayers = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid imports that cross the architecture layers (resolved paths).' },
    schema: [
      {
        type: 'object',
        properties: {
          forbidden: { type: 'array', items: { type: 'string' } },
          message: { type: 'string' },
        },
        required: ['forbidden'],
        additionalProperties: false,
      },
    ],
    messages: {
      forbidden: "'{{specifier}}' resolves into {{folder}}/, which this layer may not import. {{message}}",
    },
  },
  create(context) {
    const { forbidden, message = '' } = context.options[0];
    const folders = forbidden.map((folder) => folder.replace(/\/+$/, ''));

    function check(node, source) {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const specifier = source.value;
      let target;
      if (specifier.startsWith('.')) target = path.resolve(path.dirname(context.filename), specifier);
      else if (path.isAbsolute(specifier)) target = specifier;
      else if (specifier.startsWith('src/')) target = path.resolve(projectRoot, specifier);
      else return; // a package name
      const relative = path.relative(projectRoot, target).split(path.sep).join('/');
      const folder = folders.find((f) => relative === f || relative.startsWith(`${f}/`));
      if (folder) context.report({ node, messageId: 'forbidden', data: { specifier, folder, message } });
    }

    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      TSImportEqualsDeclaration: (node) =>
        check(node, node.moduleReference.type === 'TSExternalModuleReference' ? node.moduleReference.expression : null),
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
    plugins: { crossfade: { rules: { 'no-restricted-layers': noRestrictedLayers } } },
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module', globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
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

  // Layering: the headless core, the shared types and the CLI.
  {
    files: ['src/core/**', 'src/shared/**', 'src/cli/**'],
    rules: {
      'no-restricted-imports': ['error', headlessLayerImports],
      'crossfade/no-restricted-layers': [
        'error',
        {
          forbidden: ['src/main', 'src/preload', 'src/renderer'],
          message: 'Core, shared and CLI code must not depend on the Electron app shells.',
        },
      ],
    },
  },

  // Layering: the renderer (sandboxed web page).
  {
    files: ['src/renderer/**'],
    rules: {
      'no-restricted-imports': ['error', rendererImports],
      'crossfade/no-restricted-layers': [
        'error',
        {
          forbidden: ['src/core', 'src/main'],
          message: 'The renderer reaches the core only through the preload API; shared types live in src/shared.',
        },
      ],
    },
  },
]);
