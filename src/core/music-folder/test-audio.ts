/**
 * Test-only: tiny tagged audio files written byte by byte. A WAV file is a RIFF container: a "fmt "
 * chunk (PCM format), a LIST/INFO chunk whose INAM (title), IART (artist) and IPRD (album) entries
 * music-metadata reads as tags, and a "data" chunk whose length gives the duration.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Samples per second: low, so a three-minute file stays a few kilobytes (8-bit mono). */
const SAMPLE_RATE = 100;

function chunk(id: string, body: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.write(id, 0, 'ascii');
  header.writeUInt32LE(body.length, 4);
  // Chunks are padded to an even length.
  return Buffer.concat([header, body, body.length % 2 === 1 ? Buffer.alloc(1) : Buffer.alloc(0)]);
}

function infoText(text: string): Buffer {
  return Buffer.concat([Buffer.from(text, 'utf8'), Buffer.alloc(1)]);
}

function wavBytes(tags: { title?: string; artist?: string; album?: string }, seconds: number): Buffer {
  const fmt = Buffer.alloc(16);
  fmt.writeUInt16LE(1, 0); // PCM
  fmt.writeUInt16LE(1, 2); // mono
  fmt.writeUInt32LE(SAMPLE_RATE, 4);
  fmt.writeUInt32LE(SAMPLE_RATE, 8); // bytes per second
  fmt.writeUInt16LE(1, 12); // block align
  fmt.writeUInt16LE(8, 14); // bits per sample
  const entries = [
    ...(tags.title ? [chunk('INAM', infoText(tags.title))] : []),
    ...(tags.artist ? [chunk('IART', infoText(tags.artist))] : []),
    ...(tags.album ? [chunk('IPRD', infoText(tags.album))] : []),
  ];
  const list = chunk('LIST', Buffer.concat([Buffer.from('INFO', 'ascii'), ...entries]));
  const data = chunk('data', Buffer.alloc(Math.round(seconds * SAMPLE_RATE), 128));
  const body = Buffer.concat([Buffer.from('WAVE', 'ascii'), chunk('fmt ', fmt), list, data]);
  return Buffer.concat([Buffer.from('RIFF', 'ascii'), Buffer.from(new Uint32Array([body.length]).buffer), body]);
}

export function writeWav(file: string, tags: { title?: string; artist?: string; album?: string }, seconds: number): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, wavBytes(tags, seconds));
  return file;
}
