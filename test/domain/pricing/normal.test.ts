import { describe, expect, it } from 'vitest';
import { millsRatio, normCdf, normPdf } from '../../../src/domain/pricing/normal.js';
import { REFERENCE } from '../../fixtures/pricing/reference.js';

/**
 * Against 50-digit mpmath values (test/fixtures/pricing/reference.py) at x from −38.4 to 8.5,
 * dense near 0, at and around every switch point of the code. The measured worst is about
 * 4.7e-16 relative for both Φ and φ; the bound asserted is 1e-15 (the old rational erfc was
 * off by up to 1.1e-7). Below 2.2e-308 doubles are subnormal and carry less than 1e-15
 * relative precision themselves: there the bound is one least subnormal more.
 */
const REL = 1e-15;
const SUBNORMAL_FLOOR = 2 * Number.MIN_VALUE;

function within(got: number, want: number): boolean {
  return Math.abs(got - want) <= REL * want + SUBNORMAL_FLOOR;
}

describe('the standard normal distribution', () => {
  it('matches the 50-digit Φ(x) to 1e-15 relative over [−38.4, 8.5], tails included', () => {
    const misses = REFERENCE.normal.filter((r) => !within(normCdf(r.x), r.cdf));
    expect(misses).toEqual([]);
    expect(REFERENCE.normal.length).toBeGreaterThan(1000);
  });

  it('matches the 50-digit φ(x) to 1e-15 relative', () => {
    const misses = REFERENCE.normal.filter((r) => !within(normPdf(r.x), r.pdf));
    expect(misses).toEqual([]);
  });

  it('matches the Mills ratio Q(u)/φ(u) of the references where both are normal doubles', () => {
    // The quotient of two rounded references carries up to one more ulp: 2e-15.
    for (const r of REFERENCE.normal) {
      if (r.x > 0 || r.cdf < 1e-300) continue;
      const want = r.cdf / r.pdf;
      expect(Math.abs(millsRatio(-r.x) - want)).toBeLessThanOrEqual(2e-15 * want);
    }
  });

  it('keeps far tails relative to their own size: Φ(−30) ≈ 4.906713927148187e-198', () => {
    // mpmath.ncdf(-30) at 50 digits: 4.90671392714818705953...e-198
    expect(Math.abs(normCdf(-30) / 4.906713927148187e-198 - 1)).toBeLessThan(REL);
    expect(normCdf(-40)).toBe(0); // 3.7e-350 underflows
    expect(normCdf(40)).toBe(1);
    expect(normPdf(40)).toBe(0);
  });

  it('is exactly ½ at 0 and passes NaN through', () => {
    expect(normCdf(0)).toBe(0.5);
    expect(normCdf(-0)).toBe(0.5);
    expect(normCdf(Number.NaN)).toBeNaN();
    expect(normPdf(Number.NaN)).toBeNaN();
    expect(normCdf(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(normCdf(Number.POSITIVE_INFINITY)).toBe(1);
  });
});
