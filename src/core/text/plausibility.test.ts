import { describe, expect, it } from 'vitest';
import { scorePlausibility } from './plausibility.js';

describe('scorePlausibility', () => {
  it('scores real names above their wrong decodings', () => {
    const right = scorePlausibility('Yannick Nézet-Séguin, 周杰伦, Лед, “Heroes”');
    const wrong = scorePlausibility('Yannick N¨¦zet-S¨¦guin, ÖÜ½ÜÂ×, N┃zet');
    expect(right.incoherentWords).toBe(0);
    expect(right.score).toBeGreaterThan(wrong.score);
    expect(wrong.examples.length).toBeGreaterThan(0);
  });

  it('punishes Hangul or Han glued to Latin letters and broken characters', () => {
    expect(scorePlausibility('봧n 봶ith').incoherentWords).toBe(4);
    expect(scorePlausibility('Ros\uFFFDlia').brokenCharacters).toBe(1);
  });
});
