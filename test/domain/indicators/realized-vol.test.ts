import { describe, expect, it } from 'vitest';
import { RealizedVol } from '../../../src/domain/indicators/realized-vol.js';

describe('RealizedVol', () => {
  it('is the sample stdev of log returns × sqrt(barsPerYear)', () => {
    const rv = RealizedVol.create(2, 4);
    expect(rv.update(100)).toBeUndefined();
    expect(rv.update(110)).toBeUndefined();
    expect(rv.initialized).toBe(false);
    const a = Math.log(110 / 100);
    const b = Math.log(99 / 110);
    // sample stdev of two values = |a − b| / sqrt(2); × sqrt(4)
    expect(rv.update(99)).toBeCloseTo((Math.abs(a - b) / Math.SQRT2) * 2, 12);
    expect(rv.initialized).toBe(true);
    const c = Math.log(99 / 99);
    expect(rv.update(99)).toBeCloseTo((Math.abs(b - c) / Math.SQRT2) * 2, 12);
  });

  it('is 0 (never NaN) on a flat series', () => {
    const rv = RealizedVol.create(5, 98_280);
    let last: number | undefined;
    for (let i = 0; i < 50; i += 1) last = rv.update(123.45);
    expect(last).toBe(0);
  });

  it('annualises with the default one-minute bars per year', () => {
    const rv = RealizedVol.create(2, 390 * 252);
    [100, 101, 100].forEach((c) => rv.update(c));
    const a = Math.log(1.01);
    const b = Math.log(100 / 101);
    expect(rv.value).toBeCloseTo((Math.abs(a - b) / Math.SQRT2) * Math.sqrt(98_280), 9);
  });
});
