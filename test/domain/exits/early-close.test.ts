import { describe, expect, it } from 'vitest';
import { venueCalendar } from '../../../src/domain/calendar/index.js';
import { loadConfig } from '../../../src/domain/config/index.js';
import { exitDeadlines } from '../../../src/domain/exits/deadlines.js';
import { evaluateExit } from '../../../src/domain/exits/evaluate.js';
import { dayEntryClosed, dayFlatAt } from '../../../src/domain/exits/time-rules.js';
import { makeBar } from '../../../src/domain/values/bar.js';
import { makeContract } from '../../../src/domain/values/contract.js';
import { makePosition } from '../../../src/domain/values/position.js';

const cfg = loadConfig({}).rules.exits;
const time = cfg.time;

/** A day-trade call entered at `entryTs`, expiring 2025-08-15. */
function dayTrade(entryTs: number) {
  return makePosition({
    id: 'SPY-1',
    contract: makeContract({ underlying: 'SPY', expiry: '2025-08-15', right: 'call', strike: 500 }),
    side: 'long',
    tradeType: 'day',
    direction: 'bullish',
    qty: 1,
    initialQty: 1,
    entryPrice: 2,
    entryTs,
    entryUnderlying: 500,
    peakOptionPrice: 2,
    peakUnderlying: 500,
    partialStage: 0,
  });
}

describe('day-trade cutoff and flatten on an early close (13:00 − 10 minutes = 12:50 New York)', () => {
  it('Thursday July 3 2025 (EDT): entries stop at 12:50 = 16:50 UTC, not 15:50', () => {
    expect(time.dayFlatMinutesBeforeClose).toBe(10);
    expect(dayEntryClosed(Date.UTC(2025, 6, 3, 16, 49), time)).toBe(false); // 12:49 EDT
    expect(dayEntryClosed(Date.UTC(2025, 6, 3, 16, 50), time)).toBe(true); // 12:50 EDT
    expect(dayFlatAt(Date.UTC(2025, 6, 3, 14, 0), time)).toBe(Date.UTC(2025, 6, 3, 16, 50));
    expect(dayFlatAt(Date.UTC(2025, 6, 2, 14, 0), time)).toBe(Date.UTC(2025, 6, 2, 19, 50)); // the day before: 15:50 EDT
  });

  it('the day after Thanksgiving 2025 (EST): flat at 12:50 = 17:50 UTC', () => {
    expect(dayFlatAt(Date.UTC(2025, 10, 28, 15, 0), time)).toBe(Date.UTC(2025, 10, 28, 17, 50));
  });

  it('follows the calendar it is given: a venue saying July 3 closes at 16:00 moves the cutoff back to 15:50', () => {
    const venue = venueCalendar([{ date: '2025-07-03', open: '09:30', close: '16:00' }], { from: '2025-07-03', to: '2025-07-03' });
    expect(dayEntryClosed(Date.UTC(2025, 6, 3, 16, 50), time, venue)).toBe(false);
    expect(dayFlatAt(Date.UTC(2025, 6, 3, 14, 0), time, venue)).toBe(Date.UTC(2025, 6, 3, 19, 50));
  });

  it('DAY_TRADE_SESSION_END fires at 12:50 on the early close', () => {
    const entry = Date.UTC(2025, 6, 3, 16, 30); // 12:30 EDT
    const at = (now: number) => {
      const bar = makeBar({ symbol: 'SPY', ts: now - 60_000, open: 500, high: 500, low: 500, close: 500, volume: 1000 });
      const features = { symbol: 'SPY', ts: bar.ts, close: 500, sma20: 490, volumeBarsAbove: 0, smaCrosses: 0, trend: 'up', ready: true } as const;
      return evaluateExit(dayTrade(entry), { now, bar, features, dte: 30 }, cfg).reasons;
    };
    expect(at(Date.UTC(2025, 6, 3, 16, 49))).not.toContain('DAY_TRADE_SESSION_END');
    expect(at(Date.UTC(2025, 6, 3, 16, 50))).toContain('DAY_TRADE_SESSION_END');
  });

  it('exit deadlines: the flatten at 12:50; one after the 13:00 close moves to the next open (Mon July 7, 09:30 EDT)', () => {
    // Entered 12:20 EDT: +30 min = 12:50 (= the flatten), +60 min = 13:20 (closed; July 4 a holiday, then the weekend).
    // Long 2 days before the Aug 15 expiry: Aug 13 00:00 UTC, Aug 12 20:00 EDT after the close → Aug 13 09:30 EDT.
    expect(exitDeadlines(dayTrade(Date.UTC(2025, 6, 3, 16, 20)), time)).toEqual([Date.UTC(2025, 6, 3, 16, 50), Date.UTC(2025, 6, 7, 13, 30), Date.UTC(2025, 7, 13, 13, 30)]);
  });
});
