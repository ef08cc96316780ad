import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isStale, makeQuote, mid, QuoteError, spreadPct, type RawQuote } from '../../../src/domain/values/quote.js';

const base: RawQuote = { symbol: 'SPY251219C00500000', ts: 1_000, bid: 2.4, ask: 2.6, volume: 300, openInterest: 800 };

function code(raw: RawQuote): string | undefined {
  try {
    makeQuote(raw);
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(QuoteError);
    return (e as QuoteError).code;
  }
}

describe('option quotes', () => {
  it('accepts a normal quote and computes mid and the spread from mid', () => {
    const q = makeQuote(base);
    expect(q.locked).toBe(false);
    expect(mid(q)).toBeCloseTo(2.5);
    expect(spreadPct(q)).toBeCloseTo(0.08); // (2.6 - 2.4) / 2.5, not / bid (0.0833)
  });

  it('flags a locked quote but accepts it', () => {
    expect(makeQuote({ ...base, bid: 2.5, ask: 2.5 }).locked).toBe(true);
  });

  it.each([
    [{ bid: 2.7, ask: 2.6 }, 'CROSSED_QUOTE'],
    [{ bid: 0 }, 'ZERO_BID'],
    [{ bid: Number.NaN }, 'NOT_FINITE'],
    [{ ask: Number.POSITIVE_INFINITY }, 'NOT_FINITE'],
    [{ bid: -1 }, 'NOT_POSITIVE'],
    [{ volume: -5 }, 'NEGATIVE'],
    [{ openInterest: Number.NaN }, 'NOT_FINITE'],
    [{ iv: 0 }, 'NOT_POSITIVE'],
    [{ greeks: { delta: Number.NaN, gamma: 0, theta: 0, vega: 0 } }, 'NOT_FINITE'],
  ])('rejects %j with %s', (patch, expected) => {
    expect(code({ ...base, ...patch })).toBe(expected);
  });

  it('never accepts a crossed, zero or non-finite bid/ask', () => {
    const bad = fc.oneof(fc.constant(0), fc.constant(Number.NaN), fc.constant(-1), fc.constant(Number.POSITIVE_INFINITY));
    fc.assert(
      fc.property(bad, fc.double({ min: 0.01, max: 100, noNaN: true }), (b, a) => {
        expect(code({ ...base, bid: b, ask: a })).toBeDefined();
      }),
    );
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 100, noNaN: true }), fc.double({ min: 0.001, max: 10, noNaN: true }), (ask, gap) => {
        expect(code({ ...base, bid: ask + gap, ask })).toBe('CROSSED_QUOTE');
      }),
    );
  });

  it('judges staleness against the now passed in', () => {
    expect(isStale({ ts: 0 }, 60_000, 60_000)).toBe(false);
    expect(isStale({ ts: 0 }, 60_001, 60_000)).toBe(true);
  });
});
