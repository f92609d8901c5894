/**
 * The Content-Security-Policy of the renderer page, sent as a header by the Electron session and
 * by the browser bridge (src/renderer/index.html carries the same policy in a <meta> tag, and a
 * page gets the intersection of both). No remote content: everything comes from the app itself.
 */
export function contentSecurityPolicy(options: { connect?: readonly string[]; images?: readonly string[]; devServer?: string } = {}): string {
  const dev = options.devServer ? [options.devServer, options.devServer.replace(/^http/, 'ws')] : [];
  const directives: Record<string, readonly string[]> = {
    'default-src': ["'self'"],
    // Vite's dev server injects an inline module (React Fast Refresh preamble); built pages need none.
    'script-src': ["'self'", ...(options.devServer ? ["'unsafe-inline'", options.devServer] : [])],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', ...(options.images ?? []), ...dev],
    'font-src': ["'self'"],
    'connect-src': ["'self'", ...(options.connect ?? []), ...dev],
    'media-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}
