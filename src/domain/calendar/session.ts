/**
 * The NYSE regular session, 09:30–16:00 America/New_York (13:00 on early closes: early-closes.ts,
 * session-calendar.ts), as UTC epoch ms. US daylight
 * saving (Energy Policy Act of 2005, in force from 2007) runs from 02:00 local on the second
 * Sunday of March to 02:00 local on the first Sunday of November; computed here by rule,
 * with no Intl or time-zone data.
 */
import { DomainError } from '../errors.js';
import { boundedMemo } from '../memo.js';
import { MINUTE_MS, isoDateToUtcMs, utcMsToIsoDate } from '../values/time.js';
import { addDays, nthWeekday, SUNDAY, yearOf } from './dates.js';
import { isTradingDay } from './trading-days.js';

export const SESSION_OPEN_MINUTE_ET = 9 * 60 + 30;
export const SESSION_CLOSE_MINUTE_ET = 16 * 60;
/** One-minute bars in a regular session: 390. */
export const SESSION_MINUTES = SESSION_CLOSE_MINUTE_ET - SESSION_OPEN_MINUTE_ET;
const FIRST_DST_RULE_YEAR = 2007;
const HOUR_MS = 60 * MINUTE_MS;

function dstDates(year: number): { start: string; end: string } {
  if (year < FIRST_DST_RULE_YEAR) {
    throw new DomainError('CALENDAR_RANGE', `the US DST rule used here applies from ${FIRST_DST_RULE_YEAR}; got ${year}`, 'date');
  }
  return { start: nthWeekday(year, 3, SUNDAY, 2), end: nthWeekday(year, 11, SUNDAY, 1) };
}

/** True when New York's daytime on `date` is on daylight time (EDT, UTC−4). */
export function isUsDaylightTime(date: string): boolean {
  const { start, end } = dstDates(yearOf(date));
  return date >= start && date < end;
}

/** New York's UTC offset in minutes during the daytime of `date`: −240 (EDT) or −300 (EST). */
export function nyUtcOffsetMinutes(date: string): -240 | -300 {
  return isUsDaylightTime(date) ? -240 : -300;
}

/**
 * Epoch ms of the midnight that ends New York's `date`, where `nyDate` turns to the next day.
 * It is still `date`'s offset: a DST switch happens at 02:00 on the following Sunday.
 */
export function nyDayEndMs(date: string): number {
  return isoDateToUtcMs(addDays(date, 1)) - nyUtcOffsetMinutes(date) * MINUTE_MS;
}

/** Epoch ms of a New York wall-clock minute-of-day on `date` (valid for daytime hours). */
export function nyWallTimeMs(date: string, minuteOfDay: number): number {
  return isoDateToUtcMs(date) + (minuteOfDay - nyUtcOffsetMinutes(date)) * MINUTE_MS;
}

// Memos of pure functions: deterministic, they only save recomputation on hot paths (every bar
// and every exit evaluation asks for New York's date and session).
/** New York's date per UTC hour (epoch hours): a backtest asks for a few hours at a time, ticker after ticker. */
const nyDateOfHour = boundedMemo(4096, (hour: number) => computeNyDate(hour * HOUR_MS));
const sessions = new Map<string, Session | undefined>();

/**
 * The New York calendar date of an instant (switching offset at 02:00 local on DST Sundays).
 * It is constant within each UTC hour (New York's offsets are whole hours, and its midnights
 * and DST switches fall on whole UTC hours), so it is worked out once per hour.
 */
export function nyDate(ms: number): string {
  return nyDateOfHour(Math.floor(ms / HOUR_MS));
}

function computeNyDate(ms: number): string {
  const year = yearOf(utcMsToIsoDate(ms - 5 * HOUR_MS));
  const { start, end } = dstDates(year);
  const dstFrom = isoDateToUtcMs(start) + 7 * HOUR_MS; // 02:00 EST
  const dstTo = isoDateToUtcMs(end) + 6 * HOUR_MS; // 02:00 EDT
  const offsetHours = ms >= dstFrom && ms < dstTo ? 4 : 5;
  return utcMsToIsoDate(ms - offsetHours * HOUR_MS);
}

export interface Session {
  readonly date: string;
  /** Epoch ms of 09:30 New York. */
  readonly open: number;
  /** Epoch ms of 16:00 New York. */
  readonly close: number;
}

/**
 * The full regular hours (09:30–16:00) of `date`, or undefined when the exchange is closed: the day
 * a generated market trades. The day's real hours, early closes included, are a SessionCalendar's
 * (session-calendar.ts: RULE_CALENDAR by rule, or the venue's).
 */
export function session(date: string): Session | undefined {
  if (sessions.has(date)) return sessions.get(date);
  const s = isTradingDay(date)
    ? Object.freeze({ date, open: nyWallTimeMs(date, SESSION_OPEN_MINUTE_ET), close: nyWallTimeMs(date, SESSION_CLOSE_MINUTE_ET) })
    : undefined;
  sessions.set(date, s);
  return s;
}

/** Open times (epoch ms) of the 390 one-minute bars of `date`'s session; empty when closed. */
export function sessionMinutes(date: string): number[] {
  const s = session(date);
  if (s === undefined) return [];
  return Array.from({ length: SESSION_MINUTES }, (_, i) => s.open + i * MINUTE_MS);
}
