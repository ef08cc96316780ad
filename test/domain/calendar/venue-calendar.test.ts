import { describe, expect, it } from 'vitest';
import { calendarDisagreements, chooseCalendar, minuteOfDay, nextSession, RULE_CALENDAR, sessionHours, venueCalendar } from '../../../src/domain/calendar/index.js';
import { DomainError } from '../../../src/domain/errors.js';

const range = { from: '2025-07-01', to: '2025-07-08' };
/** What Alpaca lists for the week of July 4 2025 (its early close on Thursday July 3). */
const alpacaWeek = [
  { date: '2025-07-01', open: '09:30', close: '16:00' },
  { date: '2025-07-02', open: '09:30', close: '16:00' },
  { date: '2025-07-03', open: '09:30', close: '13:00' },
  { date: '2025-07-07', open: '09:30', close: '16:00' },
  { date: '2025-07-08', open: '09:30', close: '16:00' },
];

describe('venueCalendar', () => {
  it('trades the listed hours, is closed on a date of its range it does not list, and defers to the rules outside it', () => {
    const cal = venueCalendar(alpacaWeek, range);
    expect(cal.session('2025-07-03')).toEqual({ date: '2025-07-03', open: Date.UTC(2025, 6, 3, 13, 30), close: Date.UTC(2025, 6, 3, 17, 0) });
    expect(cal.session('2025-07-04')).toBeUndefined();
    expect(cal.session('2025-07-09')).toEqual(RULE_CALENDAR.session('2025-07-09')); // after the range: the rules
    expect(cal.session('2025-06-30')?.close).toBe(Date.UTC(2025, 5, 30, 20, 0));
  });

  it('agrees with the rules on that week', () => {
    expect(calendarDisagreements(venueCalendar(alpacaWeek, range), RULE_CALENDAR, range)).toEqual([]);
  });

  it('lists each day it and the rules disagree on: other hours, or closed where the rules trade', () => {
    const venue = venueCalendar(
      alpacaWeek.filter((d) => d.date !== '2025-07-07').map((d) => (d.date === '2025-07-03' ? { ...d, close: '16:00' } : d)),
      range,
    );
    expect(calendarDisagreements(venue, RULE_CALENDAR, range)).toEqual([
      { date: '2025-07-03', venue: { open: '09:30', close: '16:00' }, rules: { open: '09:30', close: '13:00' } },
      { date: '2025-07-07', rules: { open: '09:30', close: '16:00' } },
    ]);
    expect(nextSession(venue, '2025-07-03')?.date).toBe('2025-07-08');
  });

  it('refuses times that are not HH:MM and a close before the open', () => {
    expect(minuteOfDay('09:30')).toBe(570);
    expect(minuteOfDay('13:00')).toBe(780);
    expect(() => minuteOfDay('9:30')).toThrow(DomainError);
    expect(() => minuteOfDay('24:00')).toThrow(DomainError);
    expect(() => venueCalendar([{ date: '2025-07-03', open: '13:00', close: '09:30' }], range)).toThrow(DomainError);
    expect(() => venueCalendar([], { from: '2025-07-08', to: '2025-07-01' })).toThrow(DomainError);
  });

  it('gives a session its New York hours back (EST)', () => {
    expect(sessionHours(RULE_CALENDAR.session('2025-12-24'))).toEqual({ open: '09:30', close: '13:00' });
    expect(sessionHours(undefined)).toBeUndefined();
  });
});

describe('chooseCalendar', () => {
  it('takes the venue when it listed days, with its disagreements', () => {
    const choice = chooseCalendar(alpacaWeek.slice(0, 3), range);
    expect(choice.source).toBe('venue');
    expect(choice.disagreements.map((d) => d.date)).toEqual(['2025-07-07', '2025-07-08']);
    expect(choice.calendar.session('2025-07-07')).toBeUndefined();
  });

  it('falls back to the rules when the read failed or listed no day', () => {
    expect(chooseCalendar(undefined, range)).toEqual({ calendar: RULE_CALENDAR, source: 'rules', disagreements: [] });
    expect(chooseCalendar([], range).source).toBe('rules');
    expect(chooseCalendar([{ date: '2025-08-01', open: '09:30', close: '16:00' }], range).source).toBe('rules');
  });
});
