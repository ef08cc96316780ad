import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/domain/config/index.js';
import { exitDeadlines } from '../../../src/domain/exits/deadlines.js';
import { dayEntryClosed } from '../../../src/domain/exits/time-rules.js';
import { makeContract } from '../../../src/domain/values/contract.js';
import { makePosition, type Position } from '../../../src/domain/values/position.js';

const cfg = loadConfig({}).rules.exits.time;
// Tuesday 2025-03-11, 10:00 New York (EDT) = 14:00 UTC.
const entryTs = Date.UTC(2025, 2, 11, 14, 0);

function position(tradeType: Position['tradeType'], expiry: string): Position {
  return makePosition({
    id: 'SPY-1',
    contract: makeContract({ underlying: 'SPY', expiry, right: 'call', strike: 500 }),
    side: 'long',
    tradeType,
    direction: 'bullish',
    qty: 2,
    initialQty: 2,
    entryPrice: 2,
    entryTs,
    entryUnderlying: 500,
    peakOptionPrice: 2,
    peakUnderlying: 500,
    partialStage: 0,
  });
}

describe('exitDeadlines', () => {
  it('day trade: 30 and 60 minutes after entry, 10 minutes before the close, and 2 sessions before expiry at the open', () => {
    expect(exitDeadlines(position('day', '2025-03-14'), cfg)).toEqual([
      entryTs + 30 * 60_000,
      entryTs + 60 * 60_000,
      Date.UTC(2025, 2, 11, 19, 50), // 15:50 EDT
      Date.UTC(2025, 2, 12, 13, 30), // Wednesday 09:30 EDT: 2 sessions left (Thu, Fri)
    ]);
  });

  it('swing: hold limits and pre-expiry days move to the next session open', () => {
    const d = exitDeadlines(position('swing', '2025-04-17'), cfg);
    expect(d).toEqual([
      Date.UTC(2025, 2, 18, 14, 0), // +7 days, in session
      Date.UTC(2025, 2, 25, 14, 0), // +14 days
      Date.UTC(2025, 3, 15, 13, 30), // long: 2 sessions left (Wed 16, Thu 17) from Tuesday 04-15's open
      Date.UTC(2025, 3, 16, 13, 30), // swing: 1 session left (Thu 17) from Wednesday 04-16's open
    ]);
  });

  it('a Monday expiry: the long window opens on the Thursday before, not at the Monday open', () => {
    // Expiry Monday 2025-03-17: 2 sessions left (Fri 14, Mon 17) from Thursday 03-13, 09:30 EDT = 13:30 UTC.
    // (The calendar-day rule gave Saturday 00:00 UTC, moved to Monday's open: the expiry's own session.)
    expect(exitDeadlines(position('day', '2025-03-17'), cfg)).toContain(Date.UTC(2025, 2, 13, 13, 30));
    expect(exitDeadlines(position('day', '2025-03-17'), cfg)).not.toContain(Date.UTC(2025, 2, 17, 13, 30));
  });
});

describe('dayEntryClosed', () => {
  it('closes day-trade entries from 10 minutes before the close', () => {
    expect(dayEntryClosed(Date.UTC(2025, 2, 11, 19, 49), cfg)).toBe(false); // 15:49 EDT
    expect(dayEntryClosed(Date.UTC(2025, 2, 11, 19, 50), cfg)).toBe(true); // 15:50 EDT
  });
});
