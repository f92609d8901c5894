/**
 * The electron-builder configuration (electron-builder.json; JSON because no YAML parser is
 * installed) against what the packaged app needs at run time. electron-builder itself cannot run
 * here (it downloads Electron), so these checks stand in for a packaging run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resourcesDir, TABLE_FILES } from '../../src/core/features/bridges';
import { DEV_BINDING, PACKAGED_BINDING } from '../../src/main/native-binding';
import { tempDir } from '../support/temp';

const root = path.resolve(import.meta.dirname, '..', '..');

interface FileSet {
  readonly from: string;
  readonly to: string;
  readonly filter?: readonly string[];
}

interface PlatformConfig {
  readonly target: readonly string[];
  readonly icon?: string;
  readonly category?: string;
  readonly maintainer?: string;
  readonly files?: readonly string[];
}

interface BuilderConfig {
  readonly appId: string;
  readonly productName: string;
  readonly directories: { readonly output: string; readonly buildResources: string };
  readonly files: readonly string[];
  readonly asar: boolean;
  readonly asarUnpack: readonly string[];
  readonly extraResources: readonly FileSet[];
  readonly npmRebuild: boolean;
  readonly electronFuses?: Readonly<Record<string, boolean>>;
  readonly linux: PlatformConfig;
  readonly win: PlatformConfig;
  readonly mac: PlatformConfig;
  readonly nsis?: { readonly installerIcon?: string; readonly uninstallerIcon?: string };
  readonly dmg?: { readonly icon?: string };
}

interface PackageJson {
  readonly name: string;
  readonly productName?: string;
  readonly main: string;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
}

const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(file, 'utf8')) as T;
const config = readJson<BuilderConfig>(path.join(root, 'electron-builder.json'));
const pkg = readJson<PackageJson>(path.join(root, 'package.json'));

/** electron-builder's glob dialect, as far as this config uses it: **, *, ?, {a,b} (not nested). */
function globSource(glob: string): string {
  let source = '';
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index]!;
    if (char === '*' && glob[index + 1] === '*') {
      const slash = glob[index + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      index += slash ? 2 : 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else if (char === '{') {
      const end = glob.indexOf('}', index);
      source += `(?:${glob
        .slice(index + 1, end)
        .split(',')
        .map(globSource)
        .join('|')})`;
      index = end;
    } else source += char.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return source;
}

const globToRegExp = (glob: string) => new RegExp(`^${globSource(glob)}$`);

const unpacked = (relative: string) => config.asarUnpack.some((pattern) => globToRegExp(pattern).test(relative));

/** Every package the app loads at run time: package.json dependencies and theirs (optional ones when installed). */
function runtimePackages(): Map<string, string> {
  const found = new Map<string, string>(); // package dir (relative to root) -> name
  const visit = (name: string, fromDir: string) => {
    for (let dir = fromDir; ; dir = path.dirname(dir)) {
      const candidate = path.join(dir, 'node_modules', name);
      if (fs.existsSync(path.join(candidate, 'package.json'))) {
        const relative = path.relative(root, candidate).split(path.sep).join('/');
        if (found.has(relative)) return;
        found.set(relative, name);
        const manifest = readJson<PackageJson>(path.join(candidate, 'package.json'));
        for (const dependency of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) visit(dependency, candidate);
        return;
      }
      if (dir === root || path.dirname(dir) === dir) return; // not installed (an optional dependency of another platform)
    }
  };
  for (const name of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) visit(name, root);
  return found;
}

/** Native addons (*.node) and the shared libraries they load, inside a package (not its own node_modules). */
function nativeAddons(packageDir: string): string[] {
  const addons: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      if (entry.name === 'node_modules') continue;
      const relative = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(relative);
      else if (/\.(?:node|dylib|dll)$|\.so(?:\.\d+)*$/.test(entry.name)) addons.push(relative);
    }
  };
  walk(packageDir);
  return addons;
}

function pngSize(file: string): { width: number; height: number } {
  const data = fs.readFileSync(file);
  expect(data.subarray(0, 8).toString('hex'), `${file} is a PNG`).toBe('89504e470d0a1a0a');
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

describe('Electron fuses (issue 14, item 14; the reasons are in docs/desktop-security.md)', () => {
  const fuses = config.electronFuses ?? {};

  it('turns off every way to run the binary as a plain Node or to inject code through its environment or arguments', () => {
    expect(fuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('encrypts cookies, and loads only the validated app.asar (the native modules stay unpacked beside it)', () => {
    expect(fuses).toMatchObject({ enableCookieEncryption: true, enableEmbeddedAsarIntegrityValidation: true, onlyLoadAppFromAsar: true });
    // onlyLoadAppFromAsar needs the app code in an asar archive; the unpacked native modules are
    // loaded by absolute path from app.asar.unpacked and resources/native, which the fuse allows.
    expect(config.asar).toBe(true);
  });

  it('names only fuses electron-builder knows, each as a boolean (its schema refuses anything else)', () => {
    const scheme = readJson<{ definitions: Record<string, { properties: Record<string, { type: string }> }> }>(
      path.join(root, 'node_modules', 'app-builder-lib', 'scheme.json'),
    );
    const known = scheme.definitions.FuseOptionsV1!.properties;
    for (const [name, value] of Object.entries(fuses)) {
      expect(Object.keys(known), name).toContain(name);
      expect(typeof value).toBe('boolean');
    }
  });

  it('keeps runAsNode off safe: nothing in the app starts a child process through ELECTRON_RUN_AS_NODE', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts')) {
          const source = fs.readFileSync(file, 'utf8');
          if (/ELECTRON_RUN_AS_NODE|child_process|\bfork\(/.test(source)) offenders.push(path.relative(root, file));
        }
      }
    };
    for (const layer of ['main', 'services', 'core', 'preload']) walk(path.join(root, 'src', layer));
    expect(offenders).toEqual([]);
  });
});

describe('electron-builder configuration', () => {
  it('names the app and puts the output in the gitignored dist/, with build/ as build resources', () => {
    expect(config.appId).toBe('app.crossfade.desktop');
    expect(config.productName).toBe('Crossfade');
    expect(config.productName).toBe(pkg.productName);
    expect(config.directories).toEqual({ output: 'dist', buildResources: 'build' });
    expect(fs.readFileSync(path.join(root, '.gitignore'), 'utf8').split('\n')).toContain('dist/');
  });

  it('packs the build output and package.json, and none of the sources, tests or benchmarks', () => {
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'package.json', '!src/**', '!tests/**', '!bench/**']));
    expect(pkg.main.startsWith('out/')).toBe(true);
    const included = (file: string) => {
      let result = false;
      for (const pattern of config.files) {
        if (pattern.startsWith('!')) {
          if (globToRegExp(pattern.slice(1)).test(file)) result = false;
        } else if (globToRegExp(pattern).test(file)) result = true;
      }
      return result;
    };
    for (const file of ['out/main/index.js', 'out/main/jobs-worker.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'package.json'])
      expect(included(file), file).toBe(true);
    for (const file of ['src/main/index.ts', 'tests/glue/packaging.test.ts', 'bench/import.bench.ts', 'models/mobilenetv2-int8.onnx', 'scripts/setup.mjs'])
      expect(included(file), file).toBe(false);
  });

  it('uses an asar archive with every native module unpacked', () => {
    expect(config.asar).toBe(true);
    for (const dir of ['node_modules/better-sqlite3', 'node_modules/onnxruntime-node', 'node_modules/sharp', 'node_modules/@img/sharp-linux-x64'])
      expect(unpacked(`${dir}/package.json`), dir).toBe(true);
    expect(unpacked('out/main/index.js')).toBe(false);
  });

  it('unpacks every runtime dependency that holds a native addon (*.node) or a shared library', () => {
    const packages = runtimePackages();
    expect([...packages.values()]).toEqual(expect.arrayContaining(['better-sqlite3', 'onnxruntime-node', 'sharp']));
    const withAddons = [...packages.keys()].filter((dir) => nativeAddons(dir).length > 0);
    expect(withAddons).toEqual(expect.arrayContaining(['node_modules/better-sqlite3', 'node_modules/onnxruntime-node']));
    for (const dir of withAddons) for (const addon of nativeAddons(dir)) expect(unpacked(addon), `${addon} must be in asarUnpack`).toBe(true);
    // sqlite-vec is only used by the benchmarks: a dev dependency, never packed.
    expect([...packages.values()]).not.toContain('sqlite-vec');
  });

  it('ships the model, the vibe tables and the Electron build of better-sqlite3 beside the archive', () => {
    const byFrom = new Map(config.extraResources.map((set) => [set.from, set]));
    // The model is optional (filter: a checkout without it still packages) and must be a real file for ONNX Runtime.
    expect(byFrom.get('models')).toEqual({ from: 'models', to: 'models', filter: ['*.onnx'] });
    expect(fs.readFileSync(path.join(root, 'src', 'main', 'index.ts'), 'utf8')).toContain("join(process.resourcesPath, 'models')");
    expect(byFrom.get('resources/vibe')?.to).toBe('resources/vibe');
    for (const table of Object.values(TABLE_FILES)) expect(fs.existsSync(path.join(root, 'resources', 'vibe', table)), table).toBe(true);
    // src/main/native-binding.ts loads <resources>/native/better_sqlite3.node in a packaged app.
    const native = byFrom.get(path.dirname(DEV_BINDING).split(path.sep).join('/'));
    expect(native?.filter).toEqual([path.basename(DEV_BINDING)]);
    expect(path.join(native?.to ?? '', path.basename(DEV_BINDING))).toBe(PACKAGED_BINDING);
  });

  it('puts the vibe tables where resourcesDir() finds them in a packaged app, from any thread', () => {
    // <resources>/app.asar/out/main/<bundle>.js walks up to <resources>/resources/vibe, which needs no process.resourcesPath.
    const resources = tempDir('crossfade-packaged-');
    const bundleDir = path.join(resources, 'app.asar', 'out', 'main');
    const tables = path.join(resources, ...config.extraResources.find((set) => set.from === 'resources/vibe')!.to.split('/'));
    fs.mkdirSync(bundleDir, { recursive: true });
    fs.mkdirSync(tables, { recursive: true });
    for (const table of Object.values(TABLE_FILES)) fs.copyFileSync(path.join(root, 'resources', 'vibe', table), path.join(tables, table));
    expect(resourcesDir({}, bundleDir)).toBe(tables);
  });

  it('does not rebuild native modules in place (that would swap node_modules to the Electron ABI and break npm test)', () => {
    expect(config.npmRebuild).toBe(false);
  });

  it('builds AppImage and deb, NSIS, and dmg, each with its category and icon', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.linux.category).toBe('AudioVideo');
    expect(config.linux.maintainer).toMatch(/<[^@\s]+@[^>\s]+>$/);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.mac.category).toBe('public.app-category.music');
    // Each platform leaves out the other platforms' ONNX Runtime binaries (~290 MB together).
    for (const [platform, others] of [
      [config.linux, ['darwin', 'win32']],
      [config.win, ['darwin', 'linux']],
      [config.mac, ['linux', 'win32']],
    ] as const) {
      const excluded = (file: string) => (platform.files ?? []).some((pattern) => pattern.startsWith('!') && globToRegExp(pattern.slice(1)).test(file));
      for (const other of others) expect(excluded(`node_modules/onnxruntime-node/bin/napi-v6/${other}/x64/onnxruntime_binding.node`), other).toBe(true);
    }
  });

  it('has every icon it names, in the right format and size', () => {
    expect(pngSize(path.join(root, 'build', 'icon.png'))).toEqual({ width: 1024, height: 1024 });
    for (const size of [16, 32, 48, 64, 128, 256, 512])
      expect(pngSize(path.join(root, 'build', 'icons', `${size}x${size}.png`))).toEqual({ width: size, height: size });
    expect(config.linux.icon).toBe('build/icons');

    for (const icon of [config.win.icon, config.nsis?.installerIcon, config.nsis?.uninstallerIcon]) expect(icon).toBe('build/icon.ico');
    const ico = fs.readFileSync(path.join(root, 'build', 'icon.ico'));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const sizes = Array.from({ length: ico.readUInt16LE(4) }, (_, index) => ico.readUInt8(6 + index * 16) || 256);
    expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 256]));
    for (let index = 0; index < sizes.length; index++) {
      const length = ico.readUInt32LE(6 + index * 16 + 8);
      const offset = ico.readUInt32LE(6 + index * 16 + 12);
      expect(offset + length).toBeLessThanOrEqual(ico.length);
      const head = ico.subarray(offset, offset + 8);
      expect(head.toString('hex') === '89504e470d0a1a0a' || head.readUInt32LE(0) === 40, `ICO entry ${sizes[index]}: PNG or BMP`).toBe(true);
    }

    for (const icon of [config.mac.icon, config.dmg?.icon]) expect(icon).toBe('build/icon.icns');
    const icns = fs.readFileSync(path.join(root, 'build', 'icon.icns'));
    expect(icns.subarray(0, 4).toString('ascii')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types: string[] = [];
    for (let offset = 8; offset < icns.length; offset += icns.readUInt32BE(offset + 4)) types.push(icns.subarray(offset, offset + 4).toString('ascii'));
    expect(types).toEqual(expect.arrayContaining(['ic07', 'ic08', 'ic09', 'ic10']));
  });
});
