import type { LiquidityConfig, RollingConfig, SelectionConfig } from '../config/schema.js';
import type { ChainEntry, ScoredContract, SelectionReason } from '../selection/types.js';

export const ROLL_REASONS = [
  /** Trigger: a short reached shortRollDte. */
  'SHORT_AT_ROLL_DTE',
  /** Trigger: the short is in the money. */
  'SHORT_ITM',
  /** Trigger: the short's strike is within atRiskDistancePct of spot. */
  'SHORT_NEAR_STRIKE',
  /** Trigger: onlyIfAtRisk is off, so a short at shortRollDte rolls at risk or not. */
  'ROLL_REGARDLESS_OF_RISK',
  /** Trigger: a long is up at least longRollProfitPct. */
  'LONG_PROFIT_TARGET',
  /** The short has more DTE than shortRollDte. */
  'ROLL_NOT_DUE',
  /** The short is at shortRollDte but neither ITM nor near its strike (seed Q7: close, do not roll). */
  'NOT_AT_RISK',
  'PROFIT_BELOW_ROLL_THRESHOLD',
  /** No quote for the position's own contract in the chain, so no mark to judge profit. */
  'NO_POSITION_QUOTE',
  'STALE_POSITION_QUOTE',
  'POSITION_EXPIRED',
  'POSITION_CLOSED',
  /** Nothing to roll into; the candidates' own failure reasons follow. */
  'NO_ROLL_TARGET',
] as const;
export type RollReason = (typeof ROLL_REASONS)[number] | SelectionReason;

/** Close one contract, open another: the reasons say why. */
export interface RollPlan {
  readonly close: string;
  readonly open: ScoredContract;
  readonly reasons: readonly RollReason[];
}

export interface RollContext {
  readonly spot: number;
  readonly now: number;
  readonly chain: readonly ChainEntry[];
}

export interface RollConfig {
  readonly rolling: RollingConfig;
  readonly selection: SelectionConfig;
  readonly liquidity: LiquidityConfig;
}
