import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blackScholes, type BsInput } from '../../../src/domain/pricing/black-scholes.js';
import { impliedVol, MAX_VOL } from '../../../src/domain/pricing/implied-vol.js';
import { DomainError } from '../../../src/domain/errors.js';
import { REFERENCE } from '../../fixtures/pricing/reference.js';

const EPS = Number.EPSILON;

const base: Omit<BsInput, 'vol'> = { right: 'call', spot: 100, strike: 100, years: 30 / 365, rate: 0.04, dividendYield: 0.01 };

describe('implied volatility', () => {
  it('recovers the vol of a textbook price', () => {
    const r = impliedVol({ right: 'call', spot: 100, strike: 100, years: 1, rate: 0.05, dividendYield: 0, price: 10.4506 });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value).toBeCloseTo(0.2, 4);
  });

  it('round-trips: price at a vol in [0.05, 2], solve, get the vol back to what the price allows', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('call' as const, 'put' as const),
        fc.double({ min: 20, max: 800, noNaN: true }),
        fc.double({ min: 0.7, max: 1.3, noNaN: true }),
        fc.double({ min: 1 / 365, max: 2, noNaN: true }),
        fc.double({ min: 0.05, max: 2, noNaN: true }),
        fc.double({ min: 0, max: 0.08, noNaN: true }),
        fc.double({ min: 0, max: 0.05, noNaN: true }),
        (right, spot, moneyness, years, vol, rate, dividendYield) => {
          const input = { right, spot, strike: spot * moneyness, years, rate, dividendYield };
          const bs = blackScholes({ ...input, vol });
          // Where vega is negligible the price does not pin the vol down: skip those.
          fc.pre(bs.vega * 100 > 1e-3 * spot && bs.price > 1e-6 * spot);
          const r = impliedVol({ ...input, price: bs.price });
          expect(r.ok).toBe(true);
          // To what the price pins down: its terms are below spot + strike, so it is known to
          // about ε·(S + K), the vol to that over dPrice/dVol, plus a few ulps of the vol.
          const bound = 4 * EPS * ((input.spot + input.strike) / (100 * bs.vega) + vol);
          if (r.ok) expect(Math.abs(r.value - vol)).toBeLessThanOrEqual(bound);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('recovers the exact implied vol of 50-digit prices to what the price pins down', () => {
    // A price is known to about ε·legs (an ulp of either of the two terms it is the difference
    // of), so the vol to ε·legs / (dPrice/dVol), plus an ulp or so of the vol itself. Cases
    // where that exceeds 1e-6·σ (deep in the money, vega ~ 0: the price says nothing about
    // the vol) are left out. Measured worst: 1.1 times this bound; asserted: 4 times.
    const pinned = REFERENCE.options.filter((o) => o.iv !== undefined && EPS * (o.legs / (100 * o.vega) + o.iv) <= 1e-6 * o.iv);
    expect(pinned.length).toBeGreaterThan(400);
    const misses = pinned.filter((o) => {
      const r = impliedVol({ ...o, price: o.price });
      return !(r.ok && Math.abs(r.value - o.iv!) <= 4 * EPS * (o.legs / (100 * o.vega) + o.iv!));
    });
    expect(misses).toEqual([]);
  });

  it('reports a price below intrinsic value', () => {
    const itm = { ...base, strike: 90 }; // intrinsic ≈ 10
    expect(impliedVol({ ...itm, price: 5 })).toEqual({ ok: false, reasons: ['BELOW_INTRINSIC'] });
    expect(impliedVol({ ...base, right: 'put', strike: 110, price: 8 })).toEqual({ ok: false, reasons: ['BELOW_INTRINSIC'] });
  });

  it('reports a price at or above the no-arbitrage ceiling', () => {
    expect(impliedVol({ ...base, price: 100 })).toEqual({ ok: false, reasons: ['ABOVE_MAX_PRICE'] });
    expect(impliedVol({ ...base, right: 'put', price: 150 })).toEqual({ ok: false, reasons: ['ABOVE_MAX_PRICE'] });
  });

  it('reports vols outside [1e-4, 5] instead of returning garbage', () => {
    const above = blackScholes({ ...base, vol: MAX_VOL * 1.5 }).price;
    expect(impliedVol({ ...base, price: above })).toEqual({ ok: false, reasons: ['VOL_ABOVE_MAX'] });
    const itm = { ...base, strike: 90 };
    const intrinsic = itm.spot * Math.exp(-itm.dividendYield * itm.years) - itm.strike * Math.exp(-itm.rate * itm.years);
    expect(impliedVol({ ...itm, price: intrinsic })).toEqual({ ok: false, reasons: ['VOL_BELOW_MIN'] });
  });

  it('converges on a deep out-of-the-money price where vega is tiny', () => {
    for (const price of [1e-300, 1e-12, 1e-6]) {
      const r = impliedVol({ ...base, strike: 200, price });
      expect(r.ok).toBe(true);
      if (r.ok) expect(Math.abs(blackScholes({ ...base, strike: 200, vol: r.value }).price - price)).toBeLessThan(price * 1e-12);
    }
  });

  it('solves short-dated and far-from-the-money cases', () => {
    for (const [strike, years, vol] of [[95, 1 / 365, 0.3], [120, 45 / 365, 0.6], [80, 0.5, 0.25]] as const) {
      const input = { ...base, right: 'put' as const, strike, years };
      const r = impliedVol({ ...input, price: blackScholes({ ...input, vol }).price });
      expect(r.ok && Math.abs(r.value - vol) < 1e-13).toBe(true);
    }
  });

  it('throws on broken input', () => {
    expect(() => impliedVol({ ...base, price: Number.NaN })).toThrow(DomainError);
    expect(() => impliedVol({ ...base, price: 0 })).toThrow(DomainError);
    expect(() => impliedVol({ ...base, price: 2, spot: -1 })).toThrow(DomainError);
  });
});
