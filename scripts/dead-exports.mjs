#!/usr/bin/env node
// Lists exports that no other file imports (dead exports), and fails when there are any.
// Exports used only inside their own module should not be exported. Reads every TypeScript file
// of src, tests, bench and scripts with the TypeScript parser (no type check, a few seconds) and
// follows import, export-from, import() and import-type specifiers through the tsconfig's module
// resolution. A namespace import (`import * as x`) or a dynamic import uses every export.
//
// Exports that were dead when this check came in are listed in scripts/dead-exports-baseline.txt
// (file and name, no line numbers): they are tolerated until someone removes them; a new dead
// export fails the check.
//
//   node scripts/dead-exports.mjs                     exit 1 when an export outside the baseline is dead
//   node scripts/dead-exports.mjs --write-baseline    rewrite the baseline from what is dead now
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const root = path.resolve(import.meta.dirname, '..');
const configFile = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile);
const { options, fileNames } = ts.parseJsonConfigFileContent(configFile.config, ts.sys, root);

/** Files whose exports are read by tools rather than imported (entry points and configs). */
const ENTRY_POINTS = [/^electron\.vite\.config\.ts$/, /^vitest\.config\.ts$/, /^eslint\.config\.js$/, /\.test\.tsx?$/, /^tests\/e2e\/.*\.ts$/];

const files = fileNames.filter((file) => /\.(ts|tsx|mts)$/.test(file) && !file.endsWith('.d.ts')).map((file) => path.resolve(file));
const relative = (file) => path.relative(root, file).split(path.sep).join('/');
const resolveCache = new Map();
function resolve(specifier, from) {
  const key = `${from}\0${specifier}`;
  if (!resolveCache.has(key)) {
    const resolved = ts.resolveModuleName(specifier, from, options, ts.sys).resolvedModule;
    resolveCache.set(key, resolved && !resolved.isExternalLibraryImport ? path.resolve(resolved.resolvedFileName) : null);
  }
  return resolveCache.get(key);
}

/** file -> exported names declared there; file -> names other files use (or '*'). */
const exported = new Map();
const used = new Map();
const use = (file, name) => {
  if (!file) return;
  if (!used.has(file)) used.set(file, new Set());
  used.get(file).add(name);
};

for (const file of files) {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const names = new Map();
  const declare = (name, node) => names.set(name, source.getLineAndCharacterOfPosition(node.getStart()).line + 1);
  const visit = (node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const target = resolve(node.moduleSpecifier.text, file);
      const clause = node.importClause;
      if (!clause)
        use(target, '*'); // a side-effect import
      else {
        if (clause.name) use(target, 'default');
        const bindings = clause.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings)) use(target, '*');
        if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) use(target, (element.propertyName ?? element.name).text);
      }
    } else if (ts.isExportDeclaration(node)) {
      const target = node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier) ? resolve(node.moduleSpecifier.text, file) : null;
      if (!node.exportClause)
        use(target, '*'); // export * from: re-exports whatever is used of this file
      else if (ts.isNamedExports(node.exportClause)) {
        for (const element of node.exportClause.elements) {
          declare(element.name.text, element);
          if (target) use(target, (element.propertyName ?? element.name).text);
        }
      }
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      use(resolve(node.arguments[0].text, file), '*');
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      use(resolve(node.argument.literal.text, file), '*');
    } else if (ts.isExportAssignment(node)) {
      declare('default', node);
    } else if (ts.canHaveModifiers(node) && ts.getModifiers(node)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)) {
      const isDefault = ts.getModifiers(node).some((modifier) => modifier.kind === ts.SyntaxKind.DefaultKeyword);
      if (isDefault) declare('default', node);
      else if (ts.isVariableStatement(node)) {
        for (const declaration of node.declarationList.declarations) if (ts.isIdentifier(declaration.name)) declare(declaration.name.text, declaration);
      } else if (node.name && ts.isIdentifier(node.name)) declare(node.name.text, node);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  exported.set(file, names);
}

// `export * from './x'` passes on what is used of the re-exporting file: repeat until nothing changes.
for (let changed = true; changed;) {
  changed = false;
  for (const file of files) {
    const source = fs.readFileSync(file, 'utf8');
    if (!source.includes('export *')) continue;
    const wanted = used.get(file);
    if (!wanted) continue;
    for (const match of source.matchAll(/export \* from ['"]([^'"]+)['"]/g)) {
      const target = resolve(match[1], file);
      if (!target) continue;
      for (const name of wanted) {
        if (used.get(target)?.has(name)) continue;
        use(target, name);
        changed = true;
      }
    }
  }
}

const dead = [];
for (const [file, names] of exported) {
  const shown = relative(file);
  if (ENTRY_POINTS.some((pattern) => pattern.test(shown))) continue;
  const usedNames = used.get(file) ?? new Set();
  if (usedNames.has('*')) continue;
  for (const [name, line] of names) if (!usedNames.has(name)) dead.push(`${shown}:${line}  ${name}`);
}

const baselineFile = path.join(root, 'scripts', 'dead-exports-baseline.txt');
const key = (entry) => entry.replace(/:\d+ +/, ' ');
if (process.argv.includes('--write-baseline')) {
  fs.writeFileSync(baselineFile, `${[...new Set(dead.map(key))].sort().join('\n')}\n`);
  console.log(`Wrote ${dead.length} entries to ${relative(baselineFile)}.`);
  process.exit(0);
}
const baseline = new Set(fs.existsSync(baselineFile) ? fs.readFileSync(baselineFile, 'utf8').split('\n').filter(Boolean) : []);
const fresh = dead.filter((entry) => !baseline.has(key(entry)));
if (fresh.length > 0) {
  console.error(`${fresh.length} exports are imported nowhere (remove them, or drop the export keyword if the module uses them itself):`);
  for (const entry of fresh.sort()) console.error(`  ${entry}`);
  process.exit(1);
}
console.log(`No new dead exports in ${files.length} files (${dead.length} older ones listed in ${relative(baselineFile)}).`);
