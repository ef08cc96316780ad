import type { OrderIntent } from '../../../src/domain/values/order.js';

/** SPY 19 Dec 2025 puts: the short 490 and the long 485 of a bull put spread (OCC symbols written out). */
export const SHORT_PUT = 'SPY251219P00490000';
export const LONG_PUT = 'SPY251219P00485000';

/**
 * A bull put spread as the engine sends it: sell the 490 put, buy the 485 put, 2 units for a net
 * credit of $1.25 a share; short leg first, so the intent's symbol is the short put's.
 */
export function bullPutSpread(patch: Partial<OrderIntent> = {}): OrderIntent {
  return {
    clientOrderId: 'th-SPY-1733752800000-open',
    correlationId: 'corr-spread',
    underlying: 'SPY',
    symbol: SHORT_PUT,
    side: 'sell',
    effect: 'open',
    qty: 2,
    type: 'limit',
    limitPrice: 1.25,
    timeInForce: 'day',
    reasons: ['IV_RANK_HIGH', 'RISK_OK'],
    ts: 1_733_752_800_000,
    legs: [
      { symbol: SHORT_PUT, side: 'sell', ratio: 1, positionIntent: 'sell_to_open' },
      { symbol: LONG_PUT, side: 'buy', ratio: 1, positionIntent: 'buy_to_open' },
    ],
    ...patch,
  };
}
