import type { RollingConfig } from '../config/schema.js';
import { approve, deny, type Decision } from '../decision.js';
import type { ChainFilter } from '../selection/chain-filter.js';
import { byScoreThenSymbol } from '../selection/screen.js';
import type { ScoredContract } from '../selection/types.js';
import type { Position } from '../values/position.js';
import type { OptionContract } from '../values/contract.js';
import { DAY_MS, daysToExpiry, utcMsToIsoDate } from '../values/time.js';
import { pickRollTarget } from './pick.js';
import type { RollConfig, RollContext, RollPlan, RollReason } from './types.js';

/** Nearest expiry first, then the better score. */
function nearestExpiry(a: ScoredContract, b: ScoredContract): number {
  return a.dte !== b.dte ? a.dte - b.dte : byScoreThenSymbol(a, b);
}

/**
 * Whether a short is due to roll, and why (seed: "roll shorts at 21 DTE if still at risk"): at
 * shortRollDte or less, SHORT_AT_ROLL_DTE with SHORT_ITM, SHORT_NEAR_STRIKE (within
 * atRiskDistancePct of spot) or, with onlyIfAtRisk off, ROLL_REGARDLESS_OF_RISK; denied
 * ROLL_NOT_DUE before, POSITION_EXPIRED after, and NOT_AT_RISK for a safe short when onlyIfAtRisk.
 */
export function shortRollTriggers(contract: OptionContract, ctx: Pick<RollContext, 'spot' | 'now'>, cfg: Pick<RollConfig, 'rolling'>): Decision<readonly RollReason[], RollReason> {
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
  return approve(triggers, triggers);
}

/**
 * A short due to roll (shortRollTriggers) rolls to the same strike and right in the nearest later
 * expiry inside shortTargetDte (and past shortRollDte), the better score on a tie.
 */
export function evaluateShortRoll(position: Position, ctx: RollContext, cfg: RollConfig): Decision<RollPlan, RollReason> {
  const { contract } = position;
  const due = shortRollTriggers(contract, ctx, cfg);
  if (!due.ok) return deny(due.reasons);
  const candidates = ctx.chain.filter((e) => {
    const c = e.contract;
    if (c.underlying !== contract.underlying || c.right !== contract.right || c.strike !== contract.strike) return false;
    const d = daysToExpiry(c.expiry, ctx.now);
    return c.expiry > contract.expiry && inRollWindow(d, cfg.rolling);
  });
  return pickRollTarget({
    close: contract.symbol,
    triggers: due.value,
    candidates,
    tradeType: 'swing',
    extraReasons: () => [],
    order: nearestExpiry,
    cfg,
    now: ctx.now,
  });
}

/** A roll target's DTE: past shortRollDte (it must not be due again at once) and inside shortTargetDte. */
function inRollWindow(dte: number, cfg: RollingConfig): boolean {
  return dte > cfg.shortRollDte && dte >= cfg.shortTargetDte.min && dte <= cfg.shortTargetDte.max;
}

/** The slice of a chain a sold structure's roll is judged on: its right, the legs' strikes, the expiries evaluateShortRoll may pick. */
export function shortRollChainFilter(legs: readonly OptionContract[], now: number, cfg: RollingConfig): ChainFilter {
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const strikes = legs.map((c) => c.strike);
  return {
    right: (legs[0] as OptionContract).right,
    expiryFrom: utcMsToIsoDate(today + Math.max(cfg.shortRollDte + 1, cfg.shortTargetDte.min) * DAY_MS),
    expiryTo: utcMsToIsoDate(today + cfg.shortTargetDte.max * DAY_MS),
    strikeMin: Math.min(...strikes),
    strikeMax: Math.max(...strikes),
  };
}
