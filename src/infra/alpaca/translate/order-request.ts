import { isShares, type OrderEffect, type OrderIntent, type OrderSide } from '../../../domain/values/order.js';
import type { AlpacaPositionIntent } from '../wire/order.js';
import type { AlpacaOrderRequest } from '../wire/order-request.js';
import { contractsToWire, priceToWire } from './numbers.js';
import { AlpacaTranslateError } from './errors.js';
import { toMlegOrderRequest } from './mleg-request.js';
import { toShareOrderRequest } from './share-request.js';

/** open+buy → buy_to_open, open+sell → sell_to_open, close+sell → sell_to_close, close+buy → buy_to_close. */
export function positionIntentFor(side: OrderSide, effect: OrderEffect): AlpacaPositionIntent {
  switch (effect) {
    case 'open':
      return side === 'buy' ? 'buy_to_open' : 'sell_to_open';
    case 'close':
      return side === 'buy' ? 'buy_to_close' : 'sell_to_close';
    default: {
      const unreachable: never = effect;
      throw new AlpacaTranslateError('UNKNOWN_EFFECT', `unknown order effect '${String(unreachable)}'`);
    }
  }
}

/**
 * The POST /v2/orders body for an intent: a multi-leg intent as an mleg order (toMlegOrderRequest),
 * a share order as an equity order (toShareOrderRequest); else a limit order at the intent's limit (or a market
 * order), whole contracts, `day`, the intent's client order id, and the position intent from
 * side and effect. Throws AlpacaTranslateError when the intent cannot go on the wire as it is.
 */
export function toOrderRequest(intent: OrderIntent): AlpacaOrderRequest {
  if (intent.legs !== undefined) return toMlegOrderRequest(intent);
  if (isShares(intent)) return toShareOrderRequest(intent);
  const common = {
    symbol: intent.symbol,
    qty: contractsToWire(intent.qty),
    side: intent.side,
    time_in_force: 'day',
    client_order_id: intent.clientOrderId,
    position_intent: positionIntentFor(intent.side, intent.effect),
  } as const;
  switch (intent.type) {
    case 'limit':
      if (intent.limitPrice === undefined) throw new AlpacaTranslateError('MISSING_LIMIT', 'a limit order needs a limit price');
      return { ...common, type: 'limit', limit_price: priceToWire(intent.limitPrice) };
    case 'market':
      return { ...common, type: 'market' };
    default: {
      const unreachable: never = intent.type;
      throw new AlpacaTranslateError('UNKNOWN_ORDER_TYPE', `unknown order type '${String(unreachable)}'`);
    }
  }
}
