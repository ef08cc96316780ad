import type { OrderIntent } from '../../domain/values/order.js';
import { makeQuote, type OptionQuote } from '../../domain/values/quote.js';
import { shapeProblems, type SimRejectReason } from './validate.js';

/**
 * The underlying's price as the quote a share order fills on: bid = ask = `price` (the last close;
 * the sample market quotes no stock spread). The order path's quotes are option quotes by type, so a
 * share's takes that shape, with no volume, open interest or greeks.
 */
export function shareQuote(ticker: string, price: number, ts: number): OptionQuote {
  return makeQuote({ symbol: ticker, ts, bid: price, ask: price, volume: 0, openInterest: 0 });
}

/**
 * Cash a short stock position holds, as a share of its value (Reg T's initial margin on a short
 * sale): its proceeds, which stay with the broker, and half its value again. A short sale so needs
 * half its value free.
 */
export const SHORT_SALE_HOLD = 1.5;

/** What the broker knows when a share order arrives. */
export interface ShareContext {
  readonly marketOpen: boolean;
  /** The underlying's price now (its share quote's), undefined without one: a ticker the venue does not know. */
  readonly price: number | undefined;
  /** Signed shares held of the ticker. */
  readonly held: number;
  /** Cash free for a purchase: the broker's buying power. */
  readonly buyingPower: number;
}

/**
 * A share order checked as a margin account would take it: shape, an open market, a price (the
 * simulated venue knows a ticker by its share quote: none is UNKNOWN_CONTRACT, as for an option);
 * a buy that does not cover a short costs its limit in buying power; a sale past the shares held
 * (a short sale: a delta hedge of long calls sells shares it does not hold, as a margin account
 * allows) needs (SHORT_SALE_HOLD − 1) × its value, the margin beyond its proceeds.
 */
export function checkShareSubmit(intent: OrderIntent, ctx: ShareContext): SimRejectReason[] {
  const shape = shapeProblems(intent);
  if (shape.length > 0) return shape;
  if (!ctx.marketOpen) return ['MARKET_CLOSED'];
  if (ctx.price === undefined) return ['UNKNOWN_CONTRACT'];
  const price = intent.limitPrice ?? ctx.price;
  const needed = intent.side === 'buy' ? (ctx.held >= 0 ? intent.qty * price : 0) : Math.max(0, intent.qty - Math.max(0, ctx.held)) * price * (SHORT_SALE_HOLD - 1);
  return needed > ctx.buyingPower ? ['INSUFFICIENT_BUYING_POWER'] : [];
}
