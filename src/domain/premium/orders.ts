import type { OrderEffect, OrderLeg, OrderSide } from '../values/order.js';
import type { PremiumLeg, PremiumStructure } from './types.js';

/** Opening sells the short legs and buys the long ones; closing does the reverse. */
export function legOrderSide(leg: Pick<PremiumLeg, 'side'>, effect: OrderEffect): OrderSide {
  return (leg.side === 'short') === (effect === 'open') ? 'sell' : 'buy';
}

/** The legs of the order that opens or closes a structure, short leg first. */
export function structureOrderLegs(s: PremiumStructure, effect: OrderEffect): OrderLeg[] {
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
