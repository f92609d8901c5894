import fs from 'node:fs';
import path from 'node:path';

/** Where scripts/electron-native.mjs puts better-sqlite3 built for Electron's ABI (checkout only). */
export const DEV_BINDING = path.join('node_modules', '.crossfade', 'electron', 'better_sqlite3.node');
/** Where electron-builder.yml puts the same file in a packaged app (extraResources). */
export const PACKAGED_BINDING = path.join('native', 'better_sqlite3.node');

/**
 * The better_sqlite3.node to load in Electron: better-sqlite3 is not Node-API, and the build in
 * node_modules is for Node (npm test). Undefined when there is none: better-sqlite3 then loads its
 * default build, and if that is the Node one, the error is explained by nativeModuleHelp().
 */
export function electronNativeBinding(app: { isPackaged: boolean; appPath: string; resourcesPath: string }): string | undefined {
  const file = app.isPackaged ? path.join(app.resourcesPath, PACKAGED_BINDING) : path.join(app.appPath, DEV_BINDING);
  return fs.existsSync(file) ? file : undefined;
}

/** Whether an error is a native module built for another runtime (Node instead of Electron) or missing. */
export function isNativeModuleError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /NODE_MODULE_VERSION|compiled against a different Node\.js version|better_sqlite3\.node|Could not locate the bindings file|invalid ELF header|not a valid Win32 application|slice is not valid mach-o/i.test(
    message,
  );
}

export function nativeModuleHelp(isPackaged: boolean): string {
  return isPackaged
    ? 'This installation is damaged: its SQLite module does not match the app. Reinstall Crossfade.'
    : 'better-sqlite3 is built for Node.js, not Electron. Run "node scripts/electron-native.mjs" (npm start runs it) ' +
        'to build node_modules/.crossfade/electron/better_sqlite3.node for Electron, then start again.';
}
