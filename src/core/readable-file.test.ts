import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, tempFile } from './testing/temp.js';
import { statReadableFile, UnreadableFileError } from './readable-file.js';

describe('statReadableFile', () => {
  it('returns the stats of a regular file', () => {
    expect(statReadableFile(tempFile('songs.csv', 'a,b\n')).size).toBe(4);
  });

  it('names a missing file as the caller shows it, with the system error code and what to check', () => {
    expect(() => statReadableFile(path.join(tempDir(), 'gone.csv'), 'gone.csv')).toThrow(
      new UnreadableFileError('gone.csv cannot be read (ENOENT). Check the path and permissions.'),
    );
  });

  it('refuses a folder', () => {
    expect(() => statReadableFile(tempDir(), 'posters')).toThrow('posters is not a file. Choose a CSV file.');
  });
});
