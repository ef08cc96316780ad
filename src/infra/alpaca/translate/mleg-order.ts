import type { OrderSide } from '../../../domain/values/order.js';
import type { AlpacaOrder, AlpacaOrderLeg } from '../wire/order.js';
import { AlpacaTranslateError } from './errors.js';
import { wireContracts, wireNumber, wirePrice } from './numbers.js';

/** An mleg parent as Alpaca answers it: `order_class: "mleg"` with its legs nested. */
export function isMlegParent(order: AlpacaOrder): order is AlpacaOrder & { legs: AlpacaOrderLeg[] } {
  return order.order_class === 'mleg' && Array.isArray(order.legs) && order.legs.length > 0;
}

/** One leg of an mleg order listed or streamed on its own (`order_class: "mleg"`, a contract, no legs): its parent speaks for it. */
export function isMlegLeg(order: AlpacaOrder): boolean {
  return order.order_class === 'mleg' && !isMlegParent(order) && order.symbol !== '';
}

/**
 * The net side of an mleg parent (Alpaca sends `side: ""`): from the sign of its limit (negative:
 * a credit, sell; positive: a debit, buy), else the parent's side when Alpaca gives one, else the
 * first leg's (Thetis puts the short leg first and nets to its side).
 */
export function mlegSide(order: AlpacaOrder & { legs: AlpacaOrderLeg[] }): OrderSide {
  if (order.limit_price !== null && order.limit_price !== undefined) {
    const limit = wireNumber(order.limit_price, 'limit_price');
    if (limit !== 0) return limit < 0 ? 'sell' : 'buy';
  }
  if (order.side !== '') return order.side;
  return order.legs[0]?.side ?? 'buy';
}

/** A leg's contracts per unit: `ratio_qty`, else its qty over the parent's units. */
function legRatio(leg: AlpacaOrderLeg, units: number | undefined): number {
  if (leg.ratio_qty !== null && leg.ratio_qty !== undefined) return wireContracts(leg.ratio_qty, 'legs.ratio_qty');
  if (leg.qty === null || leg.qty === undefined || units === undefined || units === 0) {
    throw new AlpacaTranslateError('MLEG_LEG_WITHOUT_RATIO', `leg ${leg.symbol} has neither ratio_qty nor a qty to work it out from`);
  }
  const ratio = wireContracts(leg.qty, 'legs.qty') / units;
  if (!Number.isInteger(ratio) || ratio < 1) throw new AlpacaTranslateError('MLEG_LEG_WITHOUT_RATIO', `leg ${leg.symbol}: qty ${leg.qty} is not a whole multiple of ${units} units`);
  return ratio;
}

/** Net prices are rounded to a millionth of a dollar: far below a cent, enough to absorb float noise. */
const NET_PRECISION = 1e6;

/**
 * The net average fill price per share of an mleg parent, positive in the direction of its net
 * side: Σ over the legs of (+1 when the leg's side is the net side, else −1) × leg average fill ×
 * ratio. A credit spread sold (net side sell) at 2.35 on the short leg and 1.15 on the long one
 * nets 2.35 − 1.15 = 1.20 received.
 * Throws AlpacaTranslateError when a filled leg has no price or the net is not positive.
 */
export function mlegNetAvgPrice(order: AlpacaOrder & { legs: AlpacaOrderLeg[] }, side: OrderSide, units: number | undefined): number {
  let net = 0;
  for (const leg of order.legs) {
    if (leg.filled_avg_price === null || leg.filled_avg_price === undefined) throw new AlpacaTranslateError('FILL_WITHOUT_PRICE', `leg ${leg.symbol} of a filled multi-leg order has no filled_avg_price`);
    const price = wirePrice(leg.filled_avg_price, 'legs.filled_avg_price');
    net += (leg.side === side ? 1 : -1) * price * legRatio(leg, units);
  }
  const rounded = Math.round(net * NET_PRECISION) / NET_PRECISION;
  if (!(rounded > 0)) throw new AlpacaTranslateError('NET_PRICE_NOT_POSITIVE', `the legs of a multi-leg ${side} net ${rounded}, not a ${side === 'sell' ? 'credit' : 'debit'}`);
  return rounded;
}

/** The symbol Thetis files an mleg order under: its first leg's (as the intent's). */
export function mlegSymbol(order: AlpacaOrder & { legs: AlpacaOrderLeg[] }): string {
  return order.legs[0]?.symbol ?? order.symbol;
}
