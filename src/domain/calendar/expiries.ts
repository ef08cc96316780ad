/**
 * Listed equity option expiries: weekly Fridays and the monthly third Friday. When the
 * Friday is an exchange holiday (e.g. Good Friday) the expiry moves to the trading day before.
 */
import { addDays, FRIDAY, MONDAY, nthWeekday, WEDNESDAY, weekday, yearOf } from './dates.js';
import { isTradingDay, previousTradingDay } from './trading-days.js';

/** 'short': the Monday and Wednesday expiries listed on the most liquid underlyings (SPY, QQQ, …). */
export const EXPIRY_KINDS = ['weekly', 'monthly', 'short'] as const;
export type ExpiryKind = (typeof EXPIRY_KINDS)[number];

export interface Expiry {
  /** The last trading day of the contract, 'YYYY-MM-DD'. */
  readonly date: string;
  readonly kind: ExpiryKind;
}

function adjust(friday: string): string {
  return isTradingDay(friday) ? friday : previousTradingDay(friday);
}

function isThirdFriday(friday: string): boolean {
  const month = Number(friday.slice(5, 7));
  return nthWeekday(yearOf(friday), month, FRIDAY, 3) === friday;
}

/** The standard monthly expiry of a month: its third Friday, or the trading day before. */
export function monthlyExpiry(year: number, month: number): string {
  return adjust(nthWeekday(year, month, FRIDAY, 3));
}

/** Every expiry whose (adjusted) date lies in [from, to], in date order. */
export function optionExpiries(from: string, to: string): Expiry[] {
  const out: Expiry[] = [];
  let friday = addDays(from, (FRIDAY - weekday(from) + 7) % 7);
  for (; adjust(friday) <= to; friday = addDays(friday, 7)) {
    const date = adjust(friday);
    if (date >= from) out.push({ date, kind: isThirdFriday(friday) ? 'monthly' : 'weekly' });
  }
  return out;
}

/** True when `date` is a monthly (third-Friday) expiry date, after holiday adjustment. */
export function isMonthlyExpiry(date: string): boolean {
  return monthlyExpiry(yearOf(date), Number(date.slice(5, 7))) === date;
}

/** Monday and Wednesday expiries in [from, to] that are trading days (a holiday's is not listed). */
export function shortDatedExpiries(from: string, to: string): Expiry[] {
  const out: Expiry[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const w = weekday(d);
    if ((w === MONDAY || w === WEDNESDAY) && isTradingDay(d)) out.push({ date: d, kind: 'short' });
  }
  return out;
}
