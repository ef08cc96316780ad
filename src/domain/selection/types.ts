import type { Decision } from '../decision.js';
import type { SessionCalendar } from '../calendar/session-calendar.js';
import { LIQUIDITY_REASONS, type LiquidityMetrics } from '../liquidity/check.js';
import type { OptionContract } from '../values/contract.js';
import type { Direction, TradeType } from '../values/position.js';
import type { OptionQuote } from '../values/quote.js';

/** One contract of an option chain with its latest quote. */
export interface ChainEntry {
  readonly contract: OptionContract;
  readonly quote: OptionQuote;
}

/** What to buy: a long-premium directional contract (calls for bullish, puts for bearish). */
export interface SelectionRequest {
  readonly underlying: string;
  readonly direction: Direction;
  readonly tradeType: TradeType;
  readonly spot: number;
  /** Strike to aim at; defaults to spot (ATM). */
  readonly targetStrike?: number;
  readonly now: number;
  /** The sessions counted to expiry (the engine's, as its exits count them); default the NYSE rules. */
  readonly calendar?: SessionCalendar;
}

export const SELECTION_REASONS = [
  'WRONG_UNDERLYING',
  /** Put for a bullish request, call for a bearish one. */
  'WRONG_RIGHT',
  /** |strike − target| / target not below strikeWindowPct. */
  'STRIKE_OUT_OF_WINDOW',
  /** DTE outside the trade type's window (day: scalps, swing: core outlook). */
  'DTE_OUT_OF_RANGE',
  /** Long premium held overnight never sits in the final week. */
  'FINAL_WEEK_LONG_PREMIUM',
  /** No greeks on the quote: a missing greek is never taken as 0 (see fillGreeks). */
  'MISSING_GREEKS',
  /** |delta| outside the target band. */
  'DELTA_OUT_OF_RANGE',
  /** Multiplier other than 100 (adjusted contract after a corporate action). */
  'NON_STANDARD_CONTRACT',
  /** The quote's symbol is not the contract's. */
  'QUOTE_SYMBOL_MISMATCH',
  ...LIQUIDITY_REASONS,
  'EMPTY_CHAIN',
  'NO_ELIGIBLE_CONTRACT',
] as const;
export type SelectionReason = (typeof SELECTION_REASONS)[number];

/** Each part in [0, 1] before weighting. */
export interface ScoreParts {
  readonly spread: number;
  readonly openInterest: number;
  readonly volume: number;
  readonly delta: number;
}

export interface ScoredContract {
  readonly contract: OptionContract;
  readonly quote: OptionQuote;
  readonly dte: number;
  readonly liquidity: LiquidityMetrics;
  /** Weighted sum of the parts, in [0, 1]. */
  readonly score: number;
  readonly parts: ScoreParts;
  /** Informational reasons (e.g. LOCKED_QUOTE). */
  readonly reasons: readonly SelectionReason[];
}

export interface RejectedContract {
  readonly symbol: string;
  readonly reasons: readonly SelectionReason[];
}

export interface SelectionResult {
  readonly decision: Decision<ScoredContract, SelectionReason>;
  /** Eligible contracts, best first (score descending, then symbol). */
  readonly ranking: readonly ScoredContract[];
  readonly rejected: readonly RejectedContract[];
}
