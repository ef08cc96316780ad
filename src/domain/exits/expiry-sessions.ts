import { addDays } from '../calendar/dates.js';
import { nyDate, type Session } from '../calendar/session.js';
import { RULE_CALENDAR, type SessionCalendar } from '../calendar/session-calendar.js';
import { DomainError } from '../errors.js';
import { isoDateToUtcMs } from '../values/time.js';

/**
 * Sessions left to expiry: the sessions of `calendar` on the New York dates after `now`'s date,
 * up to and including the expiry date (so the expiry day's own session counts). 0 on the expiry
 * date and after. A Friday expiry has 2 left on Wednesday, 1 on Thursday; a Monday expiry has 2
 * left on Thursday and 1 from Friday through the weekend; a Thursday session before a Good Friday
 * holiday sees a Monday expiry as 1 away. Counting stops once it passes `stopAfter` (it then
 * returns `stopAfter` + 1): the exit rules only need to know whether it is within their windows.
 */
export function sessionsToExpiry(expiry: string, now: number, calendar: SessionCalendar = RULE_CALENDAR, stopAfter = Number.POSITIVE_INFINITY): number {
  isoDateToUtcMs(expiry);
  let n = 0;
  for (let d = addDays(nyDate(now), 1); d <= expiry && n <= stopAfter; d = addDays(d, 1)) {
    if (calendar.session(d) !== undefined) n += 1;
  }
  return n;
}

/** Closed days in a row no calendar exceeds (session-calendar.ts): a walk past more has no session to find. */
const MAX_CLOSED_RUN = 10;

/**
 * The session of the first New York date on which `sessionsToExpiry` is at most `sessions`: the
 * session `sessions` sessions before the expiry's own (the expiry's session itself for 0). For 2
 * and a Friday expiry, the Wednesday's; for a Monday expiry, the Thursday's before.
 */
export function exitWindowStart(expiry: string, sessions: number, calendar: SessionCalendar = RULE_CALENDAR): Session {
  if (!Number.isInteger(sessions) || sessions < 0) throw new DomainError('BAD_SESSIONS', `sessions must be a whole number ≥ 0, got ${sessions}`, 'sessions');
  let counted = 0;
  let closedRun = 0;
  for (let d = expiry; ; d = addDays(d, -1)) {
    const session = calendar.session(d);
    if (session === undefined) {
      closedRun += 1;
      if (closedRun > MAX_CLOSED_RUN) throw new DomainError('CALENDAR_GAP', `no session within ${MAX_CLOSED_RUN} days before ${d}`, 'expiry');
      continue;
    }
    closedRun = 0;
    // Sessions after the day before d: the ones counted so far plus d's own.
    if (counted + 1 > sessions) return session;
    counted += 1;
  }
}
