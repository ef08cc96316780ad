import type { RiskConfig } from '../config/schema.js';
import { winnerTargetDollars } from '../portfolio/profit-target.js';
import type { Position } from '../values/position.js';
import { atLeast } from '../values/threshold.js';
import { exitOn, type Fired } from './types.js';

/** What the 3-5-7 target reads of the risk caps. */
export type ProfitTargetRisk = Pick<RiskConfig, 'profitTargetPct' | 'maxRiskPerTradePct'>;

/**
 * The 3-5-7 rule's "7 % target profit per winner" as an exit: PROFIT_TARGET_357 (full exit) once
 * the open contracts' profit at `mark` reaches `winnerTargetDollars` of the capital they risked at
 * entry — for long premium the premium paid (what the risk gate counts), so at the defaults when
 * the option is up 7/3 = +233 %. Shorts, whose capital at risk is not their premium, are left to
 * their own rules. Off when `maxRiskPerTradePct` is 0 (no trade can be opened then).
 */
export function profitTargetExits(p: Position, mark: number, risk: ProfitTargetRisk): Fired[] {
  if (p.side !== 'long' || !(risk.maxRiskPerTradePct > 0)) return [];
  const contracts = p.qty * p.contract.multiplier;
  const risked = p.entryPrice * contracts;
  const profit = (mark - p.entryPrice) * contracts;
  return atLeast(profit, winnerTargetDollars(risked, risk)) ? [exitOn('PROFIT_TARGET_357')] : [];
}
