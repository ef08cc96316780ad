import { RULE_CALENDAR, sessionAt, type SessionCalendar } from '../../domain/calendar/session-calendar.js';
import { finite } from '../../domain/values/numbers.js';

/**
 * Whether `now` falls in the exchange's regular session: a trading day (weekends and NYSE
 * holidays closed) from 09:30 (inclusive) to its close (exclusive: 16:00, 13:00 on an early close)
 * New York time, by `calendar` (default: the domain's rules, the one place that knows them).
 */
export function isRegularSession(now: number, calendar: SessionCalendar = RULE_CALENDAR): boolean {
  const s = sessionAt(calendar, finite(now, 'now'));
  return s !== undefined && now >= s.open && now < s.close;
}
