import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import type { ViteDevServerLike } from './server';

/**
 * The renderer for browser mode, built or served with the renderer section of
 * electron.vite.config.ts, so the browser gets exactly what the Electron window gets.
 */

/** The files whose change means out/renderer must be rebuilt. */
const INPUTS = ['src/renderer', 'src/shared', 'electron.vite.config.ts', 'package.json'];

export function rendererOutDir(root: string): string {
  return path.join(root, 'out', 'renderer');
}

/** True when out/renderer/index.html is missing or older than any renderer input. */
export function rendererIsStale(root: string): boolean {
  let builtAt: number;
  try {
    builtAt = fs.statSync(path.join(rendererOutDir(root), 'index.html')).mtimeMs;
  } catch {
    return true;
  }
  return INPUTS.some((input) => newestMtime(path.join(root, input)) > builtAt);
}

function newestMtime(target: string): number {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

async function rendererConfig(root: string, command: 'build' | 'serve') {
  // electron-vite's presets read this (base './' for production builds).
  process.env.NODE_ENV_ELECTRON_VITE = command === 'build' ? 'production' : 'development';
  const { resolveConfig } = await import('electron-vite');
  const resolved = await resolveConfig({ root, logLevel: 'warn' }, command, command === 'build' ? 'production' : 'development');
  const renderer = resolved.config?.renderer;
  if (!renderer) throw new Error('electron.vite.config.ts has no renderer section.');
  return renderer;
}

/** Builds the renderer into out/renderer (what `electron-vite build` does for it). */
export async function buildRenderer(root: string): Promise<void> {
  const { build } = await import('vite');
  await build(await rendererConfig(root, 'build'));
}

/** Vite in middleware mode on the bridge's own server, with hot reload (development). */
export async function createRendererDevServer(root: string, server: http.Server): Promise<ViteDevServerLike> {
  const { createServer } = await import('vite');
  const config = await rendererConfig(root, 'serve');
  return createServer({ ...config, server: { ...config.server, middlewareMode: true, hmr: { server } }, appType: 'custom' });
}
