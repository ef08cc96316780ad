/** NYSE full-day closures, computed by rule (NYSE Rule 7.2) plus a short list of special closures. */
import { addDays, easterSunday, lastWeekday, MONDAY, nthWeekday, SATURDAY, SUNDAY, THURSDAY, weekday, yearOf, ymd } from './dates.js';

export const HOLIDAY_NAMES = [
  'NEW_YEARS_DAY',
  'MLK_DAY',
  'PRESIDENTS_DAY',
  'GOOD_FRIDAY',
  'MEMORIAL_DAY',
  'JUNETEENTH',
  'INDEPENDENCE_DAY',
  'LABOR_DAY',
  'THANKSGIVING',
  'CHRISTMAS',
  'SPECIAL_CLOSURE',
] as const;
export type HolidayName = (typeof HOLIDAY_NAMES)[number];

export interface Holiday {
  readonly date: string;
  readonly name: HolidayName;
}

/** Unscheduled closures no rule predicts (national days of mourning, Hurricane Sandy). */
const SPECIAL_CLOSURES: readonly string[] = ['2007-01-02', '2012-10-29', '2012-10-30', '2018-12-05', '2025-01-09'];

/** Saturday → the Friday before, Sunday → the Monday after. */
function observed(date: string): string {
  const wd = weekday(date);
  return wd === SATURDAY ? addDays(date, -1) : wd === SUNDAY ? addDays(date, 1) : date;
}

function compute(year: number): readonly Holiday[] {
  const list: Holiday[] = [];
  const add = (date: string | undefined, name: HolidayName): void => {
    if (date !== undefined) list.push({ date, name });
  };
  const newYear = ymd(year, 1, 1);
  // NYSE does not close on Friday Dec 31 when Jan 1 is a Saturday (end of the accounting year).
  add(weekday(newYear) === SATURDAY ? undefined : observed(newYear), 'NEW_YEARS_DAY');
  add(nthWeekday(year, 1, MONDAY, 3), 'MLK_DAY');
  add(nthWeekday(year, 2, MONDAY, 3), 'PRESIDENTS_DAY');
  add(addDays(easterSunday(year), -2), 'GOOD_FRIDAY');
  add(lastWeekday(year, 5, MONDAY), 'MEMORIAL_DAY');
  add(year >= 2022 ? observed(ymd(year, 6, 19)) : undefined, 'JUNETEENTH');
  add(observed(ymd(year, 7, 4)), 'INDEPENDENCE_DAY');
  add(nthWeekday(year, 9, MONDAY, 1), 'LABOR_DAY');
  add(nthWeekday(year, 11, THURSDAY, 4), 'THANKSGIVING');
  add(observed(ymd(year, 12, 25)), 'CHRISTMAS');
  for (const d of SPECIAL_CLOSURES) if (yearOf(d) === year) add(d, 'SPECIAL_CLOSURE');
  return Object.freeze(list.sort((a, b) => (a.date < b.date ? -1 : 1)).map((h) => Object.freeze(h)));
}

// A memo of a pure function of the year: deterministic, only saves recomputation.
const byYear = new Map<number, readonly Holiday[]>();

/** The exchange holidays of a year (observed dates), in date order. */
export function nyseHolidays(year: number): readonly Holiday[] {
  let list = byYear.get(year);
  if (list === undefined) {
    list = compute(year);
    byYear.set(year, list);
  }
  return list;
}

/** The holiday closing the exchange on `date`, if any (weekends are not holidays). */
export function holidayOn(date: string): Holiday | undefined {
  return nyseHolidays(yearOf(date)).find((h) => h.date === date);
}

export function isWeekend(date: string): boolean {
  const wd = weekday(date);
  return wd === SATURDAY || wd === SUNDAY;
}
