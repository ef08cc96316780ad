import { describe, expect, it } from 'vitest';
import { evaluateExit } from '../../../src/domain/exits/evaluate.js';
import { makeContract } from '../../../src/domain/values/contract.js';
import { DAY_MS, MINUTE_MS } from '../../../src/domain/values/time.js';
import { cfg, ctx, pos, run, T0 } from './fixtures.js';

const min = (m: number) => T0 + m * MINUTE_MS;
const day = (d: number) => T0 + d * DAY_MS;
const swing = { tradeType: 'swing' } as const;

describe('time exits', () => {
  it('day trade: NO_FOLLOW_THROUGH at 30 min when P/L ≤ 0, not before, not in profit', () => {
    expect(run({}, { now: min(30), mark: 2 }).reasons).toEqual(['NO_FOLLOW_THROUGH']);
    expect(run({}, { now: min(30) - 1, mark: 2 }).action).toBe('hold');
    expect(run({}, { now: min(45), mark: 2.1 }).action).toBe('hold');
  });

  it('day trade without a quote judges follow-through on the underlying', () => {
    expect(run({}, { now: min(30), quote: null }).reasons).toEqual(['NO_FOLLOW_THROUGH', 'QUOTE_STALE_FALLBACK']);
    expect(run({}, { now: min(30), quote: null, close: 501 }).reasons).toEqual(['QUOTE_STALE_FALLBACK']);
  });

  it('day trade: FOLLOW_THROUGH_TIMEOUT at 60 min regardless, unless a partial was taken or the lock armed', () => {
    expect(run({}, { now: min(60), mark: 2.1 }).reasons).toEqual(['FOLLOW_THROUGH_TIMEOUT']);
    expect(run({}, { now: min(60) - 1, mark: 2.1 }).action).toBe('hold');
    expect(run({ partialStage: 1, trailFloorPct: 0, qty: 2 }, { now: min(90), mark: 2.1 }).action).toBe('hold');
    expect(run({ partialStage: 1, trailFloorPct: 0.5, peakOptionPrice: 4, qty: 2 }, { now: min(90), mark: 3.5 }).action).toBe('hold');
  });

  it('swing: SWING_NOT_WORKING at 7 days when P/L ≤ 0, SWING_MAX_HOLD at 14 days', () => {
    expect(run(swing, { now: day(7), mark: 2 }).reasons).toEqual(['SWING_NOT_WORKING']);
    expect(run(swing, { now: day(7) - 1, mark: 2 }).action).toBe('hold');
    expect(run(swing, { now: day(10), mark: 2.2 }).action).toBe('hold');
    expect(run(swing, { now: day(14), mark: 2.2 }).reasons).toEqual(['SWING_MAX_HOLD']);
    expect(run(swing, { now: day(14) - 1, mark: 2.2 }).action).toBe('hold');
  });

  it('the pre-expiry windows count sessions from the contract, not the calendar-day DTE override', () => {
    // The fixture contract expires 2025-12-31, 21 sessions after Monday 2025-12-01: a DTE of 2 given
    // by the caller does not put it in its window (the old calendar-day rule fired here).
    expect(run({}, { dte: 2 }).action).toBe('hold');
  });

  it('EXPIRY_DAY always exits, with DTE derived from the contract when not given', () => {
    const today = makeContract({ underlying: 'SPY', expiry: '2025-12-01', right: 'put', strike: 500 });
    const p = pos({ side: 'short', direction: 'bullish', contract: today });
    const d = evaluateExit(p, ctx({ quote: null, dte: undefined }), cfg);
    expect(d).toMatchObject({ action: 'exit', qty: 4, reasons: ['EXPIRY_DAY', 'QUOTE_STALE_FALLBACK'] });
    expect(run({ side: 'short', direction: 'bearish' }, { dte: 1 }).action).toBe('hold');
    expect(run({}, { dte: 0 }).reasons).toEqual(['EXPIRY_DAY']);
    // A long expiring today: 0 sessions left, both fire.
    const call = makeContract({ underlying: 'SPY', expiry: '2025-12-01', right: 'call', strike: 500 });
    expect(evaluateExit(pos({ contract: call }), ctx({ quote: null, dte: undefined }), cfg).reasons).toEqual(['EXPIRY_DAY', 'LONG_BEFORE_EXPIRY', 'QUOTE_STALE_FALLBACK']);
  });
});
