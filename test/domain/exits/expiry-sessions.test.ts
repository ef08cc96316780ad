import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/domain/errors.js';
import { evaluateExit } from '../../../src/domain/exits/evaluate.js';
import { exitWindowStart, sessionsToExpiry } from '../../../src/domain/exits/expiry-sessions.js';
import { makeContract } from '../../../src/domain/values/contract.js';
import type { Position } from '../../../src/domain/values/position.js';
import { MINUTE_MS } from '../../../src/domain/values/time.js';
import { cfg, ctx, pos } from './fixtures.js';

/** 15:00 UTC on a date: 11:00 New York in daylight time, 10:00 in standard time; in session. */
const at = (date: string): number => Date.parse(`${date}T15:00:00Z`);

// Calendar facts used below (checked against a printed calendar):
// 2025-03-14 is a Friday, 2025-03-17 a Monday; DST began 2025-03-09.
// 2026: Easter Sunday is April 5, so Good Friday April 3 is an NYSE holiday; April 1 is a Wednesday,
// April 6 a Monday; DST ran until 2026-11-01. Thanksgiving is Thursday 2026-11-26 (closed), Friday
// 2026-11-27 an early close, Monday 2026-11-30.
describe('sessionsToExpiry', () => {
  it('Friday expiry: 3 on Tuesday, 2 on Wednesday, 1 on Thursday, 0 on the day and after', () => {
    expect(['2025-03-11', '2025-03-12', '2025-03-13', '2025-03-14', '2025-03-15'].map((d) => sessionsToExpiry('2025-03-14', at(d)))).toEqual([3, 2, 1, 0, 0]);
  });

  it('Monday expiry: 2 on Thursday (Fri, Mon), 1 from Friday through the weekend, 0 on Monday', () => {
    expect(['2025-03-12', '2025-03-13', '2025-03-14', '2025-03-15', '2025-03-16', '2025-03-17'].map((d) => sessionsToExpiry('2025-03-17', at(d)))).toEqual([3, 2, 1, 1, 1, 0]);
  });

  it('counts from the New York date: Thursday 23:30 EDT is still Thursday (Friday 03:30 UTC)', () => {
    expect(sessionsToExpiry('2025-03-17', Date.UTC(2025, 2, 14, 3, 30))).toBe(2);
  });

  it('Good Friday: a Monday expiry is 2 sessions away on the Wednesday (Thu Apr 2, Mon Apr 6)', () => {
    expect(['2026-03-31', '2026-04-01', '2026-04-02', '2026-04-03'].map((d) => sessionsToExpiry('2026-04-06', at(d)))).toEqual([3, 2, 1, 1]);
  });

  it('Thanksgiving week: the Friday expiry is 2 away on Tuesday, the Monday one on Wednesday', () => {
    // Friday 11-27: Tue → Wed, Fri (Thursday closed).
    expect(['2026-11-23', '2026-11-24', '2026-11-25'].map((d) => sessionsToExpiry('2026-11-27', at(d)))).toEqual([3, 2, 1]);
    // Monday 11-30: Tue → Wed, Fri, Mon; Wed → Fri, Mon.
    expect(['2026-11-24', '2026-11-25'].map((d) => sessionsToExpiry('2026-11-30', at(d)))).toEqual([3, 2]);
  });

  it('stops counting past stopAfter', () => {
    // 2025-12-01 → 2025-12-31 holds 21 sessions (23 weekdays Dec 2–31, less Christmas): counting stops at 3.
    expect(sessionsToExpiry('2025-12-31', at('2025-12-01'), undefined, 2)).toBe(3);
    expect(sessionsToExpiry('2025-12-31', at('2025-12-01'))).toBe(21);
  });
});

describe('exitWindowStart', () => {
  it('the session from which at most N sessions are left', () => {
    // Friday 2025-03-14, N = 2: Wednesday 03-12, 09:30 EDT = 13:30 UTC.
    expect(exitWindowStart('2025-03-14', 2).open).toBe(Date.UTC(2025, 2, 12, 13, 30));
    // Monday 2025-03-17, N = 2: Thursday 03-13 (not the Saturday a calendar-day count gives).
    expect(exitWindowStart('2025-03-17', 2).open).toBe(Date.UTC(2025, 2, 13, 13, 30));
    // Monday 2026-04-06 after Good Friday: Wednesday 04-01 (EDT).
    expect(exitWindowStart('2026-04-06', 2).date).toBe('2026-04-01');
    // Thanksgiving week (EST, 09:30 = 14:30 UTC): Monday 11-30 → Wednesday 11-25; Friday 11-27 → Tuesday 11-24.
    expect(exitWindowStart('2026-11-30', 2).open).toBe(Date.UTC(2026, 10, 25, 14, 30));
    expect(exitWindowStart('2026-11-27', 2).open).toBe(Date.UTC(2026, 10, 24, 14, 30));
    // N = 1 for a Monday expiry: the Friday before; N = 0: the expiry's own session.
    expect(exitWindowStart('2025-03-17', 1).date).toBe('2025-03-14');
    expect(exitWindowStart('2025-03-17', 0).date).toBe('2025-03-17');
  });

  it('rejects a negative or fractional window', () => {
    expect(() => exitWindowStart('2025-03-17', -1)).toThrow(DomainError);
    expect(() => exitWindowStart('2025-03-17', 1.5)).toThrow(/whole number/);
  });
});

describe('LONG_BEFORE_EXPIRY and SWING_BEFORE_EXPIRY in sessions', () => {
  /** A position on a contract expiring `expiry`, entered 5 minutes before `now`; no quote (underlying rules and time rules only). */
  function reasons(expiry: string, now: number, over: Partial<Position> = {}) {
    const contract = makeContract({ underlying: 'SPY', expiry, right: over.direction === 'bearish' ? 'put' : 'call', strike: 500 });
    const p = pos({ contract, entryTs: now - 5 * MINUTE_MS, ...over });
    return evaluateExit(p, ctx({ now, quote: null, dte: undefined, ...(over.direction === 'bearish' ? { sma20: 510, trend: 'down' } : {}) }), cfg).reasons;
  }

  it('Monday expiry: a long goes on the Thursday before (calendar DTE 4), not on Monday', () => {
    expect(reasons('2025-03-17', at('2025-03-12'))).toEqual(['QUOTE_STALE_FALLBACK']);
    expect(reasons('2025-03-17', at('2025-03-13'))).toEqual(['LONG_BEFORE_EXPIRY', 'QUOTE_STALE_FALLBACK']);
    // A long bought on the Friday (calendar DTE 3, 1 session left) is due out at once: selection refuses it.
    expect(reasons('2025-03-17', at('2025-03-14'))).toEqual(['LONG_BEFORE_EXPIRY', 'QUOTE_STALE_FALLBACK']);
  });

  it('Good Friday: a Monday 2026-04-06 long goes on Wednesday 04-01, holds on Tuesday', () => {
    expect(reasons('2026-04-06', at('2026-03-31'))).toEqual(['QUOTE_STALE_FALLBACK']);
    expect(reasons('2026-04-06', at('2026-04-01'))).toEqual(['LONG_BEFORE_EXPIRY', 'QUOTE_STALE_FALLBACK']);
  });

  it('Thanksgiving: a Friday 2026-11-27 long goes on Tuesday (calendar DTE 3), holds on Monday', () => {
    expect(reasons('2026-11-27', at('2026-11-23'))).toEqual(['QUOTE_STALE_FALLBACK']);
    expect(reasons('2026-11-27', at('2026-11-24'))).toEqual(['LONG_BEFORE_EXPIRY', 'QUOTE_STALE_FALLBACK']);
  });

  it('swings leave with 1 session left: a short on the Friday before a Monday expiry; a long swing earlier, by the long rule', () => {
    const shortSwing = { tradeType: 'swing', side: 'short', direction: 'bearish' } as const;
    expect(reasons('2025-03-17', at('2025-03-13'), shortSwing)).toEqual(['QUOTE_STALE_FALLBACK']);
    expect(reasons('2025-03-17', at('2025-03-14'), shortSwing)).toEqual(['SWING_BEFORE_EXPIRY', 'QUOTE_STALE_FALLBACK']);
    expect(reasons('2025-03-17', at('2025-03-13'), { tradeType: 'swing' })).toEqual(['LONG_BEFORE_EXPIRY', 'QUOTE_STALE_FALLBACK']);
    expect(reasons('2025-03-17', at('2025-03-14'), { tradeType: 'swing' })).toEqual(['LONG_BEFORE_EXPIRY', 'SWING_BEFORE_EXPIRY', 'QUOTE_STALE_FALLBACK']);
  });
});
