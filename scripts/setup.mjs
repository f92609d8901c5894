#!/usr/bin/env node
// One-time local setup: copies the shared image model into models/ (used for poster features).
// Looks for ../shared/models/mobilenetv2-int8.onnx next to the repository. Never touches the
// network and always exits 0 when there is simply nothing to do.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

const MODEL_FILE = 'mobilenetv2-int8.onnx';
const repoRoot = path.resolve(import.meta.dirname, '..');
const sharedDir = path.resolve(repoRoot, '..', 'shared');
const source = path.join(sharedDir, 'models', MODEL_FILE);
const modelsDir = path.join(repoRoot, 'models');
const target = path.join(modelsDir, MODEL_FILE);
const shown = (file) => path.relative(repoRoot, file) || '.';

function sha256(file) {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('error', reject)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')));
  });
}

async function sameFile(a, b) {
  const [statA, statB] = await Promise.all([stat(a), stat(b)]);
  if (statA.size !== statB.size) return false;
  const [hashA, hashB] = await Promise.all([sha256(a), sha256(b)]);
  return hashA === hashB;
}

async function main() {
  if (!existsSync(sharedDir)) {
    console.log(
      `setup: note: ${shown(sharedDir)} not found; skipped copying ${MODEL_FILE} ` + `(copy the model to models/${MODEL_FILE} yourself if you have it).`,
    );
    return;
  }
  if (!existsSync(source)) {
    console.log(`setup: note: ${shown(source)} not found; nothing to copy into models/.`);
    return;
  }
  await mkdir(modelsDir, { recursive: true });
  if (existsSync(target) && (await sameFile(source, target))) {
    console.log(`setup: models/${MODEL_FILE} is already up to date.`);
    return;
  }
  // Copy to a temporary name first, so an interrupted copy never leaves a truncated model.
  const temporary = `${target}.tmp-${process.pid}`;
  try {
    await copyFile(source, temporary);
    await chmod(temporary, 0o644);
    await rename(temporary, target);
  } finally {
    await rm(temporary, { force: true });
  }
  const { size } = await stat(target);
  console.log(`setup: copied ${shown(source)} to models/${MODEL_FILE} (${(size / 1024 / 1024).toFixed(1)} MB).`);
}

main().catch((error) => {
  console.error(`setup: failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
