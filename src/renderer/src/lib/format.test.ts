import { describe, expect, it } from 'vitest';
import { formatDateTime, formatRuntime, formatShortDateTime, formatTrackLength, listSummary, plural } from './format';

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

describe('listSummary', () => {
  it("gives a list's size and playing time, in minutes or hours and minutes", () => {
    expect(listSummary('playlist', [225, 232, 242, 202])).toBe('4 songs · 15 min');
    expect(listSummary('playlist', [20])).toBe('1 song · 1 min');
    expect(listSummary('watchlist', [152 * 60, 148 * 60, 169 * 60])).toBe('3 movies · 7 h 49 min');
    expect(listSummary('watchlist', [])).toBe('0 movies');
  });

  it('says how many items the time counts when some lengths are unknown, and leaves it out when none is known', () => {
    expect(listSummary('playlist', [240, null, 180, 0])).toBe('4 songs · 7 min for 2 of them');
    expect(listSummary('playlist', [null, null])).toBe('2 songs');
  });
});

describe('formatTrackLength and formatRuntime', () => {
  it('write a track as minutes and seconds and a film as hours and minutes, and nothing when unknown', () => {
    expect(formatTrackLength(225_400)).toBe('3:45');
    expect(formatTrackLength(59_600)).toBe('1:00');
    expect(formatTrackLength(null)).toBeNull();
    expect(formatTrackLength(0)).toBeNull();
    expect(formatRuntime(152)).toBe('2 h 32 min');
    expect(formatRuntime(95)).toBe('1 h 35 min');
    expect(formatRuntime(45)).toBe('45 min');
    expect(formatRuntime(null)).toBeNull();
  });
});
