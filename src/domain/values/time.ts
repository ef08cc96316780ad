/** Times in the domain are epoch milliseconds passed in by the caller; dates are 'YYYY-MM-DD'. */
import { DomainError } from '../errors.js';

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Epoch ms of 00:00 UTC on an ISO date, validating it is a real calendar date. */
export function isoDateToUtcMs(date: string): number {
  const m = ISO_DATE.exec(date);
  if (!m) throw new DomainError('BAD_DATE', `expected a YYYY-MM-DD date, got '${date}'`, 'date');
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (utcMsToIsoDate(ms) !== date) throw new DomainError('BAD_DATE', `'${date}' is not a calendar date`, 'date');
  return ms;
}

export function utcMsToIsoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * Calendar days from `now`'s UTC date to the expiry date (0 on expiry day, negative after).
 * US regular hours (13:30–21:00 UTC) fall on one UTC date, so this equals the ET count in session.
 */
export function daysToExpiry(expiry: string, now: number): number {
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  return Math.round((isoDateToUtcMs(expiry) - today) / DAY_MS);
}
