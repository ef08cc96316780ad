import { deny, type Decision } from '../decision.js';
import { byScoreThenSymbol } from '../selection/screen.js';
import type { ScoredContract } from '../selection/types.js';
import type { Position } from '../values/position.js';
import { daysToExpiry } from '../values/time.js';
import { pickRollTarget } from './pick.js';
import type { RollConfig, RollContext, RollPlan, RollReason } from './types.js';

/** Nearest expiry first, then the better score. */
function nearestExpiry(a: ScoredContract, b: ScoredContract): number {
  return a.dte !== b.dte ? a.dte - b.dte : byScoreThenSymbol(a, b);
}

/**
 * Seed: "roll shorts at 21 DTE if still at risk". At shortRollDte or less, a short that is
 * ITM or within atRiskDistancePct of spot (or any short when onlyIfAtRisk is off) rolls to
 * the same strike and right in the nearest later expiry inside shortTargetDte.
 */
export function evaluateShortRoll(position: Position, ctx: RollContext, cfg: RollConfig): Decision<RollPlan, RollReason> {
  const { contract } = position;
  const dte = daysToExpiry(contract.expiry, ctx.now);
  if (dte < 0) return deny(['POSITION_EXPIRED']);
  if (dte > cfg.rolling.shortRollDte) return deny(['ROLL_NOT_DUE']);
  const triggers: RollReason[] = ['SHORT_AT_ROLL_DTE'];
  const itm = contract.right === 'call' ? ctx.spot > contract.strike : ctx.spot < contract.strike;
  const near = Math.abs(ctx.spot - contract.strike) / ctx.spot <= cfg.rolling.atRiskDistancePct;
  if (itm) triggers.push('SHORT_ITM');
  else if (near) triggers.push('SHORT_NEAR_STRIKE');
  else if (cfg.rolling.onlyIfAtRisk) return deny([...triggers, 'NOT_AT_RISK']);
  else triggers.push('ROLL_REGARDLESS_OF_RISK');

  const window = cfg.rolling.shortTargetDte;
  const candidates = ctx.chain.filter((e) => {
    const c = e.contract;
    if (c.underlying !== contract.underlying || c.right !== contract.right || c.strike !== contract.strike) return false;
    const d = daysToExpiry(c.expiry, ctx.now);
    return c.expiry > contract.expiry && d > cfg.rolling.shortRollDte && d >= window.min && d <= window.max;
  });
  return pickRollTarget({
    close: contract.symbol,
    triggers,
    candidates,
    tradeType: 'swing',
    extraReasons: () => [],
    order: nearestExpiry,
    cfg,
    now: ctx.now,
  });
}
