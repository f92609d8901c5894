import fs from 'node:fs';
import sharp from 'sharp';
import type { PosterColour } from '../../features/types.js';
import { ColourSums } from './colour-stats.js';

/**
 * Poster preprocessing for MobileNetV2 (models/README.md), done one way everywhere:
 *
 * 1. decode with sharp (libvips), honour EXIF orientation, put transparency on white, convert to sRGB;
 * 2. cover-resize to 224×224: scale so the shorter side is 224, then centre-crop the longer one
 *    (sharp `fit: 'cover', position: 'centre'`, bilinear like torchvision's Resize). Chosen over
 *    "shorter side 256 + centre-crop 224" because it keeps the full width of a 2:3 poster (only
 *    the top and bottom are cropped) and it is one resize. Bilinear rather than sharp's default
 *    Lanczos-3: it matches the torchvision preprocessing the weights were trained with and
 *    costs about 1 ms less CPU per poster;
 * 3. scale to [0, 1], normalise with ImageNet mean [0.485, 0.456, 0.406] and std [0.229, 0.224, 0.225];
 * 4. lay out as NCHW float32.
 */
export const INPUT_SIZE = 224;
export const IMAGENET_MEAN = [0.485, 0.456, 0.406] as const;
export const IMAGENET_STD = [0.229, 0.224, 0.225] as const;
/** Floats per image in the model input (3 × 224 × 224). */
export const IMAGE_TENSOR_LENGTH = 3 * INPUT_SIZE * INPUT_SIZE;

export interface DecodeLimits {
  /** Larger images (width × height) are refused without decoding them (sharp limitInputPixels). */
  readonly maxInputPixels: number;
  /** Files bigger than this are refused without reading them. */
  readonly maxFileBytes: number;
  /** libvips gives up on one image after this long. */
  readonly timeoutSeconds: number;
}

export const DEFAULT_DECODE_LIMITS: DecodeLimits = {
  maxInputPixels: 40_000_000,
  maxFileBytes: 50 * 1024 * 1024,
  timeoutSeconds: 10,
};

export type PosterProblem = 'missing' | 'empty' | 'file-too-large' | 'too-many-pixels' | 'not-an-image' | 'corrupt' | 'timeout';

/** A poster that cannot be used; `message` is what the user sees in the report. */
export class PosterDecodeError extends Error {
  constructor(
    readonly problem: PosterProblem,
    message: string,
  ) {
    super(message);
    this.name = 'PosterDecodeError';
  }
}

export interface DecodedPoster {
  /** 224 × 224 × 3 interleaved 8-bit sRGB. */
  readonly rgb: Buffer;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Turns a libvips/sharp error into a reason a person can act on. */
async function explain(error: unknown, input: Buffer, limits: DecodeLimits): Promise<PosterDecodeError> {
  const text = error instanceof Error ? error.message : String(error);
  if (/unsupported image format|bad seek|not a known file format|is not in a known format/i.test(text))
    return new PosterDecodeError('not-an-image', 'not an image file (unknown or unsupported format)');
  if (/pixel limit/i.test(text)) {
    let size = '';
    try {
      const { width, height } = await sharp(input, { limitInputPixels: false }).metadata();
      if (width && height) size = ` ${width}×${height} =`;
    } catch {
      // the size is a nicety
    }
    return new PosterDecodeError('too-many-pixels', `image too large:${size} more than ${limits.maxInputPixels.toLocaleString('en-US')} pixels`);
  }
  if (/timeout/i.test(text)) return new PosterDecodeError('timeout', `decoding took longer than ${limits.timeoutSeconds} s`);
  return new PosterDecodeError('corrupt', `corrupt or truncated image (${text.split('\n')[0]?.trim() || 'decoder error'})`);
}

/** Decodes and cover-resizes one image to 224×224 sRGB. Throws PosterDecodeError for anything unusable. */
export async function decodePoster(input: Buffer, limits: DecodeLimits = DEFAULT_DECODE_LIMITS): Promise<DecodedPoster> {
  if (input.length === 0) throw new PosterDecodeError('empty', 'empty file (0 bytes)');
  try {
    const { data, info } = await sharp(input, { limitInputPixels: limits.maxInputPixels, failOn: 'error', sequentialRead: true })
      .timeout({ seconds: limits.timeoutSeconds })
      .rotate()
      .flatten({ background: '#ffffff' })
      .resize(INPUT_SIZE, INPUT_SIZE, { fit: 'cover', position: 'centre', kernel: 'linear' })
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.width !== INPUT_SIZE || info.height !== INPUT_SIZE || info.channels !== 3 || data.length !== IMAGE_TENSOR_LENGTH)
      throw new Error(`unexpected decoder output ${info.width}×${info.height}×${info.channels}`);
    return { rgb: data };
  } catch (error) {
    throw await explain(error, input, limits);
  }
}

/** Reads a poster file with the size limits applied before reading. */
export async function readPosterFile(file: string, limits: DecodeLimits = DEFAULT_DECODE_LIMITS): Promise<Buffer> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new PosterDecodeError('missing', code === 'ENOENT' ? 'file not found' : `cannot open the file (${code ?? String(error)})`);
  }
  try {
    const { size, isFile } = await handle.stat().then((s) => ({ size: s.size, isFile: s.isFile() }));
    if (!isFile) throw new PosterDecodeError('missing', 'not a file');
    if (size === 0) throw new PosterDecodeError('empty', 'empty file (0 bytes)');
    if (size > limits.maxFileBytes)
      throw new PosterDecodeError('file-too-large', `file too large (${megabytes(size)}, the limit is ${megabytes(limits.maxFileBytes)})`);
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/** Reads and decodes one poster file. */
export async function loadPoster(file: string, limits: DecodeLimits = DEFAULT_DECODE_LIMITS): Promise<DecodedPoster> {
  return decodePoster(await readPosterFile(file, limits), limits);
}

const LUTS: readonly Float32Array[] = [0, 1, 2].map((channel) =>
  Float32Array.from({ length: 256 }, (_, value) => (value / 255 - IMAGENET_MEAN[channel]!) / IMAGENET_STD[channel]!),
);

/**
 * Writes one 224×224 RGB image, normalised, into image slot `index` of an NCHW batch
 * (`target` holds at least (index + 1) × 3 × 224 × 224 floats), and returns its colour
 * statistics, computed in the same pass over the pixels.
 */
export function writeModelInput(rgb: Uint8Array, target: Float32Array, index: number): PosterColour {
  const plane = INPUT_SIZE * INPUT_SIZE;
  if (rgb.length !== plane * 3) throw new RangeError(`writeModelInput needs ${plane * 3} RGB bytes, got ${rgb.length}.`);
  const base = index * 3 * plane;
  if (target.length < base + 3 * plane) throw new RangeError(`writeModelInput: the batch has no slot ${index}.`);
  const [lutR, lutG, lutB] = LUTS as [Float32Array, Float32Array, Float32Array];
  // One pass: normalised planes for the model, and the sums for colourStatistics (same formulas).
  const sums = new ColourSums();
  for (let p = 0, q = 0; p < plane; p++, q += 3) {
    const r = rgb[q]!;
    const g = rgb[q + 1]!;
    const b = rgb[q + 2]!;
    target[base + p] = lutR[r]!;
    target[base + plane + p] = lutG[g]!;
    target[base + 2 * plane + p] = lutB[b]!;
    sums.add(r, g, b);
  }
  return sums.colour();
}
