import type { OrderIntent } from '../../src/domain/values/order.js';

/** SPY 2025-07-18 495 put: the short leg of a bull put spread. */
export const SHORT_PUT = 'SPY250718P00495000';
/** SPY 2025-07-18 490 put: its long (protective) leg. */
export const LONG_PUT = 'SPY250718P00490000';

/** When the spread is sent: 2025-06-11 15:00 UTC (the Alpaca tests' T0). */
const SENT = Date.UTC(2025, 5, 11, 15, 0, 0);
export const SPREAD_ID = `th-SPY-${SENT}-open`;

/**
 * A bull put spread as the engine sends it: sell the 495 put to open, buy the 490 put to open, 1:1,
 * 2 units for a net credit of $1.20 a share; short leg first, so the intent's symbol is the short put's.
 */
export function bullPutSpread(patch: Partial<OrderIntent> = {}): OrderIntent {
  return {
    clientOrderId: SPREAD_ID,
    correlationId: 'corr-bps',
    underlying: 'SPY',
    symbol: SHORT_PUT,
    side: 'sell',
    effect: 'open',
    qty: 2,
    type: 'limit',
    limitPrice: 1.2,
    timeInForce: 'day',
    reasons: ['TEST'],
    ts: SENT,
    legs: [
      { symbol: SHORT_PUT, side: 'sell', ratio: 1, positionIntent: 'sell_to_open' },
      { symbol: LONG_PUT, side: 'buy', ratio: 1, positionIntent: 'buy_to_open' },
    ],
    ...patch,
  };
}
