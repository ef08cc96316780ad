import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMonthlyExpiry, isTradingDay, monthlyExpiry, optionExpiries, shortDatedExpiries, weekday } from '../../../src/domain/calendar/index.js';
import { DAY_MS, utcMsToIsoDate } from '../../../src/domain/values/time.js';

describe('option expiries', () => {
  it('moves the April 2025 monthly off Good Friday to Thursday', () => {
    expect(monthlyExpiry(2025, 4)).toBe('2025-04-17');
    expect(monthlyExpiry(2025, 1)).toBe('2025-01-17');
    expect(isMonthlyExpiry('2025-04-17')).toBe(true);
    expect(isMonthlyExpiry('2025-04-25')).toBe(false);
  });

  it('lists weeklies and monthlies in a window', () => {
    expect(optionExpiries('2025-04-07', '2025-04-30')).toEqual([
      { date: '2025-04-11', kind: 'weekly' },
      { date: '2025-04-17', kind: 'monthly' },
      { date: '2025-04-25', kind: 'weekly' },
    ]);
  });

  it('moves a weekly off Independence Day', () => {
    expect(optionExpiries('2025-06-30', '2025-07-05')).toEqual([{ date: '2025-07-03', kind: 'weekly' }]);
  });

  it('includes an expiry on the window edges', () => {
    expect(optionExpiries('2025-06-20', '2025-06-20')).toEqual([{ date: '2025-06-20', kind: 'monthly' }]);
  });

  it('expiries are trading days, Fridays unless moved, one per week', () => {
    const day0 = Date.UTC(2007, 0, 1) / DAY_MS;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30_000 }), (offset) => {
        const from = utcMsToIsoDate((day0 + offset) * DAY_MS);
        const to = utcMsToIsoDate((day0 + offset + 60) * DAY_MS);
        const list = optionExpiries(from, to);
        return (
          list.length >= 8 &&
          list.length <= 9 &&
          list.every((e) => isTradingDay(e.date) && e.date >= from && e.date <= to && (weekday(e.date) === 5 || !isTradingDay(nextFriday(e.date)))) &&
          list.filter((e) => e.kind === 'monthly').length >= 1
        );
      }),
    );
  });
});

function nextFriday(date: string): string {
  const ms = Date.parse(`${date}T00:00:00Z`);
  const add = (5 - weekday(date) + 7) % 7;
  return utcMsToIsoDate(ms + add * DAY_MS);
}

describe('short-dated expiries', () => {
  it('lists Mondays and Wednesdays that are trading days', () => {
    expect(shortDatedExpiries('2025-06-30', '2025-07-09').map((e) => e.date)).toEqual(['2025-06-30', '2025-07-02', '2025-07-07', '2025-07-09']);
    // Presidents' Day 2025-02-17 is a Monday holiday: not listed.
    expect(shortDatedExpiries('2025-02-14', '2025-02-20').map((e) => e.date)).toEqual(['2025-02-19']);
  });
});
