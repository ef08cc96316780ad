/**
 * NYSE early closes (13:00 New York), by the exchange's standing practice (its yearly holiday
 * announcements, e.g. NYSE Group, "2026, 2027 and 2028 Holiday and Early Closings Calendar",
 * 2025-12-23):
 * - the day before Independence Day: July 3, when it is a Monday to Thursday (July 4 then falls
 *   Tuesday to Friday). A Friday July 3 is itself the observed holiday (July 4 on a Saturday) and
 *   there is no early close the day before it (2020, 2026); a July 4 on a Sunday or Monday has none;
 * - the day after Thanksgiving (a Friday, always);
 * - Christmas Eve, when it is a Monday to Thursday (a Friday Dec 24 is the observed Christmas).
 * A day some other rule closes (a special closure) has no early close. One-off early closes
 * announced outside these rules are the venue calendar's to tell.
 */
import { addDays, MONDAY, nthWeekday, THURSDAY, weekday, yearOf, ymd } from './dates.js';
import { isTradingDay } from './trading-days.js';

export const EARLY_CLOSE_MINUTE_ET = 13 * 60;

export const EARLY_CLOSE_NAMES = ['INDEPENDENCE_DAY_EVE', 'DAY_AFTER_THANKSGIVING', 'CHRISTMAS_EVE'] as const;
export type EarlyCloseName = (typeof EARLY_CLOSE_NAMES)[number];

export interface EarlyClose {
  readonly date: string;
  readonly name: EarlyCloseName;
  /** New York minute of day of the close (13:00). */
  readonly closeMinuteEt: number;
}

function mondayToThursday(date: string): boolean {
  const wd = weekday(date);
  return wd >= MONDAY && wd <= THURSDAY;
}

/** The early closes of a year, in date order. */
export function nyseEarlyCloses(year: number): readonly EarlyClose[] {
  const candidates: Array<[string, EarlyCloseName, boolean]> = [
    [ymd(year, 7, 3), 'INDEPENDENCE_DAY_EVE', mondayToThursday(ymd(year, 7, 3))],
    [addDays(nthWeekday(year, 11, THURSDAY, 4), 1), 'DAY_AFTER_THANKSGIVING', true],
    [ymd(year, 12, 24), 'CHRISTMAS_EVE', mondayToThursday(ymd(year, 12, 24))],
  ];
  return candidates.filter(([date, , applies]) => applies && isTradingDay(date)).map(([date, name]) => Object.freeze({ date, name, closeMinuteEt: EARLY_CLOSE_MINUTE_ET }));
}

/** The early close on `date`, if the exchange closes early that day. */
export function earlyCloseOn(date: string): EarlyClose | undefined {
  return nyseEarlyCloses(yearOf(date)).find((e) => e.date === date);
}
