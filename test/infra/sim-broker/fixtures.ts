import { makeContract } from '../../../src/domain/values/contract.js';
import type { OrderIntent } from '../../../src/domain/values/order.js';
import { makeQuote, type OptionQuote } from '../../../src/domain/values/quote.js';

/** Wednesday 2025-06-11, 11:00 New York (EDT): in session. */
export const NOW = Date.UTC(2025, 5, 11, 15, 0);
export const CALL = makeContract({ underlying: 'SPY', expiry: '2025-06-20', right: 'call', strike: 500 });
export const PUT = makeContract({ underlying: 'SPY', expiry: '2025-06-20', right: 'put', strike: 500 });

let seq = 0;

export function intent(patch: Partial<OrderIntent> = {}): OrderIntent {
  seq += 1;
  return {
    clientOrderId: `th-SPY-${seq}-open`,
    correlationId: `corr-${seq}`,
    underlying: 'SPY',
    symbol: CALL.symbol,
    side: 'buy',
    effect: 'open',
    qty: 2,
    type: 'limit',
    limitPrice: 2.1,
    timeInForce: 'day',
    reasons: ['TEST'],
    ts: NOW,
    ...patch,
  };
}

/** A quote with plenty of volume (no partial fills under the default size rule) unless told otherwise. */
export function quote(bid: number, ask: number, patch: { symbol?: string; volume?: number; ts?: number } = {}): OptionQuote {
  return makeQuote({ symbol: patch.symbol ?? CALL.symbol, ts: patch.ts ?? NOW, bid, ask, volume: patch.volume ?? 100_000, openInterest: 5_000 });
}
