import type { RiskConfig, Rules } from '../config/schema.js';
import { approve, deny, type Decision } from '../decision.js';
import { planStructure, premiumScoring } from '../premium/select.js';
import type { PremiumContext, PremiumReason, PremiumStructureKind } from '../premium/types.js';
import { screenQuality } from '../selection/screen.js';
import type { ChainEntry, ScoredContract } from '../selection/types.js';
import { entryOrderId } from './ids.js';
import type { RollOpenBase } from './roll.js';
import { sellToOpen, type ShortEntryOrder } from './short-entry.js';

export interface ShortRollOpenInput extends RollOpenBase {
  /** The structure rolled: the same kind is sold again. */
  readonly kind: PremiumStructureKind;
  /** The new short leg (the old strike, a later expiry), its quote's greeks filled. */
  readonly short: ChainEntry;
  /** A spread's new wing (its old strike, the same new expiry), greeks filled. */
  readonly wing?: ChainEntry;
  readonly spot: number;
}

/** A leg screened as a short-premium leg is (liquidity, greeks, score centred on premium.shortDelta): scored, or why not. */
function screened(entry: ChainEntry, ctx: PremiumContext, now: number): { readonly scored?: ScoredContract; readonly failed: readonly PremiumReason[] } {
  const q = screenQuality(entry, 'swing', premiumScoring(ctx), now);
  return q.failed.length === 0 ? q : { failed: q.failed };
}

/**
 * A sold structure's roll, its second leg: the same kind sold again on the rolled strikes in the new
 * expiry, planned like an entry on chosen legs (`planStructure`: net credit limit, credit checks,
 * sizing by maximum loss) at their current quotes, legs that fail liquidity now denied with their
 * reasons. As many units as were bought back, or as sizing allows now, whichever is less
 * (ROLL_OPEN_SIZED_DOWN). Its id is the decision's (`entryOrderId(ticker, decidedAt)`). Pure; the risk
 * gate is the portfolio's call.
 */
export function planShortRollOpen(input: ShortRollOpenInput, rules: Rules, risk: RiskConfig): Decision<ShortEntryOrder, string> {
  const ctx: PremiumContext = { ...rules, risk };
  const short = screened(input.short, ctx, input.now);
  const wing = input.wing === undefined ? undefined : screened(input.wing, ctx, input.now);
  const failed = new Set([...short.failed, ...(wing?.failed ?? [])]);
  if (short.scored === undefined || (wing !== undefined && wing.scored === undefined)) return deny(failed.size > 0 ? [...failed] : ['MISSING_GREEKS']);
  const underlying = input.short.contract.underlying;
  const plan = planStructure(input.kind, short.scored, wing?.scored, {
    underlying,
    direction: input.kind === 'bear_call_spread' ? 'bearish' : 'bullish',
    premiumSide: 'short',
    spot: input.spot,
    now: input.now,
    equity: input.equity,
    ...(input.atr === undefined ? {} : { atr: input.atr }),
    ...(input.kelly === undefined ? {} : { kelly: input.kelly }),
  }, ctx);
  if (!plan.ok) return deny(plan.reasons);
  const qty = Math.min(input.closedQty, plan.value.sizing.contracts);
  const reasons = [...input.reasons, ...(qty < input.closedQty ? ['ROLL_OPEN_SIZED_DOWN'] : []), ...plan.reasons];
  const order = sellToOpen({ clientOrderId: entryOrderId(underlying, input.decidedAt), correlationId: input.correlationId, plan: plan.value, qty, reasons, now: input.now });
  return approve(order, reasons);
}
