import type { RiskConfig, SizingConfig } from '../config/schema.js';
import type { Decision } from '../decision.js';
import { makeExposure, type Exposure } from '../portfolio/exposure.js';
import type { SizingReason } from '../sizing/reasons.js';
import { sizePosition, type Sizing } from '../sizing/size.js';
import { positive } from '../values/numbers.js';
import type { KellyStats } from '../values/stats.js';
import { riskWidth } from './pricing.js';
import type { StructureGreeks } from './structure.js';
import type { PremiumStructure, ShortPremiumPlan } from './types.js';

/** Dollars lost per share of one unit at worst: (width − credit) for a spread, (strike − credit) for a cash-secured put. */
export function maxLossPerShare(s: PremiumStructure, credit: number): number {
  return riskWidth(s) - positive(credit, 'credit');
}

/** Dollars lost per structure unit at worst: maxLossPerShare × multiplier (100). */
export function maxLossPerContract(s: PremiumStructure, credit: number): number {
  return maxLossPerShare(s, credit) * s.legs[0].contract.multiplier;
}

/**
 * Structure units to sell: `sizePosition` with the maximum loss per share in place of a long's
 * premium (both are "dollars lost per share if the trade goes wrong all the way"), so the same
 * rules apply: RiskAmount = equity × the swing riskPct (Kelly and the 3 % per-trade ceiling only
 * lower it), floor(RiskAmount / max loss per unit), the ATR bound on the structure's net delta when
 * an ATR is given, then the contract hard cap. A short-premium trade is held for weeks: swing.
 */
export function sizeStructure(
  input: { readonly structure: PremiumStructure; readonly credit: number; readonly greeks: StructureGreeks; readonly equity: number; readonly atr?: number; readonly kelly?: KellyStats },
  cfg: SizingConfig,
  risk: RiskConfig,
): Decision<Sizing, SizingReason> {
  const { structure, credit, greeks, equity, atr, kelly } = input;
  return sizePosition(
    {
      equity,
      premium: maxLossPerShare(structure, credit),
      multiplier: structure.legs[0].contract.multiplier,
      tradeType: 'swing',
      delta: greeks.delta,
      ...(atr !== undefined ? { atr } : {}),
      ...(kelly !== undefined ? { kelly } : {}),
    },
    cfg,
    risk,
  );
}

/**
 * The portfolio exposure of a sold structure (a position or a pending order): one Exposure under
 * the short leg's symbol with qty = −units (sold), the structure's greeks per unit as quoted (short
 * − long), so qty × multiplier × greek = Σ over legs of (±1 by side) × units × multiplier × leg greek,
 * and capitalAtRisk = units × the maximum loss per unit (the spread's width − credit, or the put's
 * assignment cost), which the 3-5-7 budget counts. A closing order for it carries +units on the same
 * symbol, which the risk gate sees as risk-reducing.
 */
export function structureExposure(id: string, plan: Pick<ShortPremiumPlan, 'structure' | 'greeks' | 'maxLossPerContract'>, units: number): Exposure {
  const short = plan.structure.legs[0].contract;
  return makeExposure({
    id,
    underlying: plan.structure.underlying,
    symbol: short.symbol,
    qty: -units,
    multiplier: short.multiplier,
    ...plan.greeks,
    capitalAtRisk: units * plan.maxLossPerContract,
  });
}
