import os from 'node:os';
import path from 'node:path';

export const APP_FOLDER_NAME = 'Crossfade';
export const DATABASE_FILE_NAME = 'crossfade.db';

/**
 * The per-user data folder, computed the way Electron's app.getPath('userData') does for
 * an app named "Crossfade", so the CLI and the desktop app share one catalog by default.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.CROSSFADE_DATA_DIR) return env.CROSSFADE_DATA_DIR;
  const home = os.homedir();
  switch (platform) {
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_FOLDER_NAME);
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', APP_FOLDER_NAME);
    default:
      return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_FOLDER_NAME);
  }
}

export function defaultDatabasePath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  return path.join(defaultDataDir(env, platform), DATABASE_FILE_NAME);
}
