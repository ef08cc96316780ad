import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blackScholes, yearsFromDays, type BsInput } from '../../../src/domain/pricing/black-scholes.js';
import { DomainError } from '../../../src/domain/errors.js';
import { REFERENCE, type OptionRow } from '../../fixtures/pricing/reference.js';

const EPS = Number.EPSILON;
const GREEKS = ['delta', 'gamma', 'theta', 'vega', 'rho'] as const;

/**
 * How far the inputs' own rounding moves a greek, in units of ε·|greek|: one ulp of spot
 * (or strike) moves d1 by ε/(σ√T), and a rounding of d1 itself is about ε·|d1|; a greek's
 * logarithm moves by up to (1 + |d1|) per unit of d1 (φ'/φ = −d1, N'/N ≤ 1 + |d1|).
 */
function conditioning(o: OptionRow): number {
  const d = Math.abs(o.d1);
  return (1 + d) * (1 + d + 1 / (o.vol * Math.sqrt(o.years)));
}

const atm: BsInput = { right: 'call', spot: 100, strike: 100, years: 1, vol: 0.2, rate: 0.05, dividendYield: 0 };

describe('Black-Scholes-Merton', () => {
  it('matches textbook prices (Hull: S=K=100, T=1, r=5 %, σ=20 %)', () => {
    expect(blackScholes(atm).price).toBeCloseTo(10.4506, 3);
    expect(blackScholes({ ...atm, right: 'put' }).price).toBeCloseTo(5.5735, 3);
  });

  it('matches Hull example 15.6 (S=42, K=40, r=10 %, σ=20 %, T=0.5)', () => {
    const i: BsInput = { right: 'call', spot: 42, strike: 40, years: 0.5, vol: 0.2, rate: 0.1, dividendYield: 0 };
    expect(blackScholes(i).price).toBeCloseTo(4.76, 2);
    expect(blackScholes({ ...i, right: 'put' }).price).toBeCloseTo(0.81, 2);
  });

  it('gives greeks with the right signs and units', () => {
    const c = blackScholes(atm);
    const p = blackScholes({ ...atm, right: 'put' });
    expect(c.delta).toBeCloseTo(0.6368, 3);
    expect(p.delta).toBeCloseTo(c.delta - 1, 6);
    expect(c.gamma).toBeCloseTo(p.gamma, 12);
    expect(c.vega).toBeCloseTo(0.3752, 3); // per vol point
    expect(c.theta).toBeLessThan(0);
    // vega per vol point ≈ price change for +0.01 vol
    const bumped = blackScholes({ ...atm, vol: 0.21 }).price - c.price;
    expect(bumped).toBeCloseTo(c.vega, 2);
  });

  it('holds put-call parity with dividends: C − P = S·e^(−qT) − K·e^(−rT)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 10, max: 1000, noNaN: true }),
        fc.double({ min: 0.5, max: 1.5, noNaN: true }),
        fc.double({ min: 1 / 365, max: 3, noNaN: true }),
        fc.double({ min: 0.05, max: 2, noNaN: true }),
        fc.double({ min: -0.01, max: 0.1, noNaN: true }),
        fc.double({ min: 0, max: 0.08, noNaN: true }),
        (spot, moneyness, years, vol, rate, dividendYield) => {
          const strike = spot * moneyness;
          const base = { spot, strike, years, vol, rate, dividendYield };
          const c = blackScholes({ ...base, right: 'call' }).price;
          const p = blackScholes({ ...base, right: 'put' }).price;
          const parity = spot * Math.exp(-dividendYield * years) - strike * Math.exp(-rate * years);
          // Each of C and P is good to a few ε of its terms (≤ spot + strike): 8ε·(S + K).
          expect(Math.abs(c - p - parity)).toBeLessThanOrEqual(8 * Number.EPSILON * (spot + strike));
        },
      ),
    );
  });

  it('matches 50-digit prices to 4ε of the two terms it is the difference of (test/fixtures/pricing)', () => {
    // A price is S·e^(−qT)·N(±d1) − K·e^(−rT)·N(±d2); an ulp of either term ("legs" = their
    // sum) moves it by ε·legs, which is its conditioning. Measured worst: 1.8ε·legs; for the
    // brief's form, worst |error| / max(ε·price, 1e-15·spot) = 0.38. The old 1.2e-7 erfc
    // missed by up to ~1e-7·legs.
    const misses = REFERENCE.options.filter((o) => !(Math.abs(blackScholes(o).price - o.price) <= 4 * EPS * o.legs));
    expect(misses).toEqual([]);
    expect(REFERENCE.options.length).toBeGreaterThan(600);
  });

  it('keeps prices below 1e-15·spot relative to their own size (no tail subtraction)', () => {
    // Where both terms sit in one tail the price is formed from the Mills ratio, so it stays
    // within a few ε times its conditioning even at 1e-79 (subtracting N(d1), N(d2) lost
    // a factor d² more: up to 2e-10 relative on this grid).
    const tails = REFERENCE.options.filter((o) => o.price > 0 && o.price < 1e-15 * o.spot);
    expect(tails.length).toBeGreaterThan(50);
    for (const o of tails) expect(Math.abs(blackScholes(o).price - o.price)).toBeLessThanOrEqual(4 * EPS * o.price * conditioning(o));
  });

  it('matches 50-digit greeks to 4ε times their conditioning (measured worst 1.7)', () => {
    // (+ two least subnormals where a greek underflows.)
    const misses = REFERENCE.options.flatMap((o) => {
      const got = blackScholes(o);
      return GREEKS.filter((g) => !(Math.abs(got[g] - o[g]) <= 4 * EPS * Math.abs(o[g]) * conditioning(o) + 2 * Number.MIN_VALUE)).map((g) => ({ g, ...o }));
    });
    expect(misses).toEqual([]);
  });

  it('rejects broken input with a DomainError', () => {
    expect(() => blackScholes({ ...atm, vol: 0 })).toThrow(DomainError);
    expect(() => blackScholes({ ...atm, spot: Number.NaN })).toThrow(DomainError);
    expect(() => blackScholes({ ...atm, years: -1 })).toThrow(DomainError);
  });

  it('converts days to ACT/365 years', () => {
    expect(yearsFromDays(365)).toBe(1);
  });
});
