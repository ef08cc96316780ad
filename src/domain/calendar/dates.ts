/** Calendar-date arithmetic on 'YYYY-MM-DD' strings (proleptic Gregorian, UTC day numbers). */
import { DomainError } from '../errors.js';
import { DAY_MS, isoDateToUtcMs, utcMsToIsoDate } from '../values/time.js';

/** 0 = Sunday … 6 = Saturday. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;
export const SUNDAY = 0;
export const MONDAY = 1;
export const WEDNESDAY = 3;
export const THURSDAY = 4;
export const FRIDAY = 5;
export const SATURDAY = 6;

/** Days since 1970-01-01 (which was a Thursday). */
export function dayNumber(date: string): number {
  return isoDateToUtcMs(date) / DAY_MS;
}

export function fromDayNumber(n: number): string {
  return utcMsToIsoDate(n * DAY_MS);
}

export function addDays(date: string, days: number): string {
  return fromDayNumber(dayNumber(date) + days);
}

export function weekday(date: string): Weekday {
  return ((((dayNumber(date) + 4) % 7) + 7) % 7) as Weekday;
}

/** Whole calendar days from `a` to `b` (negative when b is before a). */
export function daysBetween(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
}

export function ymd(year: number, month: number, day: number): string {
  if (!Number.isInteger(year) || year < 1 || year > 9999) throw new DomainError('BAD_YEAR', `year ${year} is out of range`, 'year');
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The n-th (1-based) given weekday of a month, e.g. the third Monday of January. */
export function nthWeekday(year: number, month: number, day: Weekday, n: number): string {
  const first = ymd(year, month, 1);
  const offset = (day - weekday(first) + 7) % 7;
  return addDays(first, offset + 7 * (n - 1));
}

/** The last given weekday of a month, e.g. the last Monday of May. */
export function lastWeekday(year: number, month: number, day: Weekday): string {
  const last = addDays(month === 12 ? ymd(year + 1, 1, 1) : ymd(year, month + 1, 1), -1);
  return addDays(last, -((weekday(last) - day + 7) % 7));
}

/** Easter Sunday (Gregorian), by the anonymous "Meeus/Jones/Butcher" computus. */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return ymd(year, month, day);
}

export function yearOf(date: string): number {
  dayNumber(date);
  return Number(date.slice(0, 4));
}
