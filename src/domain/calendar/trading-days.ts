/** NYSE trading days: weekdays that are not exchange holidays. */
import { DomainError } from '../errors.js';
import { addDays } from './dates.js';
import { holidayOn, isWeekend } from './holidays.js';

/** The longest run of closed days in a row (a weekend plus a holiday plus special closures). */
const MAX_CLOSED_RUN = 10;

export function isTradingDay(date: string): boolean {
  return !isWeekend(date) && holidayOn(date) === undefined;
}

function step(date: string, dir: 1 | -1): string {
  let d = date;
  for (let i = 0; i < MAX_CLOSED_RUN; i += 1) {
    d = addDays(d, dir);
    if (isTradingDay(d)) return d;
  }
  throw new DomainError('CALENDAR_GAP', `no trading day within ${MAX_CLOSED_RUN} days of ${date}`, 'date');
}

/** The first trading day strictly after `date`. */
export function nextTradingDay(date: string): string {
  return step(date, 1);
}

/** The last trading day strictly before `date`. */
export function previousTradingDay(date: string): string {
  return step(date, -1);
}

/** Trading days from `from` to `to`, both inclusive, in order. */
export function tradingDays(from: string, to: string): string[] {
  const out: string[] = [];
  let d = isTradingDay(from) ? from : nextTradingDay(from);
  while (d <= to) {
    out.push(d);
    d = nextTradingDay(d);
  }
  return out;
}

/** `count` trading days starting on `start` (or the next trading day after it). */
export function tradingDaysFrom(start: string, count: number): string[] {
  const out: string[] = [];
  let d = isTradingDay(start) ? start : nextTradingDay(start);
  while (out.length < count) {
    out.push(d);
    d = nextTradingDay(d);
  }
  return out;
}

/** The last `count` trading days ending on `end` (or the trading day before it), in order. */
export function tradingDaysEnding(end: string, count: number): string[] {
  const out: string[] = [];
  let d = isTradingDay(end) ? end : previousTradingDay(end);
  while (out.length < count) {
    out.push(d);
    d = previousTradingDay(d);
  }
  return out.reverse();
}
