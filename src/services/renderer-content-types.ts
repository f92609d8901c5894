import path from 'node:path';

/**
 * The file types the renderer build contains, with the Content-Type each is served as: one table
 * for both shells that serve the build (the desktop app:// protocol, which refuses anything else,
 * and the browser-mode bridge).
 */
const RENDERER_CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The Content-Type a renderer build file is served as, or null for a type the build does not
 * contain. Own keys only: an extension such as ".constructor" is not a type. The bridge also
 * serves source maps (browser developer tools ask for them); the desktop protocol refuses them.
 */
export function rendererContentType(file: string, options: { readonly sourceMaps?: boolean } = {}): string | null {
  const extension = path.extname(file).toLowerCase();
  if (options.sourceMaps && extension === '.map') return 'application/json; charset=utf-8';
  return Object.hasOwn(RENDERER_CONTENT_TYPES, extension) ? RENDERER_CONTENT_TYPES[extension]! : null;
}
