import { nyDate, session } from '../../domain/calendar/session.js';
import { finite } from '../../domain/values/numbers.js';

/**
 * Whether `now` falls in the exchange's regular session: a trading day (weekends and NYSE
 * holidays closed) from 09:30 (inclusive) to 16:00 (exclusive) New York time, by the domain's
 * calendar, the one place that knows it.
 */
export function isRegularSession(now: number): boolean {
  const s = session(nyDate(finite(now, 'now')));
  return s !== undefined && now >= s.open && now < s.close;
}
