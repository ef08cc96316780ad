import type { HedgingConfig } from '../config/schema.js';
import type { HedgeOrder } from '../portfolio/hedge.js';
import { positive } from '../values/numbers.js';
import { makeOrderIntent, type OrderIntent } from '../values/order.js';
import { hedgeOrderId } from './ids.js';

/**
 * A hedge order's limit: `price` moved limitCollarPct through the market (a buy above, a sell below)
 * and rounded to the cent away from it (buy up, sell down), at least $0.01: marketable on a liquid
 * underlying, never a market order.
 */
export function hedgeLimitPrice(price: number, side: HedgeOrder['side'], collarPct: number): number {
  positive(price, 'price');
  const cents = price * 100 * (side === 'buy' ? 1 + collarPct : 1 - collarPct);
  const rounded = side === 'buy' ? Math.ceil(cents - 1e-6) : Math.floor(cents + 1e-6);
  return Math.max(1, rounded) / 100;
}

/**
 * The share order of one step of a delta hedge plan, priced off the underlying's last `price`: the
 * ticker as its symbol (see isShares), a day limit, the deterministic id of the hedge rule's
 * run at `ts` (`th-TICKER-ts-h` opening, `-u` closing), the plan's reasons.
 */
export function hedgeIntent(order: HedgeOrder, price: number, ts: number, correlationId: string, cfg: HedgingConfig['delta']): OrderIntent {
  return makeOrderIntent({
    clientOrderId: hedgeOrderId(order.ticker, ts, order.effect),
    correlationId,
    underlying: order.ticker,
    symbol: order.ticker,
    side: order.side,
    effect: order.effect,
    qty: order.qty,
    type: 'limit',
    limitPrice: hedgeLimitPrice(price, order.side, cfg.limitCollarPct),
    timeInForce: 'day',
    reasons: order.reasons,
    ts,
  });
}
