import { addDays, daysBetween } from '../../domain/calendar/dates.js';
import { earlyCloseOn } from '../../domain/calendar/early-closes.js';
import { nyDate } from '../../domain/calendar/session.js';
import { nextSession, RULE_CALENDAR, sessionHours } from '../../domain/calendar/session-calendar.js';
import type { AlpacaCalendarDay } from '../alpaca/wire/calendar.js';
import { sendJson } from './http.js';
import type { StandinRoutes } from './route.js';

/** The longest range one request may ask for, days. */
const MAX_RANGE_DAYS = 3 * 366;

/**
 * GET /v2/calendar?start=YYYY-MM-DD&end=YYYY-MM-DD from the domain's rule-based calendar (NYSE
 * holidays and 13:00 early closes): every trading day of the range, as Alpaca lists them. A missing
 * start or end is the stand-in's market date; a date that is not YYYY-MM-DD, an end before the
 * start or a range over three years: 400.
 */
export function calendarRoutes(now: () => number): StandinRoutes {
  return async (req, res, url) => {
    if (url.pathname !== '/v2/calendar' || (req.method ?? 'GET') !== 'GET') return false;
    const today = nyDate(now());
    const start = url.searchParams.get('start') ?? today;
    const end = url.searchParams.get('end') ?? today;
    if (!isDate(start) || !isDate(end) || !(start <= end) || daysBetween(start, end) > MAX_RANGE_DAYS) {
      sendJson(res, 400, { code: 40010001, message: `invalid calendar range: start ${start.slice(0, 40)}, end ${end.slice(0, 40)}` });
      return true;
    }
    sendJson(res, 200, calendarDays(start, end));
    return true;
  };
}

/** The trading days of [start, end] by the rules, in Alpaca's shape. */
export function calendarDays(start: string, end: string): AlpacaCalendarDay[] {
  const out: AlpacaCalendarDay[] = [];
  for (let date = start; date <= end; date = addDays(date, 1)) {
    const hours = sessionHours(RULE_CALENDAR.session(date));
    if (hours === undefined) continue;
    const settlement = nextSession(RULE_CALENDAR, date)?.date ?? addDays(date, 1);
    // Late trading ends at 17:00 on an early close (NYSE), at 20:00 otherwise.
    out.push({ date, ...hours, session_open: '0400', session_close: earlyCloseOn(date) ? '1700' : '2000', settlement_date: settlement });
  }
  return out;
}

function isDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
