import { describe, expect, it } from 'vitest';
import { formatDateTime, formatShortDateTime, plural } from './format';

describe('plural', () => {
  it('says one of a thing in the singular and any other count in the plural', () => {
    expect(plural(1, 'movie')).toBe('1 movie');
    expect(plural(0, 'movie')).toBe('0 movies');
    expect(plural(2, 'match', 'matches')).toBe('2 matches');
    expect(plural(1, 'more match', 'more matches')).toBe('1 more match');
  });
});

describe('formatShortDateTime', () => {
  it("leaves out this year's year, and keeps other years and text that is no date", () => {
    const now = new Date(2026, 11, 7, 12);
    const thisYear = new Date(2026, 11, 7, 3, 53).toISOString();
    const lastYear = new Date(2025, 11, 7, 3, 53).toISOString();
    expect(formatShortDateTime(thisYear, now)).not.toContain('2026');
    expect(formatShortDateTime(thisYear, now)).toContain('7');
    expect(formatShortDateTime(lastYear, now)).toBe(formatDateTime(lastYear));
    expect(formatShortDateTime('not a date', now)).toBe('not a date');
  });
});
