import type { Rules, RiskConfig } from '../config/schema.js';
import type { Decision } from '../decision.js';
import type { Exposure } from '../portfolio/exposure.js';
import { structureOrderLegs } from '../premium/orders.js';
import { structureExposure } from '../premium/risk.js';
import { selectShortPremium } from '../premium/select.js';
import type { PremiumReason, ShortPremiumPlan } from '../premium/types.js';
import { fillGreeks } from '../selection/fill-greeks.js';
import { makeOrderIntent, type OrderIntent } from '../values/order.js';
import type { EntryInput } from './entry.js';
import { entryOrderId } from './ids.js';

export interface ShortEntryOrder {
  /** A sell to open: one leg for a cash-secured put, the legs of the spread (short first) otherwise. */
  readonly intent: OrderIntent;
  /** What it puts at risk if filled (its maximum loss), keyed by its client order id. */
  readonly exposure: Exposure;
  readonly plan: ShortPremiumPlan;
}

export type ShortEntryPlan = { readonly stage: 'selection'; readonly decision: Decision<never, PremiumReason> } | { readonly stage: 'order'; readonly order: ShortEntryOrder };

/**
 * Premium selling's entry, pure: from a signal whose IV regime picked the short side to the sell-to-open
 * order of a defined-risk structure (`selectShortPremium`: a cash-secured put or a credit vertical,
 * short leg near |delta| 0.30, 30–60 DTE, sized by its maximum loss). The order is a limit at the net
 * credit (`limitPrice`, positive); a spread carries its legs. Its id is the entry's (`entryOrderId`),
 * so a retry is deduplicated like any entry; the risk gate is the portfolio's call.
 */
export function planShortPremiumEntry(input: EntryInput, rules: Rules, risk: RiskConfig): ShortEntryPlan {
  const { signal, spot, now } = input;
  const market = { spot, now, ...input.rates };
  const chain = input.chain.map((e) => fillGreeks(e, market));
  const result = selectShortPremium(
    chain,
    {
      underlying: signal.symbol,
      direction: signal.direction,
      premiumSide: signal.premiumSide,
      spot,
      now,
      equity: input.equity,
      ...(input.atr === undefined ? {} : { atr: input.atr }),
      ...(input.kelly === undefined ? {} : { kelly: input.kelly }),
    },
    { ...rules, risk },
  );
  if (!result.decision.ok) return { stage: 'selection', decision: result.decision };
  const plan = result.decision.value;
  const order = sellToOpen({ clientOrderId: entryOrderId(signal.symbol, signal.ts), correlationId: input.correlationId, plan, qty: plan.sizing.contracts, reasons: [...input.signalReasons, ...plan.reasons], now });
  return { stage: 'order', order };
}

/**
 * The sell-to-open order of a planned structure (an entry's or a roll's): a limit at the net credit
 * (positive), one leg for a cash-secured put, the spread's legs (short first) otherwise; and the
 * exposure it reserves, its maximum loss.
 */
export function sellToOpen(o: { readonly clientOrderId: string; readonly correlationId: string; readonly plan: ShortPremiumPlan; readonly qty: number; readonly reasons: readonly string[]; readonly now: number }): ShortEntryOrder {
  const { structure } = o.plan;
  const legs = structure.legs.length > 1 ? { legs: structureOrderLegs(structure, 'open') } : {};
  const intent = makeOrderIntent({
    clientOrderId: o.clientOrderId,
    correlationId: o.correlationId,
    underlying: structure.underlying,
    symbol: structure.legs[0].contract.symbol,
    side: 'sell',
    effect: 'open',
    qty: o.qty,
    type: 'limit',
    limitPrice: o.plan.credit,
    timeInForce: 'day',
    reasons: o.reasons,
    ts: o.now,
    ...legs,
  });
  return { intent, exposure: structureExposure(o.clientOrderId, o.plan, o.qty), plan: o.plan };
}
