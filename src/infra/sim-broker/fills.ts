import type { OptionQuote } from '../../domain/values/quote.js';
import type { OrderIntent } from '../../domain/values/order.js';
import { SESSION_MINUTES } from '../../domain/calendar/session.js';
import type { SimBrokerConfig } from './config.js';

/** Rounds away float noise (micro-units); prices and dollars stay exact to the cent. */
export function roundMicro(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/**
 * The price per share this quote fills the order at, or undefined when the limit is not reached.
 * Buy: the ask plus slippage (a limit buy fills once ask ≤ limit, never above the limit).
 * Sell: the bid minus slippage (a limit sell fills once bid ≥ limit, never below the limit),
 * floored at one tick (or the bid, if lower) so a price never reaches zero.
 */
export function fillPrice(order: Pick<OrderIntent, 'side' | 'type' | 'limitPrice'>, quote: OptionQuote, c: SimBrokerConfig): number | undefined {
  const slip = c.slippageTicks * c.tickSize;
  const limit = order.type === 'limit' ? order.limitPrice : undefined;
  if (order.side === 'buy') {
    if (limit !== undefined && quote.ask > limit) return undefined;
    const price = roundMicro(quote.ask + slip);
    return limit === undefined ? price : Math.min(limit, price);
  }
  if (limit !== undefined && quote.bid < limit) return undefined;
  const price = roundMicro(Math.max(quote.bid - slip, Math.min(quote.bid, c.tickSize)));
  return limit === undefined ? price : Math.max(limit, price);
}

/** Contracts one order may fill on one quote: a share of the average minute volume, at least minFillQty. */
export function fillCapacity(quote: Pick<OptionQuote, 'volume'>, c: SimBrokerConfig): number {
  return Math.max(c.minFillQty, Math.floor((c.maxFractionOfMinuteVolume * quote.volume) / SESSION_MINUTES));
}

/** Commission and regulatory fees for `qty` contracts, dollars. */
export function feesFor(qty: number, c: SimBrokerConfig): number {
  return roundMicro(qty * (c.commissionPerContract + c.orfPerContract + c.occClearingPerContract));
}
