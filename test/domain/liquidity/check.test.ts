import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/domain/config/index.js';
import { checkLiquidity } from '../../../src/domain/liquidity/check.js';
import { makeQuote, type RawQuote } from '../../../src/domain/values/quote.js';

const cfg = loadConfig({}).rules.liquidity;
const now = 1_700_000_000_000;
const raw: RawQuote = { symbol: 'SPY251219C00500000', ts: now - 1_000, bid: 2.4, ask: 2.6, volume: 300, openInterest: 800 };
const check = (patch: Partial<RawQuote>, tradeType: 'day' | 'swing' = 'day', at = now) =>
  checkLiquidity(makeQuote({ ...raw, ...patch }), tradeType, cfg, at);

describe('liquidity validation', () => {
  it('approves a liquid quote and reports what it measured', () => {
    const d = check({});
    expect(d).toEqual({
      ok: true,
      value: { mid: 2.5, spreadPct: expect.closeTo(0.08, 12), maxSpreadPct: 0.08, openInterest: 800, volume: 300, ageMs: 1_000 },
      reasons: [],
    });
  });

  it('computes the spread from mid, not bid (seed: 2.40/2.60 is 8 %, within the day limit)', () => {
    // Over the bid it would be 8.33 % and wrongly rejected for a day trade.
    expect(check({}, 'day').ok).toBe(true);
    const wide = { bid: 2.38, ask: 2.6 }; // 0.22 / 2.49 = 8.8 %
    expect(check(wide, 'day')).toEqual({ ok: false, reasons: ['SPREAD_TOO_WIDE'] });
    expect(check(wide, 'swing').ok).toBe(true); // swing allows 10 %
    expect(check({ bid: 2.3, ask: 2.6 }, 'swing')).toEqual({ ok: false, reasons: ['SPREAD_TOO_WIDE'] }); // 12.2 %
  });

  it.each([
    [{ openInterest: 499 }, 'LOW_OPEN_INTEREST'],
    [{ volume: 199 }, 'LOW_VOLUME'],
    [{ bid: 0.28, ask: 0.3 }, 'PREMIUM_TOO_LOW'], // mid 0.29: no lottery tickets
    [{ ts: now - cfg.maxQuoteAgeMs - 1 }, 'STALE_QUOTE'],
  ])('rejects %j with %s', (patch, reason) => {
    expect(check(patch)).toEqual({ ok: false, reasons: [reason] });
  });

  it('accepts values exactly at the seed thresholds (OI 500, volume 200, mid $0.30)', () => {
    expect(check({ openInterest: 500, volume: 200, bid: 0.29, ask: 0.31 }, 'swing').ok).toBe(true);
    expect(check({ ts: now - cfg.maxQuoteAgeMs }).ok).toBe(true);
  });

  it('reports every failed check, not only the first', () => {
    const d = check({ bid: 0.1, ask: 0.2, openInterest: 10, volume: 5, ts: now - 10 * cfg.maxQuoteAgeMs });
    expect(d).toEqual({ ok: false, reasons: ['SPREAD_TOO_WIDE', 'LOW_OPEN_INTEREST', 'LOW_VOLUME', 'PREMIUM_TOO_LOW', 'STALE_QUOTE'] });
  });

  it('flags a locked quote as information, on approval and denial alike', () => {
    expect(check({ bid: 2.5, ask: 2.5 })).toMatchObject({ ok: true, reasons: ['LOCKED_QUOTE'] });
    expect(check({ bid: 2.5, ask: 2.5, volume: 0 })).toEqual({ ok: false, reasons: ['LOW_VOLUME', 'LOCKED_QUOTE'] });
  });

  it('uses per-ticker thresholds from config', () => {
    const loose = loadConfig({ liquidity: { minOpenInterest: 100 } }).rules.liquidity;
    expect(checkLiquidity(makeQuote({ ...raw, openInterest: 150 }), 'day', loose, now).ok).toBe(true);
  });

  it('approves only quotes meeting every threshold (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 50, noNaN: true }),
        fc.double({ min: 0, max: 0.3, noNaN: true }),
        fc.nat({ max: 2_000 }),
        fc.nat({ max: 1_000 }),
        fc.nat({ max: 300_000 }),
        fc.constantFrom('day' as const, 'swing' as const),
        (bid, gap, openInterest, volume, age, tradeType) => {
          const q = makeQuote({ ...raw, bid, ask: bid * (1 + gap), openInterest, volume, ts: now - age });
          const d = checkLiquidity(q, tradeType, cfg, now);
          if (d.ok) {
            expect(d.value.spreadPct).toBeLessThanOrEqual(cfg.maxSpreadPct[tradeType] + 1e-9);
            expect(openInterest).toBeGreaterThanOrEqual(cfg.minOpenInterest);
            expect(volume).toBeGreaterThanOrEqual(cfg.minVolume);
            expect(d.value.mid).toBeGreaterThanOrEqual(cfg.minPremium - 1e-9);
            expect(age).toBeLessThanOrEqual(cfg.maxQuoteAgeMs);
          } else {
            expect(d.reasons.length).toBeGreaterThan(0);
          }
        },
      ),
    );
  });
});
