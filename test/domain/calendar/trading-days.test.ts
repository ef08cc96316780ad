import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isTradingDay,
  nextTradingDay,
  previousTradingDay,
  tradingDays,
  tradingDaysEnding,
  tradingDaysFrom,
  weekday,
} from '../../../src/domain/calendar/index.js';
import { DAY_MS, utcMsToIsoDate } from '../../../src/domain/values/time.js';

describe('trading days', () => {
  it('skips weekends and Juneteenth', () => {
    expect(tradingDays('2025-06-14', '2025-06-23')).toEqual(['2025-06-16', '2025-06-17', '2025-06-18', '2025-06-20', '2025-06-23']);
  });

  it('steps over long weekends', () => {
    expect(nextTradingDay('2025-04-17')).toBe('2025-04-21');
    expect(previousTradingDay('2025-04-21')).toBe('2025-04-17');
  });

  it('counts forward and backward', () => {
    expect(tradingDaysFrom('2025-06-21', 3)).toEqual(['2025-06-23', '2025-06-24', '2025-06-25']);
    expect(tradingDaysEnding('2025-06-22', 3)).toEqual(['2025-06-17', '2025-06-18', '2025-06-20']);
  });

  it('2025 has 250 trading days', () => {
    expect(tradingDays('2025-01-01', '2025-12-31')).toHaveLength(250);
  });

  it('ranges hold only weekdays, in order, with nothing skipped', () => {
    const day0 = Date.UTC(2007, 0, 1) / DAY_MS;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30_000 }), fc.integer({ min: 0, max: 40 }), (offset, len) => {
        const from = utcMsToIsoDate((day0 + offset) * DAY_MS);
        const to = utcMsToIsoDate((day0 + offset + len) * DAY_MS);
        const days = tradingDays(from, to);
        const all = Array.from({ length: len + 1 }, (_, i) => utcMsToIsoDate((day0 + offset + i) * DAY_MS));
        return (
          days.every((d) => weekday(d) !== 0 && weekday(d) !== 6) &&
          days.join() === all.filter((d) => isTradingDay(d)).join()
        );
      }),
    );
  });
});
