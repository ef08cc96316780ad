import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/domain/config/index.js';
import { blackScholes } from '../../../src/domain/pricing/black-scholes.js';
import { EXPIRY_DAY_PRICING_DAYS, fillGreeks, pricingYears } from '../../../src/domain/selection/fill-greeks.js';
import { selectContract } from '../../../src/domain/selection/select.js';
import { mid } from '../../../src/domain/values/quote.js';
import { entry, NOW, SWING_EXPIRY } from './chain-fixture.js';

const market = { spot: 500, now: NOW, rate: 0.04, dividendYield: 0.013 };
const bsBase = { right: 'call' as const, spot: 500, strike: 500, years: 30 / 365, rate: 0.04, dividendYield: 0.013 };

describe('fillGreeks', () => {
  it('leaves an entry that has greeks untouched', () => {
    const e = entry({ strike: 500 });
    expect(fillGreeks(e, market)).toBe(e);
  });

  it('computes greeks by Black-Scholes from the quote IV', () => {
    const filled = fillGreeks(entry({ strike: 500, delta: null, iv: 0.2 }), market);
    const bs = blackScholes({ ...bsBase, vol: 0.2 });
    expect(filled.quote.greeks).toEqual({ delta: bs.delta, gamma: bs.gamma, theta: bs.theta, vega: bs.vega, rho: bs.rho });
    expect(filled.quote.iv).toBe(0.2);
  });

  it('solves the IV from the mid when the quote has none', () => {
    const price = blackScholes({ ...bsBase, vol: 0.25 }).price;
    const filled = fillGreeks(entry({ strike: 500, delta: null, bid: price - 0.05, ask: price + 0.05 }), market);
    expect(filled.quote.iv).toBeCloseTo(0.25, 4);
    expect(blackScholes({ ...bsBase, vol: filled.quote.iv! }).price).toBeCloseTo(mid(filled.quote), 8);
    expect(filled.quote.greeks?.delta).toBeCloseTo(blackScholes({ ...bsBase, vol: 0.25 }).delta, 4);
  });

  it('returns the entry unchanged when the mid has no IV solution, and selection rejects it', () => {
    const belowIntrinsic = entry({ strike: 450, delta: null, bid: 20, ask: 21 }); // intrinsic ≈ 50
    const filled = fillGreeks(belowIntrinsic, market);
    expect(filled).toBe(belowIntrinsic);
    const rules = loadConfig({}).rules;
    const r = selectContract([filled], { underlying: 'SPY', direction: 'bullish', tradeType: 'swing', spot: 455, now: NOW }, rules);
    expect(r.rejected[0]?.reasons).toContain('MISSING_GREEKS');
  });

  it('makes a chain without greeks selectable', () => {
    const price = blackScholes({ ...bsBase, vol: 0.2 }).price;
    const bare = entry({ strike: 500, delta: null, bid: price * 0.99, ask: price * 1.01 });
    const rules = loadConfig({}).rules;
    const req = { underlying: 'SPY', direction: 'bullish' as const, tradeType: 'swing' as const, spot: 500, now: NOW };
    expect(selectContract([bare], req, rules).decision.ok).toBe(false);
    expect(selectContract([fillGreeks(bare, market)], req, rules).decision.ok).toBe(true);
  });

  it('prices expiry day as half a day and leaves expired contracts alone', () => {
    expect(pricingYears(SWING_EXPIRY, NOW)).toBeCloseTo(30 / 365, 12);
    expect(pricingYears('2025-12-01', NOW)).toBeCloseTo(EXPIRY_DAY_PRICING_DAYS / 365, 12);
    expect(pricingYears('2025-11-28', NOW)).toBeUndefined();
    const expired = entry({ strike: 500, delta: null, iv: 0.2, expiry: '2025-11-28' });
    expect(fillGreeks(expired, market)).toBe(expired);
  });
});
