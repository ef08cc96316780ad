import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/domain/config/index.js';
import { DomainError } from '../../../src/domain/errors.js';
import { rightFor, selectContract } from '../../../src/domain/selection/select.js';
import type { SelectionRequest } from '../../../src/domain/selection/types.js';
import { DAY_EXPIRY, entry, NOW } from './chain-fixture.js';

const rules = loadConfig({}).rules;
const cfg = { selection: rules.selection, liquidity: rules.liquidity };
const swing: SelectionRequest = { underlying: 'SPY', direction: 'bullish', tradeType: 'swing', spot: 500, now: NOW };

describe('contract selection', () => {
  it('picks quality over proximity (seed: closest ≠ best)', () => {
    const closest = entry({ strike: 500, bid: 4.82, ask: 5.18, oi: 600, vol: 210 }); // 7.2 % spread, thin
    const better = entry({ strike: 505, delta: 0.52 }); // 2 % spread, OI 2000, volume 800
    const r = selectContract([closest, better], swing, cfg);
    expect(r.decision.ok && r.decision.value.contract.strike).toBe(505);
    expect(r.ranking.map((s) => s.contract.strike)).toEqual([505, 500]);
    // 0.4·(1 − 0.02/0.10) + 0.3·1 + 0.2·1 + 0.1·(1 − 0.03/0.3)
    expect(r.ranking[0]?.score).toBeCloseTo(0.4 * 0.8 + 0.3 + 0.2 + 0.1 * 0.9, 9);
    expect(r.ranking[0]?.parts).toEqual({ spread: expect.closeTo(0.8, 9), openInterest: 1, volume: 1, delta: expect.closeTo(0.9, 9) });
    expect(r.ranking[0]?.dte).toBe(30);
  });

  it('buys calls for bullish and puts for bearish', () => {
    expect(rightFor('bullish')).toBe('call');
    expect(rightFor('bearish')).toBe('put');
    const chain = [entry({ strike: 500 }), entry({ strike: 500, right: 'put' })];
    const bear = selectContract(chain, { ...swing, direction: 'bearish' }, cfg);
    expect(bear.decision.ok && bear.decision.value.contract.right).toBe('put');
    expect(bear.rejected).toEqual([{ symbol: 'SPY251231C00500000', reasons: ['WRONG_RIGHT'] }]);
  });

  it('keeps the strict 2 % strike window around the target (default ATM)', () => {
    const r = selectContract([entry({ strike: 509 }), entry({ strike: 510 }), entry({ strike: 490.5 })], swing, cfg);
    expect(r.ranking.map((s) => s.contract.strike).sort()).toEqual([490.5, 509]);
    expect(r.rejected).toEqual([{ symbol: 'SPY251231C00510000', reasons: ['STRIKE_OUT_OF_WINDOW'] }]);
    const aimed = selectContract([entry({ strike: 509 }), entry({ strike: 511 }), entry({ strike: 520 })], { ...swing, targetStrike: 520 }, cfg);
    expect(aimed.ranking.map((s) => s.contract.strike)).toEqual([511, 520]); // equal scores: by symbol
    expect(aimed.rejected.map((x) => x.reasons)).toEqual([['STRIKE_OUT_OF_WINDOW']]); // 11 / 520 = 2.1 %
  });

  it('applies the DTE window of the trade type (day: 1–6, swing: 21–45)', () => {
    const chain = [entry({ strike: 500 }), entry({ strike: 500, expiry: DAY_EXPIRY })];
    const day = selectContract(chain, { ...swing, tradeType: 'day' }, cfg);
    expect(day.decision.ok && day.decision.value.contract.expiry).toBe(DAY_EXPIRY);
    expect(day.rejected[0]?.reasons).toEqual(['DTE_OUT_OF_RANGE']);
    const sw = selectContract(chain, swing, cfg);
    expect(sw.decision.ok && sw.decision.value.contract.expiry).toBe('2025-12-31');
    expect(sw.rejected[0]?.reasons).toEqual(['DTE_OUT_OF_RANGE', 'FINAL_WEEK_LONG_PREMIUM']);
  });

  it('keeps long premium held overnight out of the final week even when the window allows it', () => {
    const wide = loadConfig({ selection: { dte: { swing: { min: 1, max: 45 } } } }).rules;
    const r = selectContract([entry({ strike: 500, expiry: DAY_EXPIRY })], swing, { selection: wide.selection, liquidity: wide.liquidity });
    expect(r.decision).toEqual({ ok: false, reasons: ['NO_ELIGIBLE_CONTRACT'] });
    expect(r.rejected[0]?.reasons).toEqual(['FINAL_WEEK_LONG_PREMIUM']);
  });

  it('never treats a missing greek as 0, and filters |delta| to the 0.50–0.60 band', () => {
    const r = selectContract([entry({ strike: 500, delta: null }), entry({ strike: 501, delta: 0.7 }), entry({ strike: 502, delta: 0.6 })], swing, cfg);
    expect(r.rejected).toEqual([
      { symbol: 'SPY251231C00500000', reasons: ['MISSING_GREEKS'] },
      { symbol: 'SPY251231C00501000', reasons: ['DELTA_OUT_OF_RANGE'] },
    ]);
    expect(r.ranking.map((s) => s.contract.strike)).toEqual([502]);
  });

  it('rejects non-standard contracts, other underlyings and mismatched quotes', () => {
    const adjusted = entry({ strike: 500, multiplier: 150 });
    const other = entry({ strike: 500, underlying: 'QQQ' });
    const good = entry({ strike: 501 });
    const mismatched = { contract: entry({ strike: 502 }).contract, quote: good.quote };
    const r = selectContract([adjusted, other, mismatched], swing, cfg);
    expect(r.rejected.map((x) => x.reasons)).toEqual([['NON_STANDARD_CONTRACT'], ['WRONG_UNDERLYING'], ['QUOTE_SYMBOL_MISMATCH']]);
  });

  it('keeps every reason of a rejected contract', () => {
    const bad = entry({ strike: 600, right: 'put', expiry: DAY_EXPIRY, oi: 10, vol: 1, bid: 0.1, ask: 0.2, delta: null, ts: NOW - 1e9 });
    const r = selectContract([bad], swing, cfg);
    expect(r.decision).toEqual({ ok: false, reasons: ['NO_ELIGIBLE_CONTRACT'] });
    expect(r.rejected[0]?.reasons).toEqual([
      'WRONG_RIGHT',
      'STRIKE_OUT_OF_WINDOW',
      'DTE_OUT_OF_RANGE',
      'FINAL_WEEK_LONG_PREMIUM',
      'SPREAD_TOO_WIDE',
      'LOW_OPEN_INTEREST',
      'LOW_VOLUME',
      'PREMIUM_TOO_LOW',
      'STALE_QUOTE',
      'MISSING_GREEKS',
    ]);
  });

  it('breaks score ties by symbol, whatever the chain order', () => {
    const a = entry({ strike: 499 });
    const b = entry({ strike: 501 });
    for (const chain of [[a, b], [b, a]]) {
      const r = selectContract(chain, swing, cfg);
      expect(r.ranking.map((s) => s.contract.symbol)).toEqual(['SPY251231C00499000', 'SPY251231C00501000']);
    }
  });

  it('carries a locked quote through as information', () => {
    const r = selectContract([entry({ strike: 500, bid: 5, ask: 5 })], swing, cfg);
    expect(r.decision).toMatchObject({ ok: true, reasons: ['LOCKED_QUOTE'] });
  });

  it('denies an empty chain', () => {
    expect(selectContract([], swing, cfg).decision).toEqual({ ok: false, reasons: ['EMPTY_CHAIN'] });
  });

  it('throws on broken requests', () => {
    expect(() => selectContract([], { ...swing, spot: Number.NaN }, cfg)).toThrow(DomainError);
    expect(() => selectContract([], { ...swing, targetStrike: 0 }, cfg)).toThrow(DomainError);
  });

  it('ranks eligible contracts best first with scores in [0, 1] (property)', () => {
    const spec = fc.record({
      strike: fc.integer({ min: 480, max: 520 }),
      right: fc.constantFrom('call' as const, 'put' as const),
      bid: fc.double({ min: 0.2, max: 20, noNaN: true }),
      gap: fc.double({ min: 0, max: 0.15, noNaN: true }),
      oi: fc.nat({ max: 5_000 }),
      vol: fc.nat({ max: 2_000 }),
      delta: fc.option(fc.double({ min: 0.3, max: 0.8, noNaN: true }), { nil: null }),
    });
    fc.assert(
      fc.property(fc.uniqueArray(spec, { selector: (s) => `${s.strike}${s.right}`, maxLength: 20 }), (specs) => {
        const chain = specs.map((s) => entry({ ...s, ask: s.bid * (1 + s.gap), delta: s.delta === null ? null : s.right === 'call' ? s.delta : -s.delta }));
        const r = selectContract(chain, swing, cfg);
        expect(r.ranking.length + r.rejected.length).toBe(chain.length);
        for (const s of r.ranking) {
          expect(s.score).toBeGreaterThanOrEqual(0);
          expect(s.score).toBeLessThanOrEqual(1);
        }
        for (let i = 1; i < r.ranking.length; i++) expect(r.ranking[i - 1]!.score).toBeGreaterThanOrEqual(r.ranking[i]!.score);
        for (const x of r.rejected) expect(x.reasons.length).toBeGreaterThan(0);
        expect(r.decision.ok).toBe(r.ranking.length > 0);
      }),
    );
  });
});
