import { deny, type Decision } from '../decision.js';
import type { SignalReason } from './reasons.js';

/** What a signal can be denied for, in the order its rules are checked: a bit each. */
const ORDER = [
  'NOT_READY',
  'PRICE_AT_SMA',
  'CHOP',
  'TREND_NOT_ALIGNED',
  'RET_5M_WEAK',
  'RET_15M_WEAK',
  'VOLUME_NOT_CONFIRMED',
  'IV_RANK_HIGH',
  'OPTIONS_RICH',
] as const satisfies readonly SignalReason[];
type DenialReason = (typeof ORDER)[number];

/** Each denial reason's bit in a mask of failed rules. */
export const DENY = Object.freeze(Object.fromEntries(ORDER.map((r, i) => [r, 1 << i]))) as Readonly<Record<DenialReason, number>>;

/**
 * Every denial, built once and frozen: a bar's denial is a shared value, not new objects (a
 * backtest judges millions of bars, nearly all denied). Index: the mask of failed rules.
 */
const DENIALS: readonly (Decision<never, SignalReason> | undefined)[] = Array.from({ length: 1 << ORDER.length }, (_, mask) =>
  mask === 0 ? undefined : Object.freeze(deny(Object.freeze(ORDER.filter((_, i) => (mask & (1 << i)) !== 0)))),
);

/** The denial for a mask of failed rules (at least one), its reasons in the order the rules are checked. */
export function denial(mask: number): Decision<never, SignalReason> {
  const d = DENIALS[mask];
  if (d === undefined) throw new Error(`no denial for rule mask ${mask}`);
  return d;
}
