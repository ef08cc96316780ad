import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/domain/config/index.js';
import { DomainError } from '../../../src/domain/errors.js';
import { evaluateRoll } from '../../../src/domain/rolling/evaluate.js';
import type { ChainEntry } from '../../../src/domain/selection/types.js';
import { makePosition, type Position } from '../../../src/domain/values/position.js';
import { entry, NOW, SWING_EXPIRY, type EntrySpec } from '../selection/chain-fixture.js';

const rules = loadConfig({}).rules;
const SHORT_EXPIRY = '2025-12-22'; // 21 DTE at NOW

function position(spec: EntrySpec, over: Partial<Position> = {}): Position {
  const { contract } = entry(spec);
  return makePosition({
    id: 'p1', contract, side: 'long', tradeType: 'swing', direction: 'bullish', qty: 2, initialQty: 2,
    entryPrice: 5, entryTs: NOW - 86_400_000, entryUnderlying: 500, peakOptionPrice: 5, peakUnderlying: 500, partialStage: 0, ...over,
  });
}
const roll = (p: Position, spot: number, chain: readonly ChainEntry[], cfg = rules) => evaluateRoll(p, { spot, now: NOW, chain }, cfg);

describe('rolling shorts at 21 DTE', () => {
  const short = position({ strike: 500, expiry: SHORT_EXPIRY }, { side: 'short', direction: 'bearish' });
  const chain = [
    entry({ strike: 500, expiry: SHORT_EXPIRY }),
    entry({ strike: 500, expiry: '2026-02-20' }), // 81 DTE: beyond 60
    entry({ strike: 500, expiry: '2026-01-16' }), // 46 DTE
    entry({ strike: 500, expiry: SWING_EXPIRY }), // 30 DTE: the nearest in 30–60
    entry({ strike: 505, expiry: SWING_EXPIRY }),
    entry({ strike: 500, expiry: SWING_EXPIRY, right: 'put' }),
  ];

  it('rolls an ITM short to the same strike and right in the nearest expiry of the target window', () => {
    const d = roll(short, 505, chain);
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(d.value.close).toBe('SPY251222C00500000');
    expect(d.value.open.contract.symbol).toBe('SPY251231C00500000');
    expect(d.reasons).toEqual(['SHORT_AT_ROLL_DTE', 'SHORT_ITM']);
    expect(d.value.reasons).toEqual(d.reasons);
  });

  it('rolls a short whose strike is within 2 % of spot', () => {
    expect(roll(short, 495, chain).reasons).toEqual(['SHORT_AT_ROLL_DTE', 'SHORT_NEAR_STRIKE']);
  });

  it('treats an ITM put short by its own side of the strike', () => {
    const put = position({ strike: 500, expiry: SHORT_EXPIRY, right: 'put' }, { side: 'short' });
    const d = roll(put, 480, [...chain, entry({ strike: 500, expiry: '2026-01-16', right: 'put' })]);
    expect(d.ok && d.value.open.contract.symbol).toBe('SPY251231P00500000');
    expect(d.reasons).toEqual(['SHORT_AT_ROLL_DTE', 'SHORT_ITM']);
  });

  it('does not roll before 21 DTE', () => {
    const early = position({ strike: 500, expiry: '2025-12-23' }, { side: 'short' });
    expect(roll(early, 505, chain)).toEqual({ ok: false, reasons: ['ROLL_NOT_DUE'] });
  });

  it('seed Q7: only rolls when at risk by default, always when configured', () => {
    expect(roll(short, 480, chain)).toEqual({ ok: false, reasons: ['SHORT_AT_ROLL_DTE', 'NOT_AT_RISK'] });
    const always = loadConfig({ rolling: { onlyIfAtRisk: false } }).rules;
    const d = roll(short, 480, chain, always);
    expect(d.ok).toBe(true);
    expect(d.reasons).toEqual(['SHORT_AT_ROLL_DTE', 'ROLL_REGARDLESS_OF_RISK']);
  });

  it('denies with the candidates’ failures when no target is tradeable', () => {
    const thin = [entry({ strike: 500, expiry: SWING_EXPIRY, oi: 10 }), entry({ strike: 500, expiry: '2026-01-16', delta: null })];
    expect(roll(short, 505, thin)).toEqual({
      ok: false,
      reasons: ['SHORT_AT_ROLL_DTE', 'SHORT_ITM', 'NO_ROLL_TARGET', 'LOW_OPEN_INTEREST', 'MISSING_GREEKS'],
    });
    expect(roll(short, 505, [])).toEqual({ ok: false, reasons: ['SHORT_AT_ROLL_DTE', 'SHORT_ITM', 'NO_ROLL_TARGET'] });
  });

  it('reports expired and closed positions', () => {
    expect(roll(position({ strike: 500, expiry: '2025-11-28' }, { side: 'short' }), 505, chain).reasons).toEqual(['POSITION_EXPIRED']);
    expect(roll({ ...short, qty: 0 }, 505, chain).reasons).toEqual(['POSITION_CLOSED']);
  });
});

describe('rolling longs up to bank profits', () => {
  const long = position({ strike: 500 });
  const up = (mark: number, extra: EntrySpec = { strike: 500 }) => entry({ ...extra, bid: mark - 0.1, ask: mark + 0.1, delta: 0.75 });
  const chain = [
    up(8), // +60 % on a 5.00 entry
    entry({ strike: 490, delta: 0.85 }), // lower strike: not a roll up
    entry({ strike: 505, delta: 0.66 }), // higher but still out of the delta band
    entry({ strike: 510, delta: 0.56 }),
    entry({ strike: 515, delta: 0.5, oi: 700, vol: 300 }),
    entry({ strike: 510, delta: 0.56, expiry: '2026-01-16' }), // other expiry
  ];

  it('rolls a long call up +50 % or more to the best higher strike back in the delta band, same expiry', () => {
    const d = roll(long, 512, chain);
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(d.value.close).toBe('SPY251231C00500000');
    expect(d.value.open.contract.symbol).toBe('SPY251231C00510000');
    expect(d.reasons).toEqual(['LONG_PROFIT_TARGET']);
  });

  it('rolls a long put down to a lower strike', () => {
    const put = position({ strike: 500, right: 'put' }, { direction: 'bearish' });
    const puts = [
      entry({ strike: 500, right: 'put', bid: 7.9, ask: 8.1, delta: -0.75 }),
      entry({ strike: 505, right: 'put', delta: -0.55 }),
      entry({ strike: 490, right: 'put', delta: -0.54 }),
    ];
    const d = roll(put, 488, puts);
    expect(d.ok && d.value.open.contract.strike).toBe(490);
  });

  it('waits until the option is up the configured profit', () => {
    expect(roll(long, 505, [up(7), ...chain.slice(1)])).toEqual({ ok: false, reasons: ['PROFIT_BELOW_ROLL_THRESHOLD'] });
    const lower = loadConfig({ rolling: { longRollProfitPct: 0.3 } }).rules;
    expect(roll(long, 505, [up(7), ...chain.slice(1)], lower).ok).toBe(true);
  });

  it('needs a fresh quote for the position itself', () => {
    expect(roll(long, 512, chain.slice(1))).toEqual({ ok: false, reasons: ['NO_POSITION_QUOTE'] });
    const stale = entry({ strike: 500, bid: 7.9, ask: 8.1, ts: NOW - rules.liquidity.maxQuoteAgeMs - 1 });
    expect(roll(long, 512, [stale, ...chain.slice(1)])).toEqual({ ok: false, reasons: ['STALE_POSITION_QUOTE'] });
  });

  it('denies with reasons when no higher strike is in the band', () => {
    expect(roll(long, 512, chain.slice(0, 3))).toEqual({ ok: false, reasons: ['LONG_PROFIT_TARGET', 'NO_ROLL_TARGET', 'DELTA_OUT_OF_RANGE'] });
  });

  it('never rolls swing long premium into the final week', () => {
    const expiry = '2025-12-05'; // 4 DTE
    const late = position({ strike: 500, expiry });
    const d = roll(late, 512, [up(8, { strike: 500, expiry }), entry({ strike: 510, expiry, delta: 0.55 })]);
    expect(d).toEqual({ ok: false, reasons: ['LONG_PROFIT_TARGET', 'NO_ROLL_TARGET', 'FINAL_WEEK_LONG_PREMIUM'] });
  });

  it('throws on a broken context', () => {
    expect(() => evaluateRoll(long, { spot: Number.NaN, now: NOW, chain }, rules)).toThrow(DomainError);
  });
});
