import { describe, expect, it } from 'vitest';
import { CONTRACT_AREAS, METHODS } from './contract';

describe('contract areas', () => {
  it('declare every method once (a later area would silently replace an earlier one)', () => {
    const declared = CONTRACT_AREAS.flatMap((area) => Object.keys(area));
    expect(declared.length).toBe(new Set(declared).size);
    expect([...declared].sort()).toEqual([...METHODS].sort());
  });
});
