#!/usr/bin/env node
// Renders build/icon.png (512x512 RGBA), the same picture as build/icon.svg, using only
// node:zlib: a dark rounded square with two overlapping discs (a song and a movie) whose
// overlap is the "crossfade". Run with `node scripts/make-icon.mjs` after changing the design.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

const SIZE = 512;
const SAMPLES = 4; // 4x4 supersampling per pixel for anti-aliased edges

const BACKGROUND = [0x14, 0x11, 0x1f];
const LEFT = [0xff, 0x7a, 0x6b];
const RIGHT = [0x4f, 0xd1, 0xc5];
const OVERLAP = [0xf6, 0xec, 0xd9];

const square = { x: 16, y: 16, size: 480, radius: 96 };
const leftDisc = { cx: 206, cy: 256, r: 130 };
const rightDisc = { cx: 306, cy: 256, r: 130 };

function inRoundedSquare(x, y) {
  const { x: left, y: top, size, radius } = square;
  if (x < left || y < top || x > left + size || y > top + size) return false;
  const cx = Math.min(Math.max(x, left + radius), left + size - radius);
  const cy = Math.min(Math.max(y, top + radius), top + size - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

const inDisc = (disc, x, y) => (x - disc.cx) ** 2 + (y - disc.cy) ** 2 <= disc.r ** 2;

/** The colour (or null for transparent) at a point of the 512x512 canvas. */
function colourAt(x, y) {
  if (!inRoundedSquare(x, y)) return null;
  const left = inDisc(leftDisc, x, y);
  const right = inDisc(rightDisc, x, y);
  if (left && right) return OVERLAP;
  if (left) return LEFT;
  if (right) return RIGHT;
  return BACKGROUND;
}

function renderPixels() {
  const stride = SIZE * 4 + 1; // one filter byte per row
  const raw = Buffer.alloc(stride * SIZE);
  for (let py = 0; py < SIZE; py++) {
    raw[py * stride] = 0; // filter: none
    for (let px = 0; px < SIZE; px++) {
      let r = 0, g = 0, b = 0, covered = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const colour = colourAt(px + (sx + 0.5) / SAMPLES, py + (sy + 0.5) / SAMPLES);
          if (!colour) continue;
          r += colour[0];
          g += colour[1];
          b += colour[2];
          covered++;
        }
      }
      const offset = py * stride + 1 + px * 4;
      if (covered > 0) {
        raw[offset] = Math.round(r / covered);
        raw[offset + 1] = Math.round(g / covered);
        raw[offset + 2] = Math.round(b / covered);
        raw[offset + 3] = Math.round((255 * covered) / (SAMPLES * SAMPLES));
      }
    }
  }
  return raw;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

function encodePng(raw) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0); // width
  header.writeUInt32BE(SIZE, 4); // height
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  header[10] = 0; // compression
  header[11] = 0; // filter method
  header[12] = 0; // no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const output = path.resolve(import.meta.dirname, '..', 'build', 'icon.png');
const png = encodePng(renderPixels());
writeFileSync(output, png);
console.log(`make-icon: wrote ${path.relative(process.cwd(), output)} (${SIZE}x${SIZE}, ${png.length} bytes)`);
