import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/domain/config/index.js';
import { limitPrice, tickFor } from '../../../src/domain/intents/limit-price.js';
import { mid } from '../../../src/domain/values/quote.js';

const execution = loadConfig({}).rules.execution;
const atMid = { ...execution, limitOffsetOfHalfSpread: 0 };
const halfway = { ...execution, limitOffsetOfHalfSpread: 0.5 };
const q = (bid: number, ask: number) => ({ bid, ask });

/** Float noise allowed when comparing a rounded price with an unrounded mid. */
const EPS = 1e-9;

describe('tickFor', () => {
  it('is $0.01 below $3 and $0.05 from $3 on', () => {
    expect(tickFor(0.3)).toBe(0.01);
    expect(tickFor(2.99)).toBe(0.01);
    expect(tickFor(3)).toBe(0.05);
    expect(tickFor(12.4)).toBe(0.05);
  });
});

describe('limitPrice', () => {
  it('defaults to a marketable limit: the ask for a buy, the bid for a sell', () => {
    expect(execution.limitOffsetOfHalfSpread).toBe(1);
    expect(limitPrice(q(2.4, 2.5), 'buy', execution)).toBe(2.5);
    expect(limitPrice(q(2.4, 2.5), 'sell', execution)).toBe(2.4);
  });

  it('rests at the mid with offset 0 when the mid is on a tick', () => {
    expect(limitPrice(q(2.4, 2.5), 'buy', atMid)).toBe(2.45);
    expect(limitPrice(q(2.4, 2.5), 'sell', atMid)).toBe(2.45);
    expect(limitPrice(q(3.1, 3.3), 'buy', atMid)).toBe(3.2);
  });

  it('rounds a buy up and a sell down to the penny below $3', () => {
    expect(limitPrice(q(2.4, 2.51), 'buy', atMid)).toBe(2.46); // mid 2.455
    expect(limitPrice(q(2.4, 2.51), 'sell', atMid)).toBe(2.45);
    expect(limitPrice(q(2.99, 3), 'buy', atMid)).toBe(3); // mid 2.995
    expect(limitPrice(q(2.99, 3), 'sell', atMid)).toBe(2.99);
  });

  it('rounds to the nickel from $3', () => {
    expect(limitPrice(q(3.1, 3.24), 'buy', atMid)).toBe(3.2); // mid 3.17
    expect(limitPrice(q(3.1, 3.24), 'sell', atMid)).toBe(3.15);
    expect(limitPrice(q(3, 3.05), 'sell', atMid)).toBe(3); // mid 3.025
  });

  it('moves the mid toward the far side by the configured fraction of the half-spread', () => {
    expect(limitPrice(q(2, 2.2), 'buy', halfway)).toBe(2.15);
    expect(limitPrice(q(2, 2.2), 'sell', halfway)).toBe(2.05);
  });

  it('never goes beyond the far side, even when the tick rounds past it', () => {
    // Buy: 3.02 rounds up to the 3.05 nickel, held at the 3.02 ask.
    expect(limitPrice(q(3.01, 3.02), 'buy', execution)).toBe(3.02);
    // Sell: 3.01 rounds down to the 3.00 nickel, held at the 3.01 bid.
    expect(limitPrice(q(3.01, 3.02), 'sell', execution)).toBe(3.01);
    expect(limitPrice(q(3.01, 3.02), 'sell', atMid)).toBe(3.01);
  });

  it('prices a locked quote at its single price on both sides', () => {
    expect(limitPrice(q(2.5, 2.5), 'buy', atMid)).toBe(2.5);
    expect(limitPrice(q(2.5, 2.5), 'sell', execution)).toBe(2.5);
  });

  // Valid quotes: bid > 0, ask ≥ bid, both on the penny grid options quote in.
  const quotes = fc
    .tuple(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 0, max: 500 }))
    .map(([bidCents, spreadCents]) => q(bidCents / 100, (bidCents + spreadCents) / 100));
  const offsets = fc.double({ min: 0, max: 1, noNaN: true });

  it('property: a buy limit lies within [mid, ask] and a sell limit within [bid, mid]', () => {
    fc.assert(
      fc.property(quotes, offsets, (quote, offset) => {
        const cfg = { ...execution, limitOffsetOfHalfSpread: offset };
        const m = mid(quote);
        const buy = limitPrice(quote, 'buy', cfg);
        const sell = limitPrice(quote, 'sell', cfg);
        expect(buy).toBeGreaterThanOrEqual(m - EPS);
        expect(buy).toBeLessThanOrEqual(quote.ask);
        expect(sell).toBeGreaterThanOrEqual(quote.bid);
        expect(sell).toBeLessThanOrEqual(m + EPS);
      }),
    );
  });

  it('property: limits are whole cents and the buy never below the sell', () => {
    fc.assert(
      fc.property(quotes, offsets, (quote, offset) => {
        const cfg = { ...execution, limitOffsetOfHalfSpread: offset };
        const buy = limitPrice(quote, 'buy', cfg);
        const sell = limitPrice(quote, 'sell', cfg);
        expect(Math.abs(buy * 100 - Math.round(buy * 100))).toBeLessThan(1e-6);
        expect(Math.abs(sell * 100 - Math.round(sell * 100))).toBeLessThan(1e-6);
        expect(buy).toBeGreaterThanOrEqual(sell);
      }),
    );
  });
});
