import type { PosterColour } from '../../features/types.js';

/**
 * Hasler & Süsstrunk's colourfulness M is divided by this and capped at 1. In their paper
 * (2003, "Measuring colourfulness in natural images") M ≈ 109 is "extremely colourful"
 * (≈ 0.73 here); a single saturated primary scores 76.5–85.5 and only large blocks of
 * complementary saturated colours go past 150 (the two-colour maximum is ≈ 298).
 */
export const COLOURFULNESS_SCALE = 150;

/** 1 / v for v in 0..255 (0 for 0): HSV saturation without a division per pixel. */
const INVERSE_BYTE = Float64Array.from({ length: 256 }, (_, value) => (value === 0 ? 0 : 1 / value));

/**
 * Per-image sums of the per-pixel quantities (pixel values 0–255), added one pixel at a time.
 * Both colourStatistics and the poster job's one-pass model input (preprocess.ts
 * writeModelInput) feed their pixels through this, so the formulas live in one place.
 */
export class ColourSums {
  private count = 0;
  private y = 0;
  private y2 = 0;
  private saturation = 0;
  private rMinusB = 0;
  private rg = 0;
  private rg2 = 0;
  private yb = 0;
  private yb2 = 0;

  add(r: number, g: number, b: number): void {
    this.count++;
    const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    this.y += y;
    this.y2 += y * y;
    const max = r > g ? (r > b ? r : b) : g > b ? g : b;
    const min = r < g ? (r < b ? r : b) : g < b ? g : b;
    this.saturation += (max - min) * INVERSE_BYTE[max]!;
    this.rMinusB += r - b;
    const rg = r - g;
    const yb = 0.5 * (r + g) - b;
    this.rg += rg;
    this.rg2 += rg * rg;
    this.yb += yb;
    this.yb2 += yb * yb;
  }

  /** The statistics of the pixels added so far (see colourStatistics for the formulas). */
  colour(): PosterColour {
    const n = this.count;
    if (n === 0) throw new RangeError('Colour statistics need at least one pixel.');
    const meanY = this.y / n;
    const varianceY = Math.max(0, this.y2 / n - meanY * meanY);
    const meanRg = this.rg / n;
    const meanYb = this.yb / n;
    const varianceRg = Math.max(0, this.rg2 / n - meanRg * meanRg);
    const varianceYb = Math.max(0, this.yb2 / n - meanYb * meanYb);
    const m = Math.sqrt(varianceRg + varianceYb) + 0.3 * Math.sqrt(meanRg * meanRg + meanYb * meanYb);
    return {
      brightness: clamp01(meanY / 255),
      saturation: clamp01(this.saturation / n),
      warmth: clamp01((1 + this.rMinusB / n / 255) / 2),
      contrast: clamp01((2 * Math.sqrt(varianceY)) / 255),
      colourfulness: clamp01(m / COLOURFULNESS_SCALE),
    };
  }
}

/**
 * Colour statistics of an 8-bit sRGB image (interleaved, `channels` values per pixel, extra
 * channels ignored), each in [0, 1]. With R, G, B in [0, 1] per pixel (gamma-encoded, as stored):
 *
 * - brightness    = mean(Y), Y = 0.2126 R + 0.7152 G + 0.0722 B (Rec. 709 luma)
 * - contrast      = min(1, 2 · std(Y)) (RMS contrast; the std of values in [0, 1] is at most 0.5)
 * - saturation    = mean((max − min) / max) per pixel (HSV saturation; 0 for black)
 * - warmth        = (1 + mean(R − B)) / 2: 0.5 neutral, 1 pure red/orange/yellow, 0 pure blue
 * - colourfulness = min(1, M / 150), Hasler & Süsstrunk (2003) on 0–255 values:
 *                   rg = R − G, yb = (R + G)/2 − B, M = sqrt(σrg² + σyb²) + 0.3 · sqrt(μrg² + μyb²)
 *
 * The poster job computes them on the same 224×224 centre crop the model sees, in the pass that
 * fills the model input (preprocess.ts writeModelInput); this is the stand-alone version.
 */
export function colourStatistics(pixels: Uint8Array, channels = 3): PosterColour {
  if (channels < 3) throw new RangeError(`Colour statistics need RGB pixels, got ${channels} channel(s).`);
  const end = pixels.length - (pixels.length % channels);
  const sums = new ColourSums();
  for (let q = 0; q < end; q += channels) sums.add(pixels[q]!, pixels[q + 1]!, pixels[q + 2]!);
  return sums.colour();
}

function clamp01(value: number): number {
  return value < 0 ? 0 : value > 1 ? 1 : value;
}
