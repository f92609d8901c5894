import { join } from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeTheme,
  protocol,
  session,
  shell,
  type MenuItemConstructorOptions,
  type OpenDialogOptions,
} from 'electron';
import { createServices, defaultDataDir, type DesktopShell, type Services } from '../services';
import { contentSecurityPolicy } from '../services/content-security-policy';
import { errorMessage } from '../services/dispatch';
import { isAllowedExternalUrl } from '../shared/contract';
import { APP_INDEX_URL, APP_ORIGIN, APP_SCHEME, registerAppProtocol } from './app-protocol';
import { FileHandles } from './file-handles';
import { forwardEvents, registerIpcHandlers, type InvokeEventLike } from './ipc';
import { electronNativeBinding, isNativeModuleError, nativeModuleHelp } from './native-binding';
import { POSTER_SCHEME, registerPosterProtocol } from './poster-protocol';

const isMac = process.platform === 'darwin';
const isDev = !app.isPackaged;
const devServerUrl = isDev ? process.env.ELECTRON_RENDERER_URL : undefined;
const rendererDir = join(import.meta.dirname, '../renderer');

// Every renderer is sandboxed, including any we did not create ourselves.
app.enableSandbox();

// Must happen before 'ready', in one call: app:// serves the renderer build (src/main/app-protocol.ts)
// and crossfade-poster:// the posters; both standard (real origins, relative URLs) and secure.
// corsEnabled: Vite's module script and stylesheet tags carry `crossorigin`, so they are fetched in
// CORS mode (same origin, so no Access-Control header is needed, and none is ever sent).
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
  { scheme: POSTER_SCHEME, privileges: { standard: true, secure: true, stream: true } },
]);

let mainWindow: BrowserWindow | null = null;
let services: Services | null = null;

function createMainWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    title: 'Crossfade',
    show: false,
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#14111f' : '#f7f5fb',
    webPreferences: {
      // out/main/index.js -> out/preload/index.cjs (CommonJS: sandboxed preloads cannot be ESM).
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });

  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });

  if (devServerUrl) void win.loadURL(devServerUrl);
  else void win.loadURL(APP_INDEX_URL);
  return win;
}

/** Our page only: the built index.html, or the electron-vite dev server in development. */
function isAppUrl(url: string): boolean {
  if (devServerUrl) {
    try {
      return new URL(url).origin === new URL(devServerUrl).origin;
    } catch {
      return false;
    }
  }
  return url.split(/[?#]/)[0] === APP_INDEX_URL;
}

function isTrustedSender(event: InvokeEventLike): boolean {
  return typeof event.senderFrame?.url === 'string' && isAppUrl(event.senderFrame.url);
}

/** No navigation, no new windows, no <webview>: the renderer is a single page. */
function lockDownWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}

/** The app needs no camera, microphone, notifications, geolocation, ...: deny everything. */
function denyAllPermissions(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
}

/** No remote content: only the app's own files, posters and (in development) the dev server load. */
function restrictNetwork(): void {
  const ses = session.defaultSession;
  const devOrigins = devServerUrl ? [new URL(devServerUrl).origin, new URL(devServerUrl).origin.replace(/^http/, 'ws')] : [];
  ses.webRequest.onBeforeRequest((details, callback) => {
    const { url } = details;
    const allowed =
      url.startsWith(`${APP_ORIGIN}/`) ||
      url.startsWith(`${POSTER_SCHEME}:`) ||
      url.startsWith('data:') ||
      url.startsWith('blob:') ||
      url.startsWith('devtools:') ||
      devOrigins.some((origin) => url === origin || url.startsWith(`${origin}/`));
    if (!allowed) console.warn(`crossfade: blocked a request to ${url}`);
    callback({ cancel: !allowed });
  });
  const policy = rendererPolicy();
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy] } });
  });
}

function rendererPolicy(): string {
  return contentSecurityPolicy({ images: [`${POSTER_SCHEME}:`], ...(devServerUrl ? { devServer: new URL(devServerUrl).origin } : {}) });
}

function buildApplicationMenu(dataDir: () => string | null): Menu {
  const viewSubmenu: MenuItemConstructorOptions[] = [
    { role: 'reload' },
    { role: 'forceReload' },
    ...(isDev ? [{ role: 'toggleDevTools' } as const] : []),
    { type: 'separator' },
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  const openDataFolder: MenuItemConstructorOptions = {
    label: 'Open Data Folder',
    click: () => {
      const dir = dataDir();
      if (dir) void shell.openPath(dir);
    },
  };
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' } as const] : []),
    { label: 'File', submenu: [openDataFolder, { type: 'separator' }, isMac ? { role: 'close' } : { role: 'quit' }] },
    { role: 'editMenu' },
    { label: 'View', submenu: viewSubmenu },
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}

const desktopShell: DesktopShell = {
  async openExternal(url) {
    // The contract already refused anything else; checked again right before it leaves the app.
    if (!isAllowedExternalUrl(url)) throw new Error(`Refused to open ${url}.`);
    await shell.openExternal(url);
  },
  async openDialog(request) {
    const options: OpenDialogOptions = {
      properties: [request.kind === 'folder' ? 'openDirectory' : 'openFile'],
      ...(request.title ? { title: request.title } : {}),
      ...(request.filters ? { filters: request.filters } : {}),
    };
    const parent = BrowserWindow.getFocusedWindow() ?? mainWindow;
    const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  },
};

function startServices(): Services | null {
  const nativeBinding = electronNativeBinding({ isPackaged: app.isPackaged, appPath: app.getAppPath(), resourcesPath: process.resourcesPath });
  try {
    return createServices({
      dataDir: defaultDataDir(),
      mode: 'desktop',
      version: app.getVersion(),
      modelDirs: [app.isPackaged ? join(process.resourcesPath, 'models') : join(app.getAppPath(), 'models')],
      shell: desktopShell,
      ...(nativeBinding ? { nativeBinding } : {}),
    });
  } catch (error) {
    const detail = isNativeModuleError(error) ? `${nativeModuleHelp(app.isPackaged)}\n\n${errorMessage(error)}` : errorMessage(error);
    dialog.showErrorBox('Crossfade cannot open its catalog', detail);
    return null;
  }
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  lockDownWebContents();

  app.on('window-all-closed', () => {
    if (!isMac) app.quit();
  });

  // Let running jobs stop cleanly (their committed batches are kept) before the process exits.
  let closed = false;
  app.on('before-quit', (event) => {
    if (closed || !services) return;
    event.preventDefault();
    void services.close().finally(() => {
      closed = true;
      app.quit();
    });
  });

  void app.whenReady().then(() => {
    denyAllPermissions();
    restrictNetwork();
    services = startServices();
    if (!services) {
      app.exit(1);
      return;
    }
    const ready = services;
    // Paths reach the services only as handles of files and folders the user picked or dropped.
    registerIpcHandlers(ipcMain, ready.api, { isTrustedSender, files: new FileHandles() });
    forwardEvents(
      (listener) => ready.onEvent(listener),
      () => BrowserWindow.getAllWindows().map((win) => win.webContents),
    );
    registerPosterProtocol(protocol, (posterId) => ready.posterFile(posterId));
    // The built page, with its CSP as a response header (the dev server serves it in development).
    registerAppProtocol(protocol, rendererDir, rendererPolicy());
    void ready.api['settings.get']({}).then((settings) => (nativeTheme.themeSource = settings.theme));
    ready.events.on('settings.changed', (settings) => (nativeTheme.themeSource = settings.theme));

    Menu.setApplicationMenu(buildApplicationMenu(() => services?.dataDir ?? null));
    mainWindow = createMainWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) mainWindow = createMainWindow();
    });
  });
}
