import type { OptionContract } from '../../domain/values/contract.js';
import type { LegFill } from '../../domain/values/execution.js';
import type { OrderIntent, OrderSide } from '../../domain/values/order.js';
import type { OptionQuote } from '../../domain/values/quote.js';
import type { SimBrokerConfig } from './config.js';
import { fillCapacity, roundMicro } from './fills.js';

/** One leg of an order as the simulated broker works it (a single-leg order has one, ratio 1, on the order's side). */
export interface SimLeg {
  readonly contract: OptionContract;
  readonly side: OrderSide;
  readonly ratio: number;
}

/** +1 for a leg on the order's net side (it adds to the net price), −1 for a leg against it. */
function sign(leg: SimLeg, side: OrderSide): 1 | -1 {
  return leg.side === side ? 1 : -1;
}

/** The touch a leg trades at: the bid for a sell, the ask for a buy. */
function touch(leg: SimLeg, q: OptionQuote): number {
  return leg.side === 'sell' ? q.bid : q.ask;
}

/**
 * The natural net price per share of one unit, every leg at its touch (sells at the bid, buys at
 * the ask), signed by the order's net side: for a credit (sell) order, Σ sells' bid × ratio −
 * Σ buys' ask × ratio (a bull put spread: short bid − long ask); for a debit (buy) order,
 * Σ buys' ask × ratio − Σ sells' bid × ratio (closing it: short ask − long bid).
 */
export function naturalNet(side: OrderSide, legs: readonly SimLeg[], quotes: readonly OptionQuote[]): number {
  return roundMicro(legs.reduce((n, leg, i) => n + sign(leg, side) * leg.ratio * touch(leg, quotes[i] as OptionQuote), 0));
}

/**
 * The net price per share the order fills at, or undefined when its limit is not marketable.
 * A credit (sell) fills once the natural credit ≥ its limit, at natural − slippage, never below the
 * limit; a debit (buy) fills once the natural debit ≤ its limit, at natural + slippage, never above
 * it. A market order takes natural ∓ slippage. The net price of a fill is positive (the intent's
 * convention): a market whose net has the other sign does not fill.
 */
export function netFillPrice(order: Pick<OrderIntent, 'side' | 'type' | 'limitPrice'>, natural: number, c: SimBrokerConfig): number | undefined {
  const slip = c.slippageTicks * c.tickSize;
  const limit = order.type === 'limit' ? order.limitPrice : undefined;
  let price: number;
  if (order.side === 'sell') {
    if (limit !== undefined && natural < limit) return undefined;
    price = limit === undefined ? roundMicro(natural - slip) : Math.max(limit, roundMicro(natural - slip));
  } else {
    if (limit !== undefined && natural > limit) return undefined;
    price = limit === undefined ? roundMicro(natural + slip) : Math.min(limit, roundMicro(natural + slip));
  }
  return price > 0 ? price : undefined;
}

/**
 * Splits a net fill price across the legs so that Σ sign × ratio × leg price = net: every leg at
 * its touch, and the gap between the net fill and the natural net (the slippage, or a limit
 * better than natural − slippage) taken on the first leg (the short leg of a spread), divided by
 * its ratio. Undefined if that would price the first leg below zero.
 */
export function legPrices(side: OrderSide, legs: readonly SimLeg[], quotes: readonly OptionQuote[], net: number): number[] | undefined {
  const prices = legs.map((leg, i) => touch(leg, quotes[i] as OptionQuote));
  const first = legs[0] as SimLeg;
  const adjusted = roundMicro((prices[0] as number) + (net - naturalNet(side, legs, quotes)) / (sign(first, side) * first.ratio));
  if (adjusted < 0) return undefined;
  prices[0] = adjusted;
  return prices;
}

/** Units one order may fill on these quotes: each leg's capacity (fillCapacity) over its ratio, the thinnest leg's. */
export function unitsCapacity(legs: readonly SimLeg[], quotes: readonly OptionQuote[], c: SimBrokerConfig): number {
  return Math.min(...legs.map((leg, i) => Math.floor(fillCapacity(quotes[i] as OptionQuote, c) / leg.ratio)));
}

/** The leg fills of `units` at `prices` (as legPrices gives them). */
export function legFills(legs: readonly SimLeg[], units: number, prices: readonly number[]): LegFill[] {
  return legs.map((leg, i) => Object.freeze({ symbol: leg.contract.symbol, side: leg.side, qty: units * leg.ratio, price: prices[i] as number }));
}
