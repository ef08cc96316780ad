import type { OrderEffect, OrderSide } from '../values/order.js';
import type { PremiumLeg, PremiumStructure } from './types.js';

/** Alpaca's `position_intent` of an option order leg. */
export type PositionIntent = 'buy_to_open' | 'sell_to_open' | 'buy_to_close' | 'sell_to_close';

/** One leg of a multi-leg (Alpaca `order_class: 'mleg'`) order, in the domain's terms; the adapter writes it as strings. */
export interface StructureOrderLeg {
  readonly symbol: string;
  readonly side: OrderSide;
  /** Alpaca `ratio_qty`: contracts of this leg per unit; the order's qty counts units. */
  readonly ratio: number;
  readonly positionIntent: PositionIntent;
}

/** Opening sells the short legs and buys the long ones; closing does the reverse. */
export function legOrderSide(leg: Pick<PremiumLeg, 'side'>, effect: OrderEffect): OrderSide {
  return (leg.side === 'short') === (effect === 'open') ? 'sell' : 'buy';
}

/** The legs of the order that opens or closes a structure, short leg first. */
export function structureOrderLegs(s: PremiumStructure, effect: OrderEffect): StructureOrderLeg[] {
  return s.legs.map((leg) => {
    const side = legOrderSide(leg, effect);
    return { symbol: leg.contract.symbol, side, ratio: leg.ratio, positionIntent: `${side}_to_${effect}` };
  });
}

/**
 * The signed net limit Alpaca wants on an mleg order: positive is a debit paid, negative a credit
 * received. Opening a short structure receives its credit (−limit); closing it pays (+limit).
 * `limit` is the per-share net price, positive, as sellPricing / closeLimit give it.
 */
export function mlegLimitPrice(limit: number, effect: OrderEffect): number {
  return effect === 'open' ? -limit : limit;
}
