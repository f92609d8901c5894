import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { statReadableFile, UnreadableFileError } from './readable-file.js';

describe('statReadableFile', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crossfade-readable-'));

  it('returns the stats of a regular file', () => {
    const file = path.join(dir, 'songs.csv');
    fs.writeFileSync(file, 'a,b\n');
    expect(statReadableFile(file).size).toBe(4);
  });

  it('names a missing file as the caller shows it, with the system error code and what to check', () => {
    expect(() => statReadableFile(path.join(dir, 'gone.csv'), 'gone.csv')).toThrow(
      new UnreadableFileError('gone.csv cannot be read (ENOENT). Check the path and permissions.'),
    );
  });

  it('refuses a folder', () => {
    expect(() => statReadableFile(dir, 'posters')).toThrow('posters is not a file. Choose a CSV file.');
  });
});
