import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blackScholes, yearsFromDays, type BsInput } from '../../../src/domain/pricing/black-scholes.js';
import { DomainError } from '../../../src/domain/errors.js';

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
          expect(Math.abs(c - p - parity)).toBeLessThan(1e-9 * spot);
        },
      ),
    );
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
