import type { ExecutionConfig } from '../config/schema.js';
import type { OrderSide } from '../values/order.js';
import { mid } from '../values/quote.js';

/** Option price increment: $0.01 below $3, $0.05 from $3 (non-penny-pilot rule; conservative). */
export function tickFor(price: number): number {
  return price < 3 ? 0.01 : 0.05;
}

/**
 * Limit price: the mid moved toward the far side by `limitOffsetOfHalfSpread` of the
 * half-spread, rounded to a tick away from the mid (up for buys, down for sells), and
 * never beyond the far side.
 */
export function limitPrice(quote: { bid: number; ask: number }, side: OrderSide, cfg: ExecutionConfig): number {
  const m = mid(quote);
  const half = (quote.ask - quote.bid) / 2;
  if (side === 'buy') {
    const raw = m + cfg.limitOffsetOfHalfSpread * half;
    const tick = tickFor(raw);
    return Math.min(quote.ask, onCents(Math.ceil(raw / tick - 1e-9) * tick));
  }
  const raw = m - cfg.limitOffsetOfHalfSpread * half;
  const tick = tickFor(raw);
  return Math.max(quote.bid, Math.max(0.01, onCents(Math.floor(raw / tick + 1e-9) * tick)));
}

/**
 * A price on the cent grid: a sum or difference of quotes is a whole number of cents only up to float
 * noise (1.48 − 1.16 = 0.32000000000000006), and a limit a hair off the grid would never fill.
 */
export function onCents(x: number): number {
  return Math.round(x * 100) / 100;
}
