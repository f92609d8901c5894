import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random.js';
import { fitLogistic, sampledAuc } from './logistic.js';

describe('fitLogistic', () => {
  it('recovers the direction of a known model and shrinks with the penalty', () => {
    const random = seededRandom(7);
    const samples = 4000;
    const features = new Float64Array(samples * 3);
    const labels = new Float64Array(samples);
    for (let sample = 0; sample < samples; sample++) {
      const x = [random() * 2 - 1, random() * 2 - 1, random() * 2 - 1];
      features.set(x, sample * 3);
      const z = 2 * x[0]! - 1 * x[1]! + 0 * x[2]! - 0.5;
      labels[sample] = random() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    }
    const loose = fitLogistic(features, labels, 3, { lambda: 0.01 });
    expect(loose.coefficients[0]).toBeCloseTo(2, 0);
    expect(loose.coefficients[1]).toBeCloseTo(-1, 0);
    expect(Math.abs(loose.coefficients[2]!)).toBeLessThan(0.2);
    expect(loose.intercept).toBeCloseTo(-0.5, 0);
    const tight = fitLogistic(features, labels, 3, { lambda: 2000 });
    expect(Math.abs(tight.coefficients[0]!)).toBeLessThan(Math.abs(loose.coefficients[0]!) / 2);
  });

  it('refuses features that do not match the labels', () => {
    expect(() => fitLogistic(new Float64Array(5), [0, 1], 3, { lambda: 1 })).toThrow(/feature values/);
  });
});

describe('sampledAuc', () => {
  it('is 1 for a perfect order, 0.5 for ties and 0 for a reversed order', () => {
    expect(sampledAuc([0.9, 0.8, 0.1, 0.2], [1, 1, 0, 0])).toBe(1);
    expect(sampledAuc([0.5, 0.5, 0.5], [1, 0, 0])).toBe(0.5);
    expect(sampledAuc([0.1, 0.9], [1, 0])).toBe(0);
  });
});
