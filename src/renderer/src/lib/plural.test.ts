import { describe, expect, it } from 'vitest';
import { plural } from './format';

describe('plural', () => {
  it('says one of a thing in the singular and any other count in the plural', () => {
    expect(plural(1, 'movie')).toBe('1 movie');
    expect(plural(0, 'movie')).toBe('0 movies');
    expect(plural(2, 'match', 'matches')).toBe('2 matches');
    expect(plural(1, 'more match', 'more matches')).toBe('1 more match');
  });
});
