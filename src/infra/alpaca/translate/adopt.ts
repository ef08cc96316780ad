import type { OrderIntent } from '../../../domain/values/order.js';
import type { AlpacaOrder } from '../wire/order.js';
import { isMlegParent } from './mleg-order.js';

/**
 * Whether the order Alpaca holds under an intent's client order id is that intent's order (so it
 * may be adopted): the same contract, side and quantity; for a multi-leg intent, an mleg parent
 * with the same units and the same legs (contract, side and ratio each), in any order.
 */
export function heldMatchesIntent(held: AlpacaOrder, intent: OrderIntent): boolean {
  const sameQty = held.qty === null || Number(held.qty) === intent.qty;
  if (intent.legs === undefined) return !isMlegParent(held) && held.symbol === intent.symbol && held.side === intent.side && sameQty;
  if (!isMlegParent(held) || !sameQty || held.legs.length !== intent.legs.length) return false;
  const key = (symbol: string, side: string, ratio: number): string => `${symbol}|${side}|${ratio}`;
  const wanted = new Set(intent.legs.map((l) => key(l.symbol, l.side, l.ratio)));
  return held.legs.every((l) => {
    const ratio = l.ratio_qty === null || l.ratio_qty === undefined ? Number(l.qty) / intent.qty : Number(l.ratio_qty);
    return wanted.has(key(l.symbol, l.side, ratio));
  });
}
