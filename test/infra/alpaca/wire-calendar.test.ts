import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseAlpacaCalendar } from '../../../src/infra/alpaca/wire/calendar.js';

/** GET /v2/calendar?start=2025-07-02&end=2025-07-07 as Alpaca answers it. */
const ALPACA_JULY_4_WEEK = [
  { date: '2025-07-02', open: '09:30', close: '16:00', session_open: '0400', session_close: '2000', settlement_date: '2025-07-03' },
  { date: '2025-07-03', open: '09:30', close: '13:00', session_open: '0400', session_close: '1700', settlement_date: '2025-07-07' },
  { date: '2025-07-07', open: '09:30', close: '16:00', session_open: '0400', session_close: '2000', settlement_date: '2025-07-08' },
];

describe('GET /v2/calendar wire shape', () => {
  it("reads Alpaca's days, early close included", () => {
    const days = parseAlpacaCalendar(ALPACA_JULY_4_WEEK);
    expect(days.map((d) => [d.date, d.open, d.close])).toEqual([
      ['2025-07-02', '09:30', '16:00'],
      ['2025-07-03', '09:30', '13:00'],
      ['2025-07-07', '09:30', '16:00'],
    ]);
    expect(days[1]?.settlement_date).toBe('2025-07-07');
  });

  it('takes a day without the extended-session fields, and an empty list', () => {
    expect(parseAlpacaCalendar([{ date: '2025-07-03', open: '09:30', close: '13:00' }])).toEqual([{ date: '2025-07-03', open: '09:30', close: '13:00' }]);
    expect(parseAlpacaCalendar([])).toEqual([]);
  });

  it('refuses what it could not trade on', () => {
    const bad = (day: Record<string, unknown>) => () => parseAlpacaCalendar([{ date: '2025-07-03', open: '09:30', close: '13:00', ...day }]);
    expect(bad({ close: '1300' })).toThrow(z.ZodError);
    expect(bad({ open: '9:30' })).toThrow(z.ZodError);
    expect(bad({ date: '2025-7-3' })).toThrow(z.ZodError);
    expect(bad({ close: '09:00' })).toThrow(z.ZodError); // before the open
    expect(bad({ close: undefined })).toThrow(z.ZodError);
    expect(() => parseAlpacaCalendar({ date: '2025-07-03' })).toThrow(z.ZodError);
  });
});
