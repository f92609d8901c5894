#!/usr/bin/env node
// Builds better-sqlite3 for Electron's ABI into node_modules/.crossfade/electron/better_sqlite3.node,
// leaving node_modules/better-sqlite3/build (the Node build that `npm test` uses) untouched.
//
// better-sqlite3 is not Node-API: one compiled binding matches one runtime. The desktop app's main
// process and its job workers open the catalog with better-sqlite3's `nativeBinding` option pointing
// at this file (src/main/native-binding.ts); everything run by Node (tests, the CLI, browser mode)
// keeps the default build. `npm start` runs this script before `electron-vite dev`; nothing in
// `npm ci` or `npm test` does. It needs the network the first time (Electron's headers, or a
// prebuilt binary) and a C++ toolchain when no prebuilt binary exists.
//
//   node scripts/electron-native.mjs [--force] [--arch x64|arm64|...] [--electron <version>]
//
// It does nothing when the file is already built for the same Electron, better-sqlite3, platform
// and arch (see build-info.json beside it). To check the build pipeline offline against Node's own
// headers: --runtime node --nodedir /usr --out <dir> (the result loads in Node, not in Electron).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(path.join(root, 'package.json'));

const { values } = parseArgs({
  options: {
    force: { type: 'boolean', default: false },
    arch: { type: 'string', default: process.arch },
    electron: { type: 'string' },
    runtime: { type: 'string', default: 'electron' },
    nodedir: { type: 'string' },
    out: { type: 'string', default: path.join(root, 'node_modules', '.crossfade', 'electron') },
  },
  strict: true,
});

function fail(message) {
  console.error(`electron-native: ${message}`);
  process.exit(1);
}

const packageVersion = (name) => JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
const sourceDir = path.dirname(require.resolve('better-sqlite3/package.json'));
const runtime = values.runtime;
if (runtime !== 'electron' && runtime !== 'node') fail(`--runtime must be electron or node, not "${runtime}".`);
const target = runtime === 'electron' ? (values.electron ?? packageVersion('electron')) : process.versions.node;
const info = { runtime, target, betterSqlite3: packageVersion('better-sqlite3'), platform: process.platform, arch: values.arch };

const outDir = path.resolve(values.out);
const output = path.join(outDir, 'better_sqlite3.node');
const infoFile = path.join(outDir, 'build-info.json');

function upToDate() {
  if (!existsSync(output) || !existsSync(infoFile)) return false;
  try {
    const built = JSON.parse(readFileSync(infoFile, 'utf8'));
    return Object.entries(info).every(([key, value]) => built[key] === value);
  } catch {
    return false;
  }
}

if (!values.force && upToDate()) {
  console.log(`electron-native: better-sqlite3 ${info.betterSqlite3} for ${runtime} ${target} (${info.platform}-${info.arch}) is up to date.`);
  process.exit(0);
}

// npm passes its configuration to scripts as npm_config_* variables. On machines where npm is set up
// with `nodedir` (Debian's Node), node-gyp would silently compile against Node's headers instead of
// Electron's: drop it, and every other setting that picks the runtime or headers.
const env = { ...process.env };
for (const key of Object.keys(env)) {
  if (/^npm_config_(nodedir|target|runtime|disturl|dist_url|arch|target_arch|build_from_source)$/i.test(key)) delete env[key];
}

/** node-gyp: npm's own copy (npm sets npm_config_node_gyp for scripts), a local one, or the one beside node. */
function findNodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    (() => {
      try {
        return require.resolve('node-gyp/bin/node-gyp.js');
      } catch {
        return undefined;
      }
    })(),
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    path.join(path.dirname(process.execPath), 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  return candidates.find((file) => file && existsSync(file)) ?? null;
}

function run(label, command, args, cwd) {
  console.log(`electron-native: ${label}`);
  const result = spawnSync(command, args, { cwd, env, stdio: 'inherit', shell: false });
  if (result.error) console.error(`electron-native: ${result.error.message}`);
  return result.status === 0;
}

// Work on a copy of the sources, so node_modules/better-sqlite3/build is never touched.
const workDir = path.join(outDir, 'work');
rmSync(workDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
cpSync(sourceDir, workDir, {
  recursive: true,
  filter: (file) => {
    const relative = path.relative(sourceDir, file).split(path.sep);
    return relative[0] !== 'build' && relative[0] !== 'node_modules' && relative[0] !== 'prebuilds';
  },
});
const built = path.join(workDir, 'build', 'Release', 'better_sqlite3.node');

let ok = false;
if (runtime === 'electron') {
  // A prebuilt binary for this Electron when the better-sqlite3 release has one (no compiler needed).
  let prebuildInstall;
  try {
    prebuildInstall = createRequire(require.resolve('better-sqlite3/package.json')).resolve('prebuild-install/bin.js');
  } catch {
    prebuildInstall = null;
  }
  if (prebuildInstall) {
    ok =
      run(
        `looking for a prebuilt better-sqlite3 ${info.betterSqlite3} for Electron ${target} (${info.platform}-${info.arch})…`,
        process.execPath,
        [prebuildInstall, '--runtime', 'electron', '--target', target, '--arch', info.arch, '--platform', info.platform],
        workDir,
      ) && existsSync(built);
  }
}
if (!ok) {
  const nodeGyp = findNodeGyp();
  if (!nodeGyp) fail('node-gyp was not found (it comes with npm). Run this script through npm, e.g. "npm start".');
  const headers =
    runtime === 'electron'
      ? [`--target=${target}`, '--dist-url=https://electronjs.org/headers']
      : [`--target=${target}`, ...(values.nodedir ? [`--nodedir=${values.nodedir}`] : [])];
  ok =
    run(
      `compiling better-sqlite3 ${info.betterSqlite3} for ${runtime} ${target} (${info.platform}-${info.arch}); this takes a minute or two…`,
      process.execPath,
      [nodeGyp, 'rebuild', '--release', `--arch=${info.arch}`, ...headers],
      workDir,
    ) && existsSync(built);
}
if (!ok) {
  fail(
    `could not build better-sqlite3 for ${runtime} ${target}. It needs a network connection the first time ` +
      "(Electron's headers) and a C++ toolchain (build-essential and python3 on Linux, Xcode command line tools on macOS, " +
      'Visual Studio Build Tools on Windows). The Node build in node_modules is unchanged.',
  );
}

const temporary = `${output}.${process.pid}.tmp`;
copyFileSync(built, temporary);
renameSync(temporary, output);
writeFileSync(infoFile, `${JSON.stringify({ ...info, builtAt: new Date().toISOString() }, null, 2)}\n`);
rmSync(workDir, { recursive: true, force: true });
console.log(`electron-native: wrote ${path.relative(root, output)} (${runtime} ${target}, ${info.platform}-${info.arch}).`);
