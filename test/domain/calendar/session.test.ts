import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/domain/errors.js';
import { isTradingDay, nyDate, nyDayEndMs, session, sessionMinutes, SESSION_MINUTES } from '../../../src/domain/calendar/index.js';
import { DAY_MS, utcMsToIsoDate } from '../../../src/domain/values/time.js';

describe('regular session', () => {
  it('opens 13:30 UTC on daylight time and 14:30 UTC on standard time', () => {
    expect(session('2024-03-11')?.open).toBe(Date.UTC(2024, 2, 11, 13, 30));
    expect(session('2024-03-08')?.open).toBe(Date.UTC(2024, 2, 8, 14, 30));
    expect(session('2024-11-01')?.open).toBe(Date.UTC(2024, 10, 1, 13, 30));
    expect(session('2024-11-04')?.open).toBe(Date.UTC(2024, 10, 4, 14, 30));
    expect(session('2024-03-11')?.close).toBe(Date.UTC(2024, 2, 11, 20, 0));
  });

  it('has no session on a holiday', () => {
    expect(session('2025-04-18')).toBeUndefined();
    expect(sessionMinutes('2025-04-18')).toEqual([]);
  });

  it('lists 390 minute-bar open times', () => {
    const mins = sessionMinutes('2025-06-20');
    expect(mins).toHaveLength(390);
    expect(mins[0]).toBe(Date.UTC(2025, 5, 20, 13, 30));
    expect(mins[389]).toBe(Date.UTC(2025, 5, 20, 19, 59));
  });

  it('gives the New York date of an instant', () => {
    expect(nyDate(Date.UTC(2024, 2, 10, 6, 59))).toBe('2024-03-10');
    expect(nyDate(Date.UTC(2024, 6, 1, 3, 0))).toBe('2024-06-30');
    expect(nyDate(Date.UTC(2024, 0, 1, 4, 59))).toBe('2023-12-31');
    expect(nyDate(Date.UTC(2024, 0, 1, 5, 0))).toBe('2024-01-01');
  });

  it("gives the midnight that ends each New York date, across both DST switches", () => {
    expect(nyDayEndMs('2025-11-01')).toBe(Date.UTC(2025, 10, 2, 4)); // 00:00 EDT, before the 02:00 switch
    expect(nyDayEndMs('2025-11-02')).toBe(Date.UTC(2025, 10, 3, 5)); // 00:00 EST
    expect(nyDayEndMs('2025-03-08')).toBe(Date.UTC(2025, 2, 9, 5)); // 00:00 EST
    expect(nyDayEndMs('2025-03-09')).toBe(Date.UTC(2025, 2, 10, 4)); // 00:00 EDT
    for (let day = Date.UTC(2024, 0, 1); day < Date.UTC(2026, 0, 1); day += DAY_MS) {
      const date = new Date(day).toISOString().slice(0, 10);
      const end = nyDayEndMs(date);
      expect([nyDate(end - 1), nyDate(end)]).toEqual([date, new Date(day + DAY_MS).toISOString().slice(0, 10)]);
    }
  });

  it('rejects years before the 2007 DST rule', () => {
    expect(() => session('2006-06-01')).toThrow(DomainError);
  });

  it('every trading day has 390 minutes inside its own New York date', () => {
    const day0 = Date.UTC(2007, 0, 1) / DAY_MS;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 90 * 365 }), (offset) => {
        const date = utcMsToIsoDate((day0 + offset) * DAY_MS);
        const mins = sessionMinutes(date);
        if (!isTradingDay(date)) return mins.length === 0;
        const hour = new Date(mins[0] ?? 0).getUTCHours();
        return (
          mins.length === SESSION_MINUTES &&
          (hour === 13 || hour === 14) &&
          mins.every((m, i) => i === 0 || m - (mins[i - 1] ?? 0) === 60_000) &&
          nyDate(mins[0] ?? 0) === date &&
          nyDate((mins[389] ?? 0) + 60_000) === date
        );
      }),
    );
  });
});
