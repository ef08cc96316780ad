import type { Features } from '../features.js';
import type { Bar } from '../values/bar.js';
import type { Position } from '../values/position.js';
import type { OptionQuote } from '../values/quote.js';

/** Rules that close (or, for a first target, partly close) a position. */
export const EXIT_RULE_REASONS = [
  'SMA20_BREAK',
  'TREND_FLIP',
  'UNDERLYING_ADVERSE_MOVE',
  'UNDERLYING_TARGET',
  'UNDERLYING_TARGET_MAX',
  'UNDERLYING_TRAIL_HIT',
  'EXPECTED_MOVE_TARGET',
  'EXPECTED_MOVE_TARGET_MAX',
  'OPTION_STOP',
  'OPTION_TARGET',
  'TRAIL_FLOOR_HIT',
  'PROFIT_TARGET_357',
  'DELTA_TAKE_PROFIT',
  'THETA_DECAY',
  'VOL_SPIKE_AGAINST',
  'NO_FOLLOW_THROUGH',
  'FOLLOW_THROUGH_TIMEOUT',
  'DAY_TRADE_SESSION_END',
  'SWING_NOT_WORKING',
  'SWING_MAX_HOLD',
  'SWING_BEFORE_EXPIRY',
  'LONG_BEFORE_EXPIRY',
  'EXPIRY_DAY',
] as const;
export type ExitRuleReason = (typeof EXIT_RULE_REASONS)[number];

/** Informational reasons: why a hold is a hold, and state changes worth tracing. */
export const EXIT_INFO_REASONS = ['QUOTE_STALE_FALLBACK', 'TRAIL_LOCK_ARMED', 'NO_EXIT_CONDITION', 'POSITION_CLOSED'] as const;
export type ExitInfoReason = (typeof EXIT_INFO_REASONS)[number];

export const EXIT_REASONS = [...EXIT_RULE_REASONS, ...EXIT_INFO_REASONS] as const;
export type ExitReason = (typeof EXIT_REASONS)[number];

export interface ExitContext {
  /** Epoch ms. */
  readonly now: number;
  /** Latest underlying bar. */
  readonly bar: Bar;
  readonly features: Features;
  /** Latest option quote; absent or older than `quoteMaxAgeMs` → underlying and time exits only. */
  readonly quote?: OptionQuote;
  /**
   * Calendar days to expiry (option stop band, EXPIRY_DAY); derived from the contract's expiry and
   * `now` when absent. The pre-expiry windows always count sessions from the contract's expiry.
   */
  readonly dte?: number;
}

export type ExitAction = 'hold' | 'exit' | 'partial';

export interface ExitDecision {
  readonly action: ExitAction;
  /** Contracts to sell (long) or buy back (short); 0 for hold. */
  readonly qty: number;
  /** Every rule that fired; for a hold, why it is holding. */
  readonly reasons: readonly ExitReason[];
  /** The position with updated trailing state (peaks, floor, partial stage): the caller stores it. */
  readonly position: Position;
  /** Option mid used, when a fresh quote was available. */
  readonly mark?: number;
}

/** A rule that fired: 'exit' closes everything; 'target' is a first target (partial exit when possible). */
export interface Fired {
  readonly reason: ExitRuleReason;
  readonly kind: 'exit' | 'target';
  /**
   * For a target: how far past its first target toward its full target the trade has run,
   * 0 (at the first target) … 1 (at or past the full target). Picks the partial's share.
   */
  readonly progress: number;
}

export const exitOn = (reason: ExitRuleReason): Fired => ({ reason, kind: 'exit', progress: 1 });
export const targetOn = (reason: ExitRuleReason, progress: number): Fired => ({ reason, kind: 'target', progress });
