/** Times in the domain are epoch milliseconds passed in by the caller; dates are 'YYYY-MM-DD'. */
import { DomainError } from '../errors.js';

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

// A memo of a pure function: valid dates already parsed (expiries and trading days repeat on
// every quote). Deterministic; it only saves the work.
const parsed = new Map<string, number>();

/** Epoch ms of 00:00 UTC on an ISO date, validating it is a real calendar date. */
export function isoDateToUtcMs(date: string): number {
  const known = parsed.get(date);
  if (known !== undefined) return known;
  const m = ISO_DATE.exec(date);
  if (!m) throw new DomainError('BAD_DATE', `expected a YYYY-MM-DD date, got '${date}'`, 'date');
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (utcMsToIsoDate(ms) !== date) throw new DomainError('BAD_DATE', `'${date}' is not a calendar date`, 'date');
  parsed.set(date, ms);
  return ms;
}

/**
 * The UTC calendar date of an instant, 'YYYY-MM-DD' (years 0–9999), by arithmetic
 * (H. Hinnant's civil-from-days) rather than through a Date and a string.
 */
export function utcMsToIsoDate(ms: number): string {
  const z = Math.floor(ms / DAY_MS) + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/**
 * Calendar days from `now`'s UTC date to the expiry date (0 on expiry day, negative after).
 * US regular hours (13:30–21:00 UTC) fall on one UTC date, so this equals the ET count in session.
 */
export function daysToExpiry(expiry: string, now: number): number {
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  return Math.round((isoDateToUtcMs(expiry) - today) / DAY_MS);
}
