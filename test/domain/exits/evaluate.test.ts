import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/domain/errors.js';
import { evaluateExit } from '../../../src/domain/exits/evaluate.js';
import { EXIT_REASONS } from '../../../src/domain/exits/types.js';
import type { Features } from '../../../src/domain/features.js';
import { makeBar } from '../../../src/domain/values/bar.js';
import { makeContract } from '../../../src/domain/values/contract.js';
import { makeQuote } from '../../../src/domain/values/quote.js';
import { MINUTE_MS } from '../../../src/domain/values/time.js';
import { cfg, contract, ctx, pos, quoteAt, T0 } from './fixtures.js';

describe('evaluateExit', () => {
  it('holds with its reason when nothing fires, and reports the mark', () => {
    const d = evaluateExit(pos(), ctx(), cfg);
    expect(d).toMatchObject({ action: 'hold', qty: 0, reasons: ['NO_EXIT_CONDITION'] });
    expect(d.mark).toBeCloseTo(2, 12);
  });

  it('holds a closed (qty 0) position', () => {
    expect(evaluateExit(pos({ qty: 0 }), ctx({ trend: 'down' }), cfg)).toMatchObject({ action: 'hold', qty: 0, reasons: ['POSITION_CLOSED'] });
  });

  it('lists every rule that fired', () => {
    // Expiring on the day of T0 (Monday 2025-12-01): 0 sessions left, so LONG_BEFORE_EXPIRY too.
    const today = makeContract({ underlying: 'SPY', expiry: '2025-12-01', right: 'call', strike: 500 });
    const quote = makeQuote({ symbol: today.symbol, ts: T0 + 5 * MINUTE_MS, bid: 0.95, ask: 1.05, volume: 1000, openInterest: 5000 });
    const d = evaluateExit(pos({ contract: today }), ctx({ close: 496, sma20: 499, trend: 'down', quote, dte: undefined }), cfg);
    expect(d.reasons).toEqual(['SMA20_BREAK', 'TREND_FLIP', 'UNDERLYING_ADVERSE_MOVE', 'OPTION_STOP', 'EXPIRY_DAY', 'LONG_BEFORE_EXPIRY']);
  });

  it('does not mutate its input and is deterministic', () => {
    const p = pos();
    const c = ctx({ close: 503, mark: 2.6 });
    const a = evaluateExit(p, c, cfg);
    expect(p.peakUnderlying).toBe(500);
    expect(evaluateExit(p, c, cfg)).toEqual(a);
  });

  it('rejects broken input with a DomainError', () => {
    expect(() => evaluateExit(pos(), { ...ctx(), now: Number.NaN }, cfg)).toThrow(DomainError);
    expect(() => evaluateExit({ ...pos(), entryPrice: -1 }, ctx(), cfg)).toThrow(DomainError);
    expect(() => evaluateExit({ ...pos(), qty: 1.5 }, ctx(), cfg)).toThrow(DomainError);
    expect(() => evaluateExit(pos(), { ...ctx(), dte: Number.NaN }, cfg)).toThrow(DomainError);
    const other = makeQuote({ symbol: 'QQQ251231C00400000', ts: T0, bid: 1, ask: 1.1, volume: 1, openInterest: 1 });
    expect(() => evaluateExit(pos(), ctx({ quote: other }), cfg)).toThrow(/not for SPY/);
  });
});

const price = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });

const positionArb = fc
  .record({
    side: fc.constantFrom('long', 'short'),
    tradeType: fc.constantFrom('day', 'swing'),
    direction: fc.constantFrom('bullish', 'bearish'),
    initialQty: fc.integer({ min: 1, max: 20 }),
    qtyShare: fc.double({ min: 0, max: 1, noNaN: true }),
    entryPrice: price(0.05, 50),
    entryUnderlying: price(5, 2000),
    peakOptionPrice: price(0.01, 100),
    peakUnderlying: price(1, 4000),
    entryIv: fc.option(price(0.01, 3), { nil: undefined }),
    trailFloorPct: fc.option(price(-1, 2), { nil: undefined }),
    partialStage: fc.integer({ min: 0, max: 3 }),
    entryAgoMin: fc.integer({ min: 0, max: 30 * 24 * 60 }),
  })
  .map(({ qtyShare, entryAgoMin, ...r }) => pos({ ...r, qty: Math.floor(qtyShare * r.initialQty), entryTs: T0 - entryAgoMin * MINUTE_MS }));

const greeksArb = fc.record({ delta: price(-1, 1), gamma: price(0, 1), theta: price(-5, 5), vega: price(0, 2) });
const quoteArb = fc.option(
  fc.record({ bid: price(0.01, 60), width: price(0, 5), ageMs: fc.integer({ min: -1000, max: 600_000 }), iv: fc.option(price(0.01, 3), { nil: undefined }), greeks: fc.option(greeksArb, { nil: undefined }) }),
  { nil: undefined },
);

const ctxArb = fc.record({
  close: price(1, 4000),
  sma20: fc.option(price(1, 4000), { nil: undefined }),
  trend: fc.constantFrom('up', 'down', 'flat'),
  quote: quoteArb,
  dte: fc.option(fc.integer({ min: -3, max: 400 }), { nil: undefined }),
});

describe('evaluateExit properties', () => {
  it('never throws on valid input; qty within [0, position.qty]; hold iff qty 0; known reasons', () => {
    fc.assert(
      fc.property(positionArb, ctxArb, (p, c) => {
        const now = T0;
        const bar = makeBar({ symbol: 'SPY', ts: now - MINUTE_MS, open: c.close, high: c.close, low: c.close, close: c.close, volume: 10 });
        const features: Features = { symbol: 'SPY', ts: bar.ts, close: c.close, sma20: c.sma20, trend: c.trend, volumeBarsAbove: 0, smaCrosses: 0, ready: true };
        const q = c.quote && makeQuote({ symbol: contract.symbol, ts: now - c.quote.ageMs, bid: c.quote.bid, ask: c.quote.bid + c.quote.width, volume: 0, openInterest: 0, iv: c.quote.iv, greeks: c.quote.greeks });
        const d = evaluateExit(p, { now, bar, features, quote: q, dte: c.dte }, cfg);
        expect(Number.isInteger(d.qty)).toBe(true);
        expect(d.qty).toBeGreaterThanOrEqual(0);
        expect(d.qty).toBeLessThanOrEqual(p.qty);
        expect(d.action === 'hold').toBe(d.qty === 0);
        if (d.action === 'exit') expect(d.qty).toBe(p.qty);
        if (d.action === 'partial') expect(d.qty).toBeLessThan(p.qty);
        expect(d.reasons.length).toBeGreaterThan(0);
        for (const r of d.reasons) expect(EXIT_REASONS).toContain(r);
        expect(d.position.qty).toBe(p.qty);
        expect(d.position.partialStage).toBeGreaterThanOrEqual(p.partialStage);
      }),
      { numRuns: 2000 },
    );
  });

  it('a fresh quote is used as the mark', () => {
    expect(evaluateExit(pos(), ctx({ quote: quoteAt(3, { ts: T0 + 4 * MINUTE_MS }) }), cfg).mark).toBeCloseTo(3, 12);
  });
});
