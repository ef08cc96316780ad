import type { ExecutionConfig, LiquidityConfig, PremiumConfig, RiskConfig, RollingConfig, SelectionConfig, SizingConfig } from '../config/schema.js';
import type { Decision } from '../decision.js';
import type { PremiumSide } from '../signals/iv-regime.js';
import type { ScoredContract, SelectionReason } from '../selection/types.js';
import type { SizingReason } from '../sizing/reasons.js';
import type { Sizing } from '../sizing/size.js';
import type { Direction } from '../values/position.js';
import type { KellyStats } from '../values/stats.js';
import type { StructureGreeks } from './structure.js';

export { PREMIUM_STRUCTURES, type PremiumLeg, type PremiumStructure, type PremiumStructureKind } from '../values/structure.js';
import type { PremiumStructure } from '../values/structure.js';

/** What selling one structure is worth now, per share (a credit is positive). */
export interface NetPricing {
  /** Short mid − long mid. */
  readonly netMid: number;
  /** The worst price, selling at the bids and buying at the asks: short bid − long ask. */
  readonly natural: number;
  /** The other side: short ask − long bid. */
  readonly far: number;
  /** The net limit: netMid moved toward natural by execution.limitOffsetOfHalfSpread of the half net spread, a tick down. */
  readonly limit: number;
}

export const PREMIUM_REASONS = [
  /** Denied: the IV regime picked long premium; premium is never sold then. */
  'PREMIUM_SIDE_LONG',
  /** The structure picked (on an approval). */
  'CASH_SECURED_PUT',
  'BULL_PUT_SPREAD',
  'BEAR_CALL_SPREAD',
  /** A bull put spread because premium.cashSecuredPut is off. */
  'CSP_DISABLED',
  /** A bull put spread because the put's assignment cost buys no contract within the risk amount. */
  'CSP_TOO_LARGE',
  /** |delta| of the short leg outside premium.shortDelta. */
  'SHORT_DELTA_OUT_OF_RANGE',
  /** DTE outside rolling.shortTargetDte (30–60). */
  'SHORT_DTE_OUT_OF_RANGE',
  /** No liquid strike further out of the money in the short's expiry to buy as the wing. */
  'NO_LONG_LEG',
  /** Net mid ≤ 0: nothing to collect. */
  'NO_CREDIT',
  /** Short bid − long ask ≤ 0: selling at the bid side pays nothing, so no credit limit can be set. */
  'NATURAL_NOT_A_CREDIT',
  /** The limit credit is below premium.minCreditPctOfWidth × width. */
  'CREDIT_BELOW_MINIMUM',
  /** The limit credit is not below the width: the quotes are inconsistent (no risk to size). */
  'CREDIT_NOT_BELOW_WIDTH',
  /** Denied: no short candidate gave a structure; the candidates' reasons follow. */
  'NO_SHORT_PREMIUM_STRUCTURE',
] as const;
export type PremiumReason = (typeof PREMIUM_REASONS)[number] | SelectionReason | SizingReason;

/** The signal's side of the trade and the account, for selectShortPremium. */
export interface ShortPremiumRequest {
  readonly underlying: string;
  readonly direction: Direction;
  /** The IV regime's side (signal `premiumSide`); 'long' never sells. */
  readonly premiumSide: PremiumSide;
  readonly spot: number;
  readonly now: number;
  /** Account equity, dollars. */
  readonly equity: number;
  /** ATR of the underlying for the sizing's ATR bound (on the structure's net delta); omitted: bound skipped. */
  readonly atr?: number;
  readonly kelly?: KellyStats;
}

export interface PremiumContext {
  readonly premium: PremiumConfig;
  readonly rolling: RollingConfig;
  readonly selection: SelectionConfig;
  readonly liquidity: LiquidityConfig;
  readonly execution: ExecutionConfig;
  readonly sizing: SizingConfig;
  readonly risk: RiskConfig;
}

/** An approved short-premium entry: what to sell, at what net credit, how many, and what it risks. */
export interface ShortPremiumPlan {
  readonly structure: PremiumStructure;
  /** The legs as selected (scored, with their quotes and liquidity), short first. */
  readonly selected: readonly ScoredContract[];
  readonly pricing: NetPricing;
  /** The credit asked per share: pricing.limit. */
  readonly credit: number;
  /** Dollars lost per structure unit at worst: (width − credit) × 100, or (strike − credit) × 100 for a cash-secured put. */
  readonly maxLossPerContract: number;
  readonly sizing: Sizing;
  /** Per share of one structure unit, as quoted (short leg − long leg): the unit's position holds −qty of it. */
  readonly greeks: StructureGreeks;
  readonly reasons: readonly PremiumReason[];
}

export interface ShortPremiumResult {
  readonly decision: Decision<ShortPremiumPlan, PremiumReason>;
  /** Eligible short legs, best first. */
  readonly ranking: readonly ScoredContract[];
  readonly rejected: readonly { readonly symbol: string; readonly reasons: readonly PremiumReason[] }[];
}

