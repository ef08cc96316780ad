import { describe, expect, it } from 'vitest';
import { cumulativeVolumeFraction, volumeWeight } from '../../../src/infra/market/intraday-profile.js';

describe('intraday volume profile', () => {
  it('is U-shaped with mean 1', () => {
    const w = Array.from({ length: 390 }, (_, i) => volumeWeight(i));
    expect(w.reduce((a, b) => a + b, 0) / 390).toBeCloseTo(1, 9);
    expect(volumeWeight(0)).toBeGreaterThan(2 * volumeWeight(195));
    expect(volumeWeight(389)).toBeGreaterThan(1.5 * volumeWeight(195));
  });

  it('accumulates from 0 at the open to 1 at the close, never falling', () => {
    expect(cumulativeVolumeFraction(-5)).toBe(0);
    expect(cumulativeVolumeFraction(0)).toBe(0);
    expect(cumulativeVolumeFraction(390)).toBe(1);
    expect(cumulativeVolumeFraction(389.999)).toBeCloseTo(1, 4);
    const xs = Array.from({ length: 781 }, (_, i) => cumulativeVolumeFraction(i / 2));
    expect(xs.every((x, i) => i === 0 || x >= (xs[i - 1] ?? 0))).toBe(true);
    expect(cumulativeVolumeFraction(30)).toBeGreaterThan(30 / 390);
  });
});
