import type { RiskConfig } from '../config/schema.js';
import { nonNegative, positive } from '../values/numbers.js';

/**
 * The 3-5-7 rule's "7 % target profit per winner", read as a reward-to-risk: a winner's target
 * scales with the capital it risked, target = risked × profitTargetPct / maxRiskPerTradePct
 * (7 / 3 at the defaults). A trade risking the full 3 % of equity then targets exactly 7 % of
 * equity; one sized smaller (the sizer's 0.25–1.5 %) targets the same 7:3 multiple of its risk.
 * Dollars in, dollars out.
 */
export function winnerTargetDollars(capitalRisked: number, risk: Pick<RiskConfig, 'profitTargetPct' | 'maxRiskPerTradePct'>): number {
  return (nonNegative(capitalRisked, 'capitalRisked') * risk.profitTargetPct) / positive(risk.maxRiskPerTradePct, 'maxRiskPerTradePct');
}
