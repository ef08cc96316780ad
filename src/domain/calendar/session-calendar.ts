/**
 * The exchange's sessions as a value: which days it trades, from when to when. RULE_CALENDAR
 * knows them by rule (NYSE holidays and 13:00 early closes): backtests use it, and a live engine
 * falls back to it; venue-calendar.ts builds one from the days the venue publishes (Alpaca's
 * GET /v2/calendar). Whatever depends on the close (the day-trade cutoff and flatten, exit
 * deadlines, whether the simulated market is open) takes one.
 */
import { MINUTE_MS } from '../values/time.js';
import { addDays } from './dates.js';
import { earlyCloseOn } from './early-closes.js';
import { nyDate, nyWallTimeMs, SESSION_CLOSE_MINUTE_ET, SESSION_OPEN_MINUTE_ET, type Session } from './session.js';
import { isTradingDay } from './trading-days.js';

export interface SessionCalendar {
  /** The regular session of a New York date ('YYYY-MM-DD'), or undefined when the exchange is closed. */
  session(date: string): Session | undefined;
}

// A memo of a pure function of the date: deterministic, it only saves recomputation.
const ruleSessions = new Map<string, Session | undefined>();

function ruleSession(date: string): Session | undefined {
  if (ruleSessions.has(date)) return ruleSessions.get(date);
  const close = earlyCloseOn(date)?.closeMinuteEt ?? SESSION_CLOSE_MINUTE_ET;
  const s = isTradingDay(date) ? Object.freeze({ date, open: nyWallTimeMs(date, SESSION_OPEN_MINUTE_ET), close: nyWallTimeMs(date, close) }) : undefined;
  ruleSessions.set(date, s);
  return s;
}

/** NYSE by rule: 09:30–16:00 on trading days, 09:30–13:00 on early closes. */
export const RULE_CALENDAR: SessionCalendar = Object.freeze({ session: ruleSession });

/** A session's New York wall-clock hours, 'HH:MM'; undefined when closed. */
export function sessionHours(s: Session | undefined): { readonly open: string; readonly close: string } | undefined {
  if (s === undefined) return undefined;
  const midnight = nyWallTimeMs(s.date, 0);
  const hhmm = (ms: number): string => {
    const minute = Math.round((ms - midnight) / MINUTE_MS);
    return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
  };
  return { open: hhmm(s.open), close: hhmm(s.close) };
}

/** The session of the New York date `ms` falls on (undefined when that day is closed). */
export function sessionAt(calendar: SessionCalendar, ms: number): Session | undefined {
  return calendar.session(nyDate(ms));
}

/** Closed days in a row no calendar exceeds (a weekend, holidays and special closures). */
const MAX_CLOSED_RUN = 10;

/** The first session after `date` (strictly), or undefined when none follows within ten days. */
export function nextSession(calendar: SessionCalendar, date: string): Session | undefined {
  for (let i = 1; i <= MAX_CLOSED_RUN; i += 1) {
    const s = calendar.session(addDays(date, i));
    if (s !== undefined) return s;
  }
  return undefined;
}
