import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysToExpiry, isoDateToUtcMs, utcMsToIsoDate } from '../../../src/domain/values/time.js';

describe('dates', () => {
  it('round-trips ISO dates and rejects non-dates', () => {
    expect(utcMsToIsoDate(isoDateToUtcMs('2024-02-29'))).toBe('2024-02-29');
    expect(() => isoDateToUtcMs('2023-02-29')).toThrow(/not a calendar date/);
    expect(() => isoDateToUtcMs('2023/02/01')).toThrow(/YYYY-MM-DD/);
  });

  it('counts calendar days to expiry from the UTC date of now', () => {
    const friday = '2025-12-19';
    expect(daysToExpiry(friday, Date.UTC(2025, 11, 19, 20, 59))).toBe(0);
    expect(daysToExpiry(friday, Date.UTC(2025, 11, 17, 14, 30))).toBe(2);
    expect(daysToExpiry(friday, Date.UTC(2025, 11, 22, 14, 30))).toBe(-3);
  });
});

describe('utcMsToIsoDate', () => {
  it('agrees with Date#toISOString for every instant from 1970 to 9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Date.UTC(9999, 11, 31, 23, 59, 59) }), (ms) => {
        expect(utcMsToIsoDate(ms)).toBe(new Date(ms).toISOString().slice(0, 10));
      }),
      { numRuns: 5000 },
    );
    expect(utcMsToIsoDate(Date.UTC(2024, 1, 29, 23, 59))).toBe('2024-02-29');
    expect(utcMsToIsoDate(-1)).toBe('1969-12-31');
  });
});
