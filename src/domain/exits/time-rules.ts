import type { ExitsConfig } from '../config/schema.js';
import { RULE_CALENDAR, sessionAt, type SessionCalendar } from '../calendar/session-calendar.js';
import { DAY_MS, MINUTE_MS } from '../values/time.js';
import { exitOn, type Fired } from './types.js';
import { atMost } from '../values/threshold.js';
import type { ExitView } from './view.js';

/**
 * Time exits. "P/L" is the option P/L with a fresh quote, else the underlying's favourable move.
 * - EXPIRY_DAY: DTE ≤ 0, always;
 * - LONG_BEFORE_EXPIRY: a long with at most `longDaysBeforeExpiry` (2) sessions left to expiry,
 *   counting the expiry day's (trading days, not calendar days: `sessionsToExpiry`): from the
 *   Wednesday for a Friday expiry, from the Thursday before a Monday expiry, never held into its
 *   final session or over the weekend before it;
 * - day trades: NO_FOLLOW_THROUGH at `noFollowThroughMin.min` (30) minutes if P/L ≤ 0;
 *   FOLLOW_THROUGH_TIMEOUT at `.max` (60) minutes unless a partial was taken or the trail lock armed;
 *   DAY_TRADE_SESSION_END `dayFlatMinutesBeforeClose` (10) minutes before the day's close by
 *   `calendar` (16:00, or 13:00 on an early close: 12:50 then);
 * - swings: SWING_BEFORE_EXPIRY at ≤ `swingDaysBeforeExpiry` (1) sessions left; SWING_NOT_WORKING at
 *   `swingHoldDays.min` (7) days if P/L ≤ 0; SWING_MAX_HOLD at `.max` (14) days regardless.
 */
export function timeExits(v: ExitView, cfg: ExitsConfig['time'], calendar: SessionCalendar = RULE_CALENDAR): Fired[] {
  const out: Fired[] = [];
  const p = v.position;
  if (v.dte <= 0) out.push(exitOn('EXPIRY_DAY'));
  if (p.side === 'long' && v.sessionsLeft <= cfg.longDaysBeforeExpiry) out.push(exitOn('LONG_BEFORE_EXPIRY'));
  const notWorking = atMost(v.pnl ?? v.underlyingMove, 0);
  const held = v.now - p.entryTs;
  switch (p.tradeType) {
    case 'day': {
      const followedThrough = p.partialStage > 0 || p.trailFloorPct !== undefined;
      // Flat by the close of the day it was entered: a day trade carried past it (an exit that did
      // not fill, a restart) goes at the next look.
      if (v.now >= dayFlatAt(p.entryTs, cfg, calendar)) out.push(exitOn('DAY_TRADE_SESSION_END'));
      if (held >= cfg.noFollowThroughMin.max * MINUTE_MS && !followedThrough) out.push(exitOn('FOLLOW_THROUGH_TIMEOUT'));
      else if (held >= cfg.noFollowThroughMin.min * MINUTE_MS && notWorking) out.push(exitOn('NO_FOLLOW_THROUGH'));
      break;
    }
    case 'swing': {
      if (v.sessionsLeft <= cfg.swingDaysBeforeExpiry) out.push(exitOn('SWING_BEFORE_EXPIRY'));
      if (held >= cfg.swingHoldDays.max * DAY_MS) out.push(exitOn('SWING_MAX_HOLD'));
      else if (held >= cfg.swingHoldDays.min * DAY_MS && notWorking) out.push(exitOn('SWING_NOT_WORKING'));
      break;
    }
    default: {
      const unreachable: never = p.tradeType;
      throw new Error(`unknown trade type ${String(unreachable)}`);
    }
  }
  return out;
}

/** No new day trade once it would have to be flat already (it could only exit at once). */
export function dayEntryClosed(now: number, cfg: ExitsConfig['time'], calendar: SessionCalendar = RULE_CALENDAR): boolean {
  return now >= dayFlatAt(now, cfg, calendar);
}

/**
 * When a day trade opened at `ts` must be flat: `dayFlatMinutesBeforeClose` before the close of
 * that New York date by `calendar` (its real close: 13:00 on an early close), or at once when closed.
 */
export function dayFlatAt(ts: number, cfg: ExitsConfig['time'], calendar: SessionCalendar = RULE_CALENDAR): number {
  const close = sessionAt(calendar, ts)?.close ?? ts;
  return close - cfg.dayFlatMinutesBeforeClose * MINUTE_MS;
}
