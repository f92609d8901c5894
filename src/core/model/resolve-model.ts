import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultDataDir } from '../paths.js';

/** Environment variable naming an ONNX model file (beats the setting and the models/ folders). */
export const MODEL_ENV_VAR = 'CROSSFADE_MODEL';

/**
 * File names looked for in the models/ folders, in order: the shared int8 model that
 * `npm run setup` copies, then the ONNX Model Zoo's float32 MobileNetV2 (which has no
 * `embedding` output; the loader adds one).
 */
export const MODEL_FILE_NAMES = ['mobilenetv2-int8.onnx', 'mobilenetv2-12.onnx'] as const;

/**
 * Where a model came from, in resolution order:
 * - `option`: an explicit path given for this run (the CLI's `--model`);
 * - `env`: the CROSSFADE_MODEL environment variable;
 * - `setting`: the path saved in the app's settings;
 * - `app`: the app's own models/ folder (the checkout or the installed app's resources);
 * - `data-dir`: models/ in the per-user data folder (src/core/paths.ts defaultDataDir()).
 */
export type ModelSource = 'option' | 'env' | 'setting' | 'app' | 'data-dir';

export interface ModelLocation {
  readonly path: string;
  readonly source: ModelSource;
}

/** One place that was looked at, for messages like "looked for X in Y". */
export interface ModelSearchStep {
  readonly source: ModelSource;
  /** Absolute path looked at, or null when the option/variable/setting was not set. */
  readonly path: string | null;
  readonly found: boolean;
}

export interface ResolveModelOptions {
  /** An explicit path for this run (CLI `--model`). A path that does not exist is an error, never skipped. */
  readonly explicitPath?: string | null;
  /** The model path saved in the app's settings. A path that does not exist is an error, never skipped. */
  readonly settingPath?: string | null;
  readonly env?: NodeJS.ProcessEnv;
  /** The app's models/ folders (default: models/ of the app root and of Electron's resources folder). */
  readonly appModelDirs?: readonly string[];
  /** The per-user data folder (default: defaultDataDir(env)); models are looked for in its models/ subfolder. */
  readonly dataDir?: string;
}

export interface ModelResolution {
  /** The model to use, or null when none was found (see `searched` and `message`). */
  readonly location: ModelLocation | null;
  readonly searched: readonly ModelSearchStep[];
  /** Null when found; otherwise what was looked for where, and what to do. */
  readonly message: string | null;
}

const SOURCE_LABELS: Record<ModelSource, string> = {
  option: '--model',
  env: MODEL_ENV_VAR,
  setting: 'model setting',
  app: "app's models folder",
  'data-dir': 'data folder',
};

/** Thrown when no usable model file can be found; the message says where it looked and what to do. */
export class ModelNotFoundError extends Error {
  constructor(
    message: string,
    readonly searched: readonly ModelSearchStep[],
  ) {
    super(message);
    this.name = 'ModelNotFoundError';
  }
}

/**
 * The app root: the nearest folder above this module with the app's package.json. That is the
 * checkout when running from src/ (vitest, tsx) or from out/main/ (electron-vite build), and
 * app.asar in a packaged app.
 */
export function appRootDir(start = path.dirname(fileURLToPath(import.meta.url))): string | null {
  let dir = start;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    try {
      const parsed = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: unknown };
      if (parsed.name === 'crossfade') return dir;
    } catch {
      // no (readable) package.json here: keep walking up
    }
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** The app's models/ folders: `<app root>/models` and, in a packaged Electron app, `<resources>/models`. */
export function defaultAppModelDirs(): string[] {
  const dirs: string[] = [];
  const root = appRootDir();
  if (root) dirs.push(path.join(root, 'models'));
  const resourcesPath = (process as { resourcesPath?: unknown }).resourcesPath;
  if (typeof resourcesPath === 'string' && resourcesPath) dirs.push(path.join(resourcesPath, 'models'));
  return [...new Set(dirs)];
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Finds the MobileNetV2 ONNX model: `--model`, then CROSSFADE_MODEL, then the saved setting,
 * then the app's models/ folder, then models/ in the per-user data folder. An explicit path
 * (option, variable or setting) that does not point to a file stops the search with an error,
 * so a typo is never silently replaced by another model.
 */
export function resolveModel(options: ResolveModelOptions = {}): ModelResolution {
  const env = options.env ?? process.env;
  const searched: ModelSearchStep[] = [];
  const explicit: [ModelSource, string | null | undefined][] = [
    ['option', options.explicitPath],
    ['env', env[MODEL_ENV_VAR]],
    ['setting', options.settingPath],
  ];
  for (const [source, value] of explicit) {
    const given = value?.trim();
    if (!given) {
      searched.push({ source, path: null, found: false });
      continue;
    }
    const file = path.resolve(given);
    const found = isFile(file);
    searched.push({ source, path: file, found });
    if (found) return { location: { path: file, source }, searched, message: null };
    return { location: null, searched, message: explicitMissingMessage(source, file) };
  }

  const folders: [ModelSource, string][] = [
    ...(options.appModelDirs ?? defaultAppModelDirs()).map((dir): [ModelSource, string] => ['app', dir]),
    ['data-dir', path.join(options.dataDir ?? defaultDataDir(env), 'models')],
  ];
  for (const [source, dir] of folders) {
    for (const name of MODEL_FILE_NAMES) {
      const file = path.resolve(dir, name);
      const found = isFile(file);
      searched.push({ source, path: file, found });
      if (found) return { location: { path: file, source }, searched, message: null };
    }
  }
  const dataModels = path.join(options.dataDir ?? defaultDataDir(env), 'models');
  return { location: null, searched, message: notFoundMessage(searched, dataModels) };
}

/** Like resolveModel, but throws ModelNotFoundError (with the full explanation) when there is no model. */
export function findModel(options: ResolveModelOptions = {}): ModelLocation {
  const resolution = resolveModel(options);
  if (!resolution.location) throw new ModelNotFoundError(resolution.message ?? 'No image model found.', resolution.searched);
  return resolution.location;
}

/** A readable list of the places looked at, one per line. */
export function describeSearch(searched: readonly ModelSearchStep[]): string {
  return searched
    .map((step) => `  ${SOURCE_LABELS[step.source].padEnd(20)} ${step.path ?? '(not set)'}${step.path ? (step.found ? '  (found)' : '  (not found)') : ''}`)
    .join('\n');
}

function explicitMissingMessage(source: ModelSource, file: string): string {
  const how =
    source === 'option' ? 'Check the --model path' : source === 'env' ? `Check or unset ${MODEL_ENV_VAR}` : 'Choose the model file again in the settings';
  return (
    `The image model ${file} (from ${SOURCE_LABELS[source]}) does not exist or is not a file. ${how}. ` +
    'Posters get no visual features until a model is available; everything else keeps working.'
  );
}

function notFoundMessage(searched: readonly ModelSearchStep[], dataModels: string): string {
  return [
    'No image model found, so posters get no visual features (everything else keeps working). Looked for:',
    describeSearch(searched),
    `To fix: put ${MODEL_FILE_NAMES[0]} (in a checkout next to ../shared, run "npm run setup") or the ONNX Model Zoo's ` +
      `${MODEL_FILE_NAMES[1]} into ${dataModels}, or pass --model <file.onnx>, or set ${MODEL_ENV_VAR}=<file.onnx>.`,
  ].join('\n');
}
