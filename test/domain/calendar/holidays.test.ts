import { describe, expect, it } from 'vitest';
import { easterSunday, nyseHolidays, holidayOn, isTradingDay } from '../../../src/domain/calendar/index.js';

describe('NYSE holidays', () => {
  it('lists the 2025 closures', () => {
    expect(nyseHolidays(2025).map((h) => h.date)).toEqual([
      '2025-01-01', '2025-01-09', '2025-01-20', '2025-02-17', '2025-04-18', '2025-05-26',
      '2025-06-19', '2025-07-04', '2025-09-01', '2025-11-27', '2025-12-25',
    ]);
    expect(holidayOn('2025-01-09')?.name).toBe('SPECIAL_CLOSURE');
  });

  it('lists the 2024 closures with their names', () => {
    expect(nyseHolidays(2024).map((h) => `${h.date} ${h.name}`)).toEqual([
      '2024-01-01 NEW_YEARS_DAY', '2024-01-15 MLK_DAY', '2024-02-19 PRESIDENTS_DAY', '2024-03-29 GOOD_FRIDAY',
      '2024-05-27 MEMORIAL_DAY', '2024-06-19 JUNETEENTH', '2024-07-04 INDEPENDENCE_DAY', '2024-09-02 LABOR_DAY',
      '2024-11-28 THANKSGIVING', '2024-12-25 CHRISTMAS',
    ]);
  });

  it('Good Friday 2025-04-18 is closed', () => {
    expect(isTradingDay('2025-04-18')).toBe(false);
    expect(isTradingDay('2025-04-17')).toBe(true);
  });

  it('applies the Saturday → Friday and Sunday → Monday observance', () => {
    expect(isTradingDay('2020-07-03')).toBe(false); // July 4 on a Saturday
    expect(isTradingDay('2021-12-24')).toBe(false); // Christmas on a Saturday
    expect(isTradingDay('2022-12-26')).toBe(false); // Christmas on a Sunday
    expect(isTradingDay('2023-01-02')).toBe(false); // New Year on a Sunday
    expect(isTradingDay('2022-06-20')).toBe(false); // Juneteenth on a Sunday
  });

  it('does not close on Dec 31 when New Year falls on a Saturday', () => {
    expect(isTradingDay('2021-12-31')).toBe(true);
    expect(nyseHolidays(2022).some((h) => h.name === 'NEW_YEARS_DAY')).toBe(false);
  });

  it('observes Juneteenth only from 2022', () => {
    expect(isTradingDay('2021-06-18')).toBe(true);
    expect(isTradingDay('2023-06-19')).toBe(false);
  });

  it('computes Easter', () => {
    expect(['2008', '2019', '2024', '2025', '2026', '2038'].map((y) => easterSunday(Number(y)))).toEqual([
      '2008-03-23', '2019-04-21', '2024-03-31', '2025-04-20', '2026-04-05', '2038-04-25',
    ]);
  });

  it('weekends are never trading days', () => {
    expect(isTradingDay('2025-06-21')).toBe(false);
    expect(isTradingDay('2025-06-22')).toBe(false);
    expect(isTradingDay('2025-06-23')).toBe(true);
  });
});
