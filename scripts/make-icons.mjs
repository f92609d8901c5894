#!/usr/bin/env node
// Renders the app icon from one SVG (build/icon.svg: a dark rounded square with two overlapping
// discs, a song and a movie, whose overlap is the "crossfade") into everything electron-builder
// and browser mode use, with sharp (already a dependency), offline:
//
//   build/icon.svg            the master picture (written from LOGO_SVG below)
//   build/icon.png            1024x1024 (electron-builder's source; browser mode's favicon)
//   build/icons/<n>x<n>.png   16 ... 1024 (the Linux icon set: AppImage, deb)
//   build/icon.ico            Windows (NSIS): 16-48 as 32-bit BMP entries, 64-256 as PNG entries
//   build/icon.icns           macOS (dmg): PNG entries ic07-ic14, icp4, icp5
//
// Run `node scripts/make-icons.mjs` after changing the design; the files are committed.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

const BUILD = path.resolve(import.meta.dirname, '..', 'build');

const LOGO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="1024" height="1024" viewBox="0 0 512 512">
  <title>Crossfade</title>
  <defs>
    <clipPath id="left-disc">
      <circle cx="206" cy="256" r="130"/>
    </clipPath>
  </defs>
  <rect x="16" y="16" width="480" height="480" rx="96" fill="#14111f"/>
  <circle cx="206" cy="256" r="130" fill="#ff7a6b"/>
  <circle cx="306" cy="256" r="130" fill="#4fd1c5"/>
  <circle cx="306" cy="256" r="130" fill="#f6ecd9" clip-path="url(#left-disc)"/>
</svg>
`;

const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
/** Below this, ICO entries are BMPs: the classic form every Windows tool (NSIS, rcedit) reads. */
const ICO_PNG_FROM = 64;
/** ICNS types holding PNG data, with their pixel size (the @2x types are the larger size). */
const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['ic11', 32],
  ['ic12', 64],
  ['ic07', 128],
  ['ic13', 256],
  ['ic08', 256],
  ['ic14', 512],
  ['ic09', 512],
  ['ic10', 1024],
];

/** The logo at size x size, rendered from the vector (not scaled down from a bitmap). */
function render(size) {
  return sharp(Buffer.from(LOGO_SVG), { density: (72 * size) / 1024 }).resize(size, size, { fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 0 } });
}

const png = (size) => render(size).png({ compressionLevel: 9 }).toBuffer();

/** A 32-bit BMP icon entry (BITMAPINFOHEADER, bottom-up BGRA rows, then the 1-bit AND mask). */
async function bmpEntry(size) {
  const { data } = await render(size).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0); // header size
  header.writeInt32LE(size, 4); // width
  header.writeInt32LE(size * 2, 8); // height: XOR bitmap + AND mask
  header.writeUInt16LE(1, 12); // planes
  header.writeUInt16LE(32, 14); // bits per pixel
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const from = (y * size + x) * 4;
      const to = ((size - 1 - y) * size + x) * 4;
      pixels[to] = data[from + 2]; // B
      pixels[to + 1] = data[from + 1]; // G
      pixels[to + 2] = data[from]; // R
      pixels[to + 3] = data[from + 3]; // A
    }
  }
  const maskStride = Math.ceil(size / 32) * 4; // all zero: the alpha channel decides
  return Buffer.concat([header, pixels, Buffer.alloc(maskStride * size)]);
}

async function ico() {
  const images = await Promise.all(ICO_SIZES.map((size) => (size >= ICO_PNG_FROM ? png(size) : bmpEntry(size))));
  const directory = Buffer.alloc(6 + 16 * images.length);
  directory.writeUInt16LE(0, 0); // reserved
  directory.writeUInt16LE(1, 2); // type: icon
  directory.writeUInt16LE(images.length, 4);
  let offset = directory.length;
  images.forEach((image, index) => {
    const size = ICO_SIZES[index];
    const entry = 6 + index * 16;
    directory.writeUInt8(size >= 256 ? 0 : size, entry); // 0 means 256
    directory.writeUInt8(size >= 256 ? 0 : size, entry + 1);
    directory.writeUInt8(0, entry + 2); // no palette
    directory.writeUInt8(0, entry + 3); // reserved
    directory.writeUInt16LE(1, entry + 4); // colour planes
    directory.writeUInt16LE(32, entry + 6); // bits per pixel
    directory.writeUInt32LE(image.length, entry + 8);
    directory.writeUInt32LE(offset, entry + 12);
    offset += image.length;
  });
  return Buffer.concat([directory, ...images]);
}

async function icns() {
  const chunks = [];
  for (const [type, size] of ICNS_TYPES) {
    const data = await png(size);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(data.length + 8, 4);
    chunks.push(head, data);
  }
  const body = Buffer.concat(chunks);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

async function main() {
  mkdirSync(path.join(BUILD, 'icons'), { recursive: true });
  const written = [];
  const write = (relative, data) => {
    writeFileSync(path.join(BUILD, relative), data);
    written.push(`build/${relative} (${data.length} bytes)`);
  };
  write('icon.svg', LOGO_SVG);
  write('icon.png', await png(1024));
  for (const size of LINUX_SIZES) write(path.join('icons', `${size}x${size}.png`), await png(size));
  write('icon.ico', await ico());
  write('icon.icns', await icns());
  console.log(`make-icons: wrote\n  ${written.join('\n  ')}`);
}

main().catch((error) => {
  console.error(`make-icons: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
