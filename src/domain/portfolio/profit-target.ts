import type { RiskConfig } from '../config/schema.js';
import { positive } from '../values/numbers.js';

/**
 * The 3-5-7 rule's "7 % target profit per winner", for the exit and report layers: a winner
 * should make profitTargetPct of equity (≈ 2.3× the 3 % a trade may risk). Dollars.
 */
export function profitTargetDollars(equity: number, risk: RiskConfig): number {
  return positive(equity, 'equity') * risk.profitTargetPct;
}
