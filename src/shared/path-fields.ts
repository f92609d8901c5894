import type { Method } from './contract';

/**
 * The request fields that name a file or folder on this computer. The service API takes paths
 * (the command line and browser mode pass them); the desktop app passes opaque handles in these
 * same fields instead: the preload swaps a path the user picked or dropped for the handle the
 * main process issued for it, and the main process (src/main/file-handles.ts) swaps it back,
 * refusing anything that is not a handle. Shared by the preload and the main process.
 */
export const PATH_FIELDS: Readonly<Partial<Record<Method, readonly (readonly string[])[]>>> = {
  'imports.preview': [['file', 'path']],
  'imports.start': [['file', 'path']],
  'posters.scanFolder': [['folder'], ['mapFile']],
  'settings.update': [['dataDir']],
};

/** The channel on which the preload asks the main process for a handle to a dropped file. */
export const FILE_HANDLE_CHANNEL = 'crossfade:file-handle';

/** What every handle starts with; the rest is random (see src/main/file-handles.ts). */
export const HANDLE_PREFIX = 'crossfade-handle:';

export function isHandle(value: string): boolean {
  return value.startsWith(HANDLE_PREFIX);
}

/** The string values of the path fields present in `input` (anything else is left to the contract). */
export function pathFieldValues(method: Method, input: unknown): string[] {
  const values: string[] = [];
  for (const field of PATH_FIELDS[method] ?? []) {
    const value = field.reduce<unknown>((node, key) => (isRecord(node) ? node[key] : undefined), input);
    if (typeof value === 'string') values.push(value);
  }
  return values;
}

/** A copy of `input` whose path fields went through `replace`; other fields are untouched. */
export function replacePathFields(method: Method, input: unknown, replace: (value: string) => string): unknown {
  let result = input;
  for (const field of PATH_FIELDS[method] ?? []) result = replaceAt(result, field, replace);
  return result;
}

function replaceAt(node: unknown, field: readonly string[], replace: (value: string) => string): unknown {
  const [key, ...rest] = field;
  if (key === undefined) return typeof node === 'string' ? replace(node) : node;
  if (!isRecord(node) || !Object.hasOwn(node, key)) return node;
  return { ...node, [key]: replaceAt(node[key], rest, replace) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
