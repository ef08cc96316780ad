import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { earlyCloseOn, holidayOn, isTradingDay, nyseEarlyCloses, RULE_CALENDAR, session } from '../../../src/domain/calendar/index.js';

const dates = (year: number) => nyseEarlyCloses(year).map((e) => e.date);

/*
 * Expected dates worked out by hand from the weekday of July 3, Thanksgiving (fourth Thursday of
 * November) and December 24, and checked against NYSE Group's published calendars: "2022, 2023 and
 * 2024 Holiday and Early Closings Calendar" (2021-12-27: July 3 2023, July 3 2024, Nov 24 2023,
 * Nov 29 2024, Dec 24 2024), "2025, 2026 and 2027 …" (2024-11-08: July 3 2025, Nov 28 2025,
 * Nov 27 2026, Nov 26 2027) and "2026, 2027 and 2028 …" (2025-12-23: no July early close in 2026
 * or 2027, July 3 2028; Christmas 2027 observed Friday Dec 24).
 */
describe('NYSE early closes by rule', () => {
  it('2024: Wed July 3, Fri Nov 29, Tue Dec 24', () => {
    expect(dates(2024)).toEqual(['2024-07-03', '2024-11-29', '2024-12-24']);
  });

  it('2025: Thu July 3, Fri Nov 28, Wed Dec 24', () => {
    expect(dates(2025)).toEqual(['2025-07-03', '2025-11-28', '2025-12-24']);
  });

  it('2026: July 4 is a Saturday, observed Fri July 3 — no early close on Thu July 2; Fri Nov 27, Thu Dec 24', () => {
    expect(holidayOn('2026-07-03')?.name).toBe('INDEPENDENCE_DAY');
    expect(earlyCloseOn('2026-07-02')).toBeUndefined();
    expect(dates(2026)).toEqual(['2026-11-27', '2026-12-24']);
  });

  it('2027: only Fri Nov 26 (July 3 a Saturday; Dec 24 a Friday, the observed Christmas)', () => {
    expect(holidayOn('2027-12-24')?.name).toBe('CHRISTMAS');
    expect(dates(2027)).toEqual(['2027-11-26']);
  });

  it('2028: Mon July 3 and Fri Nov 24 (Dec 24 a Sunday)', () => {
    expect(dates(2028)).toEqual(['2028-07-03', '2028-11-24']);
  });

  it('2020–2023 by the same rules', () => {
    expect(dates(2020)).toEqual(['2020-11-27', '2020-12-24']); // July 3 2020 was the observed holiday
    expect(dates(2021)).toEqual(['2021-11-26']); // Dec 24 2021 was the observed Christmas
    expect(dates(2022)).toEqual(['2022-11-25']);
    expect(dates(2023)).toEqual(['2023-07-03', '2023-11-24']);
  });

  it('names each and closes at 13:00', () => {
    expect(earlyCloseOn('2025-07-03')).toEqual({ date: '2025-07-03', name: 'INDEPENDENCE_DAY_EVE', closeMinuteEt: 780 });
    expect(earlyCloseOn('2025-11-28')?.name).toBe('DAY_AFTER_THANKSGIVING');
    expect(earlyCloseOn('2025-12-24')?.name).toBe('CHRISTMAS_EVE');
    expect(earlyCloseOn('2025-07-02')).toBeUndefined();
  });

  it('an early close is always a trading day, and never a holiday', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2007, max: 2099 }), (year) => nyseEarlyCloses(year).every((e) => isTradingDay(e.date) && holidayOn(e.date) === undefined)),
    );
  });
});

describe('RULE_CALENDAR', () => {
  it('closes at 13:00 New York on an early close (EDT and EST)', () => {
    expect(RULE_CALENDAR.session('2025-07-03')).toEqual({ date: '2025-07-03', open: Date.UTC(2025, 6, 3, 13, 30), close: Date.UTC(2025, 6, 3, 17, 0) });
    expect(RULE_CALENDAR.session('2025-11-28')).toEqual({ date: '2025-11-28', open: Date.UTC(2025, 10, 28, 14, 30), close: Date.UTC(2025, 10, 28, 18, 0) });
    expect(RULE_CALENDAR.session('2025-12-24')?.close).toBe(Date.UTC(2025, 11, 24, 18, 0));
  });

  it('is 09:30–16:00 on other trading days and closed on holidays and weekends', () => {
    expect(RULE_CALENDAR.session('2025-07-02')).toEqual({ date: '2025-07-02', open: Date.UTC(2025, 6, 2, 13, 30), close: Date.UTC(2025, 6, 2, 20, 0) });
    expect(RULE_CALENDAR.session('2025-07-04')).toBeUndefined();
    expect(RULE_CALENDAR.session('2025-07-05')).toBeUndefined();
  });

  it('agrees with the full-hours session() except for the close of early closes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 * 366 }), (offset) => {
        const date = new Date(Date.UTC(2010, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
        const a = RULE_CALENDAR.session(date);
        const b = session(date);
        if (b === undefined) return a === undefined;
        return a?.open === b.open && a.close === (earlyCloseOn(date) ? b.close - 3 * 3_600_000 : b.close);
      }),
    );
  });
});
