import { describe, expect, it } from 'vitest';
import { formatBytes } from './format';

describe('formatBytes', () => {
  it('uses binary units with at most one decimal', () => {
    expect(formatBytes(0, 'en-US')).toBe('0 B');
    expect(formatBytes(1023, 'en-US')).toBe('1,023 B');
    expect(formatBytes(1536, 'en-US')).toBe('1.5 KB');
    expect(formatBytes(5 * 1024 ** 2, 'en-US')).toBe('5 MB');
    expect(formatBytes(3.25 * 1024 ** 4, 'en-US')).toBe('3.3 TB');
    expect(formatBytes(1536, 'de-DE')).toBe('1,5 KB');
  });
});
