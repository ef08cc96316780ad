import type { SelectionConfig } from '../config/schema.js';
import { deny, type Decision } from '../decision.js';
import type { ChainFilter } from '../selection/chain-filter.js';
import { byScoreThenSymbol, deltaReasons, dteReasons } from '../selection/screen.js';
import { optionPnlPct, type Position } from '../values/position.js';
import { isStale, mid } from '../values/quote.js';
import { atLeast } from '../values/threshold.js';
import { daysToExpiry } from '../values/time.js';
import { pickRollTarget } from './pick.js';
import type { RollConfig, RollContext, RollPlan, RollReason } from './types.js';

/**
 * Seed: "roll longs up to a higher strike to bank profits". Once the long's mid is up at
 * least longRollProfitPct, roll to a further-OTM strike (higher call, lower put) in the same
 * expiry whose |delta| is back in the target band, best score first.
 */
export function evaluateLongRoll(position: Position, ctx: RollContext, cfg: RollConfig): Decision<RollPlan, RollReason> {
  const { contract } = position;
  const own = ctx.chain.find((e) => e.contract.symbol === contract.symbol);
  if (!own) return deny(['NO_POSITION_QUOTE']);
  if (isStale(own.quote, ctx.now, cfg.liquidity.maxQuoteAgeMs)) return deny(['STALE_POSITION_QUOTE']);
  if (!atLeast(optionPnlPct(position, mid(own.quote)), cfg.rolling.longRollProfitPct)) return deny(['PROFIT_BELOW_ROLL_THRESHOLD']);

  const candidates = ctx.chain.filter((e) => {
    const c = e.contract;
    const further = contract.right === 'call' ? c.strike > contract.strike : c.strike < contract.strike;
    return c.underlying === contract.underlying && c.right === contract.right && c.expiry === contract.expiry && further;
  });
  // Same expiry: the DTE window does not apply (the trade is extended, not opened), the final-week rule does.
  const finalWeek = dteReasons(daysToExpiry(contract.expiry, ctx.now), position.tradeType, cfg.selection).filter(
    (r) => r === 'FINAL_WEEK_LONG_PREMIUM',
  );
  return pickRollTarget({
    close: contract.symbol,
    triggers: ['LONG_PROFIT_TARGET'],
    candidates,
    tradeType: position.tradeType,
    extraReasons: (entry) => [...finalWeek, ...deltaReasons(entry, cfg.selection)],
    order: byScoreThenSymbol,
    cfg,
    now: ctx.now,
  });
}

/**
 * The slice of the chain a long's roll is judged on: its right and expiry, strikes from the
 * selection's window around spot, widened to take in the position's own strike (its quote is the
 * profit check's mark).
 */
export function longRollChainFilter(position: Pick<Position, 'contract'>, spot: number, cfg: Pick<SelectionConfig, 'strikeWindowPct'>): ChainFilter {
  const { contract } = position;
  return {
    right: contract.right,
    expiryFrom: contract.expiry,
    expiryTo: contract.expiry,
    strikeMin: Math.min(contract.strike, spot * (1 - cfg.strikeWindowPct)),
    strikeMax: Math.max(contract.strike, spot * (1 + cfg.strikeWindowPct)),
  };
}
