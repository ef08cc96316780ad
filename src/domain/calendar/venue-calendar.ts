/**
 * A calendar from the days the venue publishes (Alpaca's GET /v2/calendar), the rules outside the
 * range it covers; where it and the rules disagree; and the choice a live engine makes between them.
 */
import { DomainError } from '../errors.js';
import { addDays } from './dates.js';
import { nyWallTimeMs, type Session } from './session.js';
import { RULE_CALENDAR, sessionHours, type SessionCalendar } from './session-calendar.js';

/** A day as the venue publishes it: New York date and wall-clock times, 'HH:MM'. */
export interface VenueDay {
  readonly date: string;
  readonly open: string;
  readonly close: string;
}

/** The dates [from, to] (inclusive) a venue calendar covers. */
export interface CalendarRange {
  readonly from: string;
  readonly to: string;
}

/** 'HH:MM' → minutes after midnight. */
export function minuteOfDay(hhmm: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) throw new DomainError('BAD_TIME', `not an HH:MM time: ${hhmm}`, 'time');
  return minutes;
}

/**
 * The venue's calendar: in `range`, a listed date trades its listed hours and any other date is
 * closed; outside `range`, `fallback` (the rules) answers. Days listed outside the range are ignored.
 */
export function venueCalendar(days: readonly VenueDay[], range: CalendarRange, fallback: SessionCalendar = RULE_CALENDAR): SessionCalendar {
  if (!(range.from <= range.to)) throw new DomainError('BAD_RANGE', `calendar range ${range.from}..${range.to} is empty`, 'range');
  const byDate = new Map<string, Session>();
  for (const d of days) {
    if (d.date < range.from || d.date > range.to) continue;
    const open = nyWallTimeMs(d.date, minuteOfDay(d.open));
    const close = nyWallTimeMs(d.date, minuteOfDay(d.close));
    if (!(close > open)) throw new DomainError('BAD_SESSION', `${d.date} closes (${d.close}) before it opens (${d.open})`, 'close');
    byDate.set(d.date, Object.freeze({ date: d.date, open, close }));
  }
  return Object.freeze({ session: (date: string) => (date >= range.from && date <= range.to ? byDate.get(date) : fallback.session(date)) });
}

export interface CalendarDisagreement {
  readonly date: string;
  /** Hours by the first calendar (the venue's), undefined when closed. */
  readonly venue?: { readonly open: string; readonly close: string };
  /** Hours by the second (the rules), undefined when closed. */
  readonly rules?: { readonly open: string; readonly close: string };
}

/** The dates of `range` on which two calendars disagree: one open and the other not, or other hours. */
export function calendarDisagreements(venue: SessionCalendar, rules: SessionCalendar, range: CalendarRange): CalendarDisagreement[] {
  const out: CalendarDisagreement[] = [];
  for (let date = range.from; date <= range.to; date = addDays(date, 1)) {
    const a = venue.session(date);
    const b = rules.session(date);
    if (a?.open === b?.open && a?.close === b?.close) continue;
    const va = sessionHours(a);
    const vb = sessionHours(b);
    out.push({ date, ...(va ? { venue: va } : {}), ...(vb ? { rules: vb } : {}) });
  }
  return out;
}

/** What a live engine trades on: the venue's calendar, or the rules when it has none. */
export interface CalendarChoice {
  readonly calendar: SessionCalendar;
  readonly source: 'venue' | 'rules';
  /** The days of the range the venue and the rules disagree on (the venue wins). */
  readonly disagreements: readonly CalendarDisagreement[];
}

/**
 * The venue's calendar for `range` when it was read and lists at least one day (an empty answer
 * for weeks ahead is a broken read, not weeks of closures); else the rules.
 */
export function chooseCalendar(days: readonly VenueDay[] | undefined, range: CalendarRange): CalendarChoice {
  if (days === undefined || !days.some((d) => d.date >= range.from && d.date <= range.to)) return { calendar: RULE_CALENDAR, source: 'rules', disagreements: [] };
  const calendar = venueCalendar(days, range);
  return { calendar, source: 'venue', disagreements: calendarDisagreements(calendar, RULE_CALENDAR, range) };
}
