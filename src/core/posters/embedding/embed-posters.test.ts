import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { tempDatabase, tempDir, tempFile } from '../../testing/temp.js';
import type { CatalogDatabase } from '../../db/open-database.js';
import { ModelNotFoundError } from '../../model/resolve-model.js';
import { buildStandInModel } from '../../model/test-models.js';
import { scanPosterFolder } from '../scan-poster-folder.js';
import { embedPosters, startPosterEmbedding } from './embed-posters.js';
import { readPosterEmbedding } from './embedding-store.js';

const REAL_MODEL = path.resolve(import.meta.dirname, '../../../../models/mobilenetv2-int8.onnx');
const SHARED_POSTERS = path.resolve(import.meta.dirname, '../../../../../shared/data/posters-greatest-films-omdb/posters');

async function solidJpeg(r: number, g: number, b: number, width = 60, height = 90): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r, g, b } } })
    .jpeg()
    .toBuffer();
}

/** A catalog with movie N (IMDb tt000000N) for the Nth image, saved as tt000000N.<extension> and linked. */
async function catalogWithPosters(images: readonly (readonly [extension: string, bytes: Buffer])[]): Promise<{ db: CatalogDatabase; dir: string }> {
  const db = tempDatabase();
  const dir = tempDir();
  for (const [index, [extension, bytes]] of images.entries()) {
    const imdbId = `tt${String(index + 1).padStart(7, '0')}`;
    db.prepare(`INSERT INTO movies(title, imdb_id) VALUES (?, ?)`).run(`Movie ${index + 1}`, imdbId);
    tempFile(`${imdbId}.${extension}`, bytes, dir);
  }
  await scanPosterFolder(db, { folder: dir });
  return { db, dir };
}

function standInModel(): string {
  return tempFile('stand-in.onnx', buildStandInModel({ withEmbedding: true }));
}

describe('poster embedding job', () => {
  it('embeds good posters, records bad ones with a reason, and computes colour statistics', async () => {
    const { db } = await catalogWithPosters([
      ['jpg', await solidJpeg(250, 240, 230)],
      [
        'png',
        await sharp({ create: { width: 40, height: 60, channels: 3, background: { r: 200, g: 20, b: 20 } } })
          .png()
          .toBuffer(),
      ],
      ['webp', Buffer.from('this is not an image at all')],
      ['gif', Buffer.from([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1])],
    ]);
    const model = standInModel();
    const progress: string[] = [];
    const summary = await embedPosters(db, { model: { explicitPath: model }, batchSize: 2, onProgress: (p) => progress.push(p.phase) });
    expect(summary).toMatchObject({ status: 'completed', posters: 4, queued: 4, embedded: 2, failed: 2, remaining: 0 });
    expect(summary.issues.map((issue) => path.extname(issue.path)).sort()).toEqual(['.gif', '.webp']);
    for (const issue of summary.issues) expect(issue.reason).toMatch(/\S{3,}/);
    expect(progress).toContain('done');

    const rows = db.prepare(`SELECT poster_id AS id, status, brightness, saturation, warmth FROM poster_embeddings ORDER BY poster_id`).all() as {
      id: number;
      status: string;
      brightness: number | null;
      saturation: number | null;
      warmth: number | null;
    }[];
    expect(rows.map((row) => row.status)).toEqual(['done', 'done', 'failed', 'failed']);
    const [light, red] = rows;
    expect(light!.brightness!).toBeGreaterThan(0.85);
    expect(light!.saturation!).toBeLessThan(0.15);
    expect(red!.saturation!).toBeGreaterThan(0.7);
    expect(red!.warmth!).toBeGreaterThan(light!.warmth!);
    const vector = readPosterEmbedding(db, light!.id)!.vector;
    expect(vector).toHaveLength(1280);
    expect(vector.every(Number.isFinite)).toBe(true);

    // Running again does nothing: done posters are skipped, failed ones wait for --retry-failed.
    const again = await embedPosters(db, { model: { explicitPath: model } });
    expect(again).toMatchObject({ queued: 0, alreadyDone: 2, skippedFailed: 2 });
    const retried = await embedPosters(db, { model: { explicitPath: model }, retryFailed: true });
    expect(retried).toMatchObject({ queued: 2, embedded: 0, failed: 2 });
  });

  it('refuses images over the pixel limit without decoding them, and goes on', async () => {
    const { db } = await catalogWithPosters([
      ['jpg', await solidJpeg(10, 10, 10, 400, 600)],
      ['jpg', await solidJpeg(10, 10, 10, 30, 40)],
    ]);
    const summary = await embedPosters(db, { model: { explicitPath: standInModel() }, limits: { maxInputPixels: 100_000 } });
    expect(summary).toMatchObject({ embedded: 1, failed: 1 });
    expect(summary.issues[0]?.reason).toMatch(/pixel|large/i);
  });

  it('redoes a poster whose file changed, and resumes after a cancel without redoing finished batches', async () => {
    const images: [string, Buffer][] = [];
    for (let index = 0; index < 12; index++) images.push(['jpg', await solidJpeg(index * 20, 100, 200 - index * 10)]);
    const { db, dir } = await catalogWithPosters(images);
    const model = standInModel();
    const controller = new AbortController();
    let embeddedBeforeCancel = 0;
    const first = await embedPosters(db, {
      model: { explicitPath: model },
      batchSize: 2,
      inFlight: 1,
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.phase === 'embedding' && progress.done >= 4) controller.abort();
        embeddedBeforeCancel = progress.done;
      },
      progressIntervalMs: 0,
    });
    expect(first.status).toBe('cancelled');
    expect(first.embedded).toBeGreaterThanOrEqual(4);
    expect(first.embedded).toBeLessThan(12);
    expect(embeddedBeforeCancel).toBe(first.embedded);

    const second = await embedPosters(db, { model: { explicitPath: model } });
    expect(second).toMatchObject({ status: 'completed', alreadyDone: first.embedded, embedded: 12 - first.embedded, remaining: 0 });

    const changed = fs.readdirSync(dir)[0]!;
    fs.writeFileSync(path.join(dir, changed), await solidJpeg(1, 2, 3, 50, 50));
    fs.utimesSync(path.join(dir, changed), new Date(), new Date(Date.now() + 5000));
    await scanPosterFolder(db, { folder: dir });
    expect(await embedPosters(db, { model: { explicitPath: model } })).toMatchObject({ queued: 1, embedded: 1 });
  });

  it('pauses between batches and resumes', async () => {
    const images: [string, Buffer][] = [];
    for (let index = 0; index < 6; index++) images.push(['jpg', await solidJpeg(30 * index, 50, 50)]);
    const { db } = await catalogWithPosters(images);
    const phases: string[] = [];
    const job = startPosterEmbedding(db, {
      model: { explicitPath: standInModel() },
      batchSize: 1,
      inFlight: 1,
      progressIntervalMs: 0,
      onProgress: (progress) => {
        phases.push(progress.phase);
        if (progress.phase === 'embedding' && progress.done === 2 && !job.paused) {
          job.pause();
          setTimeout(() => job.resume(), 200);
        }
      },
    });
    const summary = await job.result;
    expect(summary).toMatchObject({ status: 'completed', embedded: 6 });
    expect(phases).toContain('paused');
    expect(phases.indexOf('paused')).toBeLessThan(phases.lastIndexOf('embedding'));
  });

  it('says clearly when there is no model, and changes nothing', async () => {
    const { db } = await catalogWithPosters([['jpg', await solidJpeg(1, 1, 1)]]);
    await expect(embedPosters(db, { model: { appModelDirs: [tempDir()], dataDir: tempDir(), env: {} } })).rejects.toThrow(ModelNotFoundError);
    expect(db.prepare(`SELECT count(*) FROM poster_embeddings`).pluck().get()).toBe(0);
  });

  it.skipIf(!fs.existsSync(REAL_MODEL) || !fs.existsSync(SHARED_POSTERS))(
    'with the real MobileNetV2 (models/, from ../shared), similar posters of one film are closer than unrelated ones',
    async () => {
      const db = tempDatabase();
      const dir = tempDir();
      const names = fs.readdirSync(SHARED_POSTERS).sort().slice(0, 6);
      names.forEach((name, index) => {
        db.prepare(`INSERT INTO movies(title, imdb_id) VALUES (?, ?)`).run(`Film ${index}`, path.basename(name, '.jpg'));
        fs.copyFileSync(path.join(SHARED_POSTERS, name), path.join(dir, name));
      });
      // The same poster, mirrored: should be the nearest neighbour of the original.
      const mirrored = await sharp(path.join(SHARED_POSTERS, names[0]!)).flop().jpeg().toBuffer();
      db.prepare(`INSERT INTO movies(title, tmdb_id) VALUES ('Mirror', 999999)`).run();
      fs.writeFileSync(path.join(dir, 'tmdb-999999.jpg'), mirrored);
      await scanPosterFolder(db, { folder: dir });
      const summary = await embedPosters(db, { model: { explicitPath: REAL_MODEL } });
      expect(summary).toMatchObject({ embedded: 7, failed: 0 });
      const ids = db.prepare(`SELECT id FROM posters ORDER BY path`).pluck().all() as number[];
      const vectors = ids.map((id) => readPosterEmbedding(db, id)!.vector);
      const cosine = (a: Float32Array, b: Float32Array) => {
        let dot = 0,
          na = 0,
          nb = 0;
        for (let i = 0; i < a.length; i++) {
          dot += a[i]! * b[i]!;
          na += a[i]! ** 2;
          nb += b[i]! ** 2;
        }
        return dot / Math.sqrt(na * nb);
      };
      const pathOf = db.prepare(`SELECT path FROM posters WHERE id = ?`).pluck();
      const original = ids.findIndex((id) => (pathOf.get(id) as string).endsWith(names[0]!));
      const mirror = ids.findIndex((id) => (pathOf.get(id) as string).endsWith('tmdb-999999.jpg'));
      const others = ids.map((_, index) => index).filter((index) => index !== original && index !== mirror);
      const toMirror = cosine(vectors[original]!, vectors[mirror]!);
      for (const other of others) expect(toMirror).toBeGreaterThan(cosine(vectors[original]!, vectors[other]!));
    },
    60_000,
  );
});
