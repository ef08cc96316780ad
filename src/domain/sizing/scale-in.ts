import { nextSession, RULE_CALENDAR, sessionAt, type SessionCalendar } from '../calendar/session-calendar.js';
import { nyDate } from '../calendar/session.js';
import type { SizingConfig } from '../config/schema.js';
import { approve, deny, type Decision } from '../decision.js';
import { DomainError } from '../errors.js';
import { favourableMove } from '../exits/view.js';
import type { TrendState } from '../features.js';
import { finite, positive } from '../values/numbers.js';
import { directionSign, type Direction, type TradeType } from '../values/position.js';
import { atLeast, moreThan } from '../values/threshold.js';
import { MINUTE_MS } from '../values/time.js';

export const SCALE_IN_REASONS = [
  /** Approved: the trade confirmed within its window; add the second tranche. */
  'SCALE_IN_CONFIRMED',
  /** Denied for good: sizing.scaleIn.enabled is false. */
  'SCALE_IN_DISABLED',
  /** Denied for good: a partial exit was taken; the trade is being reduced, not built. */
  'SCALE_IN_AFTER_PARTIAL',
  /** Denied for good: the confirmation window (30 min day, 2 sessions swing) has passed. */
  'SCALE_IN_WINDOW_PASSED',
  /** Denied for now: not (yet) confirmed; the reasons after it say which condition failed. */
  'SCALE_IN_NOT_CONFIRMED',
  /** The underlying has not moved minUnderlyingMovePct (0.4 %) in the trade's favour. */
  'SCALE_IN_MOVE_TOO_SMALL',
  /** The option's P/L is not above minOptionPnlPct (0). */
  'SCALE_IN_OPTION_NOT_PROFITABLE',
  /** The option's P/L is unknown (no fresh quote). */
  'SCALE_IN_NO_OPTION_PNL',
  /** The trend no longer points the trade's way. */
  'SCALE_IN_TREND_NOT_ALIGNED',
] as const;
export type ScaleInReason = (typeof SCALE_IN_REASONS)[number];

/** Denials no later bar can turn into a confirmation: the position holds its first tranche for good. */
const FINAL: ReadonlySet<ScaleInReason> = new Set(['SCALE_IN_DISABLED', 'SCALE_IN_AFTER_PARTIAL', 'SCALE_IN_WINDOW_PASSED']);

/** Whether a scale-in denial is for good (stop asking) rather than "not yet". */
export function scaleInChanceOver(d: Decision<unknown, ScaleInReason>): boolean {
  return !d.ok && d.reasons.some((r) => FINAL.has(r));
}

/** What the rule reads of a position holding only its first tranche, on one bar. */
export interface ScaleInFacts {
  readonly direction: Direction;
  readonly tradeType: TradeType;
  /** Underlying price at entry. */
  readonly entryUnderlying: number;
  /** Entry time, epoch ms. */
  readonly entryTs: number;
  /** The underlying's latest close. */
  readonly close: number;
  /** Option P/L as a fraction of the entry premium, signed for the side; undefined without a fresh quote. */
  readonly optionPnlPct?: number;
  /** A partial exit has been taken (partialStage > 0). */
  readonly partialTaken: boolean;
  /** The underlying's trend state now. */
  readonly trend: TrendState;
  /** Epoch ms. */
  readonly now: number;
}

/** What was measured when the trade confirmed. */
export interface ScaleInConfirmation {
  /** Favourable underlying move from entry, fraction. */
  readonly underlyingMove: number;
  readonly optionPnlPct: number;
}

/**
 * The seed's "add 50 % if the trade confirms", on one bar. Denied for good (scaleInChanceOver) when
 * disabled, after a partial exit, inside the exit window, or past the window (day: entry +
 * window.dayMinutes; swing: the close of the window.swingSessions-th session counting the entry's,
 * by `calendar`). Otherwise confirmed when all hold: the underlying moved ≥ minUnderlyingMovePct in
 * favour, the option's P/L > minOptionPnlPct (unknown: not confirmed), and, with trendAligned, the
 * trend is 'up' for bullish / 'down' for bearish; else SCALE_IN_NOT_CONFIRMED with each failed
 * condition. Times compare exactly (epoch ms); moves and P/L through threshold.ts.
 */
export function scaleInDecision(facts: ScaleInFacts, cfg: SizingConfig['scaleIn'], calendar: SessionCalendar = RULE_CALENDAR): Decision<ScaleInConfirmation, ScaleInReason> {
  positive(facts.entryUnderlying, 'entryUnderlying');
  positive(facts.close, 'close');
  finite(facts.entryTs, 'entryTs');
  finite(facts.now, 'now');
  if (facts.optionPnlPct !== undefined) finite(facts.optionPnlPct, 'optionPnlPct');
  if (facts.now < facts.entryTs) throw new DomainError('BEFORE_ENTRY', `now (${facts.now}) is before the entry (${facts.entryTs})`, 'now');

  if (!cfg.enabled) return deny(['SCALE_IN_DISABLED']);
  if (facts.partialTaken) return deny(['SCALE_IN_AFTER_PARTIAL']);
  if (facts.now > windowEnd(facts, cfg.confirm.window, calendar)) return deny(['SCALE_IN_WINDOW_PASSED']);

  const c = cfg.confirm;
  const underlyingMove = favourableMove(directionSign(facts.direction), facts.entryUnderlying, facts.close);
  const failed: ScaleInReason[] = [];
  if (!atLeast(underlyingMove, c.minUnderlyingMovePct)) failed.push('SCALE_IN_MOVE_TOO_SMALL');
  if (facts.optionPnlPct === undefined) failed.push('SCALE_IN_NO_OPTION_PNL');
  else if (!moreThan(facts.optionPnlPct, c.minOptionPnlPct)) failed.push('SCALE_IN_OPTION_NOT_PROFITABLE');
  if (c.trendAligned && facts.trend !== (facts.direction === 'bullish' ? 'up' : 'down')) failed.push('SCALE_IN_TREND_NOT_ALIGNED');
  if (failed.length > 0 || facts.optionPnlPct === undefined) return deny(['SCALE_IN_NOT_CONFIRMED', ...failed]);
  return approve({ underlyingMove, optionPnlPct: facts.optionPnlPct }, ['SCALE_IN_CONFIRMED']);
}

/** The last moment (epoch ms) the add may be confirmed. */
function windowEnd(facts: ScaleInFacts, w: SizingConfig['scaleIn']['confirm']['window'], calendar: SessionCalendar): number {
  if (facts.tradeType === 'day') return facts.entryTs + w.dayMinutes * MINUTE_MS;
  // The entry's session (or, entered outside one, the next), then swingSessions − 1 more.
  let s = sessionAt(calendar, facts.entryTs) ?? nextSession(calendar, nyDate(facts.entryTs));
  for (let i = 1; i < w.swingSessions && s !== undefined; i += 1) s = nextSession(calendar, s.date);
  // No session within the calendar's reach: no window.
  return s?.close ?? facts.entryTs;
}
