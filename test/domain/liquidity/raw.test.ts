import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/domain/config/index.js';
import { DomainError } from '../../../src/domain/errors.js';
import { checkRawLiquidity } from '../../../src/domain/liquidity/raw.js';
import type { RawQuote } from '../../../src/domain/values/quote.js';

const cfg = loadConfig({}).rules.liquidity;
const now = 1_700_000_000_000;
const raw: RawQuote = { symbol: 'SPY251219C00500000', ts: now, bid: 2.4, ask: 2.6, volume: 300, openInterest: 800 };

describe('liquidity from raw numbers', () => {
  it('approves a good raw quote', () => {
    expect(checkRawLiquidity(raw, 'day', cfg, now).ok).toBe(true);
  });

  it.each([
    [{ bid: 2.7 }, 'CROSSED_QUOTE'],
    [{ bid: 0 }, 'ZERO_BID'],
    [{ ask: Number.NaN }, 'NOT_FINITE'],
    [{ bid: -1 }, 'NOT_POSITIVE'],
    [{ openInterest: -1 }, 'NEGATIVE'],
  ])('denies %j as INVALID_QUOTE with the code %s', (patch, code) => {
    expect(checkRawLiquidity({ ...raw, ...patch }, 'day', cfg, now)).toEqual({ ok: false, reasons: ['INVALID_QUOTE', code] });
  });

  it('still throws on a broken `now` (a caller bug, not bad market data)', () => {
    expect(() => checkRawLiquidity(raw, 'day', cfg, Number.NaN)).toThrow(DomainError);
  });

  it('never approves a crossed, zero or NaN quote (property)', () => {
    const price = fc.double({ min: 0.01, max: 500, noNaN: true });
    const bad = fc.oneof(
      fc.tuple(price, fc.double({ min: 1e-6, max: 50, noNaN: true })).map(([ask, gap]) => ({ bid: ask + gap, ask })),
      price.map((ask) => ({ bid: 0, ask })),
      price.map((bid) => ({ bid, ask: 0 })),
      fc.tuple(fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -1), price).map(([x, p]) => ({ bid: x, ask: p })),
      fc.tuple(fc.constantFrom(Number.NaN, Number.NEGATIVE_INFINITY), price).map(([x, p]) => ({ bid: p, ask: x })),
      fc.constantFrom(Number.NaN, -5).map((x) => ({ volume: x })),
      fc.constantFrom(Number.NaN, -5).map((x) => ({ openInterest: x })),
    );
    fc.assert(
      fc.property(bad, fc.constantFrom('day' as const, 'swing' as const), (patch, tradeType) => {
        const d = checkRawLiquidity({ ...raw, ...patch }, tradeType, cfg, now);
        expect(d.ok).toBe(false);
        expect(d.reasons[0]).toBe('INVALID_QUOTE');
      }),
    );
  });
});
