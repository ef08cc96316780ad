import { nyDate } from '../calendar/session.js';
import { nextSession, RULE_CALENDAR, type SessionCalendar } from '../calendar/session-calendar.js';
import type { ExitsConfig } from '../config/schema.js';
import type { Position } from '../values/position.js';
import { DAY_MS, MINUTE_MS } from '../values/time.js';
import { exitWindowStart } from './expiry-sessions.js';
import { dayFlatAt } from './time-rules.js';

/**
 * Absolute times (epoch ms) at which a position's time rules can change their verdict, so its
 * actor re-evaluates then even without a new bar: no-follow-through checks and the session end
 * for day trades; hold limits for swings; and the open of the session from which a long (or a
 * swing) is within its pre-expiry window of sessions (`exitWindowStart`). A deadline outside
 * the session (by `calendar`: early closes end it at 13:00) moves to the next session's open (an
 * order then could not be filled).
 * Sorted, unique.
 */
export function exitDeadlines(p: Position, cfg: ExitsConfig['time'], calendar: SessionCalendar = RULE_CALENDAR): number[] {
  const out: number[] = [];
  const windowOpens = (sessions: number): number => exitWindowStart(p.contract.expiry, sessions, calendar).open;
  if (p.side === 'long') out.push(windowOpens(cfg.longDaysBeforeExpiry));
  switch (p.tradeType) {
    case 'day':
      out.push(p.entryTs + cfg.noFollowThroughMin.min * MINUTE_MS, p.entryTs + cfg.noFollowThroughMin.max * MINUTE_MS, dayFlatAt(p.entryTs, cfg, calendar));
      break;
    case 'swing':
      out.push(p.entryTs + cfg.swingHoldDays.min * DAY_MS, p.entryTs + cfg.swingHoldDays.max * DAY_MS, windowOpens(cfg.swingDaysBeforeExpiry));
      break;
    default: {
      const unreachable: never = p.tradeType;
      throw new Error(`unknown trade type ${String(unreachable)}`);
    }
  }
  return [...new Set(out.map((ms) => inSession(ms, calendar)))].sort((a, b) => a - b);
}

function inSession(ms: number, calendar: SessionCalendar): number {
  const today = calendar.session(nyDate(ms));
  if (today !== undefined && ms >= today.open && ms < today.close) return ms;
  if (today !== undefined && ms < today.open) return today.open;
  return nextSession(calendar, nyDate(ms))?.open ?? ms;
}
