import { describe, expect, it } from 'vitest';
import { safeFileName } from './safe-file-name.js';

describe('safeFileName options', () => {
  it('keeps the end of a long name (its extension) and uses the given fallback', () => {
    const long = `${'x'.repeat(300)}.csv`;
    expect(safeFileName(long, { maxLength: 200, keepEnd: true })).toBe(`${'x'.repeat(196)}.csv`);
    expect(safeFileName('...', { fallback: 'upload.csv' })).toBe('upload.csv');
    expect(safeFileName('nul', { fallback: 'upload.csv' })).toBe('nul_');
  });
});
