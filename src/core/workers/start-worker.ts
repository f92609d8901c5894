import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** A worker's code: a built .js file, or a TypeScript source (vitest, `node --import tsx`). */
export interface WorkerScript {
  readonly file: string;
  readonly typescript: boolean;
}

const EXTENSIONS = [
  ['.js', false],
  ['.mjs', false],
  ['.ts', true],
] as const;

/** The places `locateWorkerScript` looks for `name` in `dirs`, in order. */
function candidates(dirs: readonly string[], name: string): WorkerScript[] {
  return dirs.flatMap((dir) => EXTENSIONS.map(([extension, typescript]) => ({ file: path.join(dir, name + extension), typescript })));
}

/**
 * The worker script named `name` in the first of `dirs` that has one: `<name>.js` / `.mjs` (built
 * output) before `<name>.ts` (running from the sources under vitest or tsx). Null when none exists.
 */
export function locateWorkerScript(dirs: readonly string[], name: string): WorkerScript | null {
  return candidates(dirs, name).find((script) => fs.existsSync(script.file)) ?? null;
}

/** Like locateWorkerScript, but a missing script is an error that names every place looked. */
export function requireWorkerScript(dirs: readonly string[], name: string): WorkerScript {
  const script = locateWorkerScript(dirs, name);
  if (script) return script;
  throw missingWorker(
    name,
    candidates(dirs, name).map((candidate) => candidate.file),
  );
}

function missingWorker(name: string, looked: readonly string[]): Error {
  return new Error(`The worker script "${name}" is missing: looked for ${looked.join(', ')}. Rebuild the app (npm run build).`);
}

/**
 * Finds a worker script named `name` for the code in `dir`:
 * 1. `<name>.js` / `.mjs` beside it (compiled output);
 * 2. `<name>.ts` beside it: running from the TypeScript sources;
 * 3. the chunk electron-vite emitted for it, given by `builtChunk` (an `import('./<name>.js?modulePath')`
 *    written in the caller, where electron-vite can see it). It only runs when 1 and 2 are absent,
 *    so vitest and tsx never evaluate it.
 */
export async function findWorkerScript(dir: string, name: string, builtChunk?: () => Promise<string>): Promise<WorkerScript> {
  const found = locateWorkerScript([dir], name);
  if (found) return found;
  const looked = candidates([dir], name).map((candidate) => candidate.file);
  if (builtChunk) {
    try {
      const file = await builtChunk();
      looked.push(file);
      if (fs.existsSync(file)) return { file, typescript: false };
    } catch {
      // not an electron-vite build
    }
  }
  throw missingWorker(name, looked);
}

/**
 * Node 20 does not apply the parent's loader hooks (`--import tsx`) to a worker's entry module, so
 * a TypeScript worker starts from this ES module: it registers tsx's hooks in the new thread, then
 * imports the entry. The entry sees its own workerData plus `__tsWorker`.
 */
const TS_BOOTSTRAP = `
import { workerData } from 'node:worker_threads';
const { tsxApi, entry } = workerData.__tsWorker;
const api = await import(tsxApi);
(api.register ?? api.default.register)();
await import(entry);
`;

/** tsx's ESM API (`tsx/esm/api`, import condition); require.resolve would give the CommonJS one. */
function tsxEsmApi(): string {
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const { exports } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { exports?: Record<string, { import?: string | { default?: string } }> };
  const entry = exports?.['./esm/api']?.import;
  const relative = typeof entry === 'string' ? entry : entry?.default;
  if (!relative) throw new Error('tsx has no ESM API (tsx/esm/api); reinstall the dev dependencies.');
  return pathToFileURL(path.join(path.dirname(manifest), relative)).href;
}

/** Starts a worker thread from a built script as is, or from a TypeScript source through tsx. */
export function startWorker(script: WorkerScript, options: WorkerOptions = {}): Worker {
  if (!script.typescript) return new Worker(script.file, options);
  const workerData: unknown = options.workerData;
  const own = workerData !== null && typeof workerData === 'object' ? workerData : {};
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(TS_BOOTSTRAP)}`), {
    ...options,
    workerData: { ...own, __tsWorker: { tsxApi: tsxEsmApi(), entry: pathToFileURL(script.file).href } },
  });
}
