import type { OrderIntent } from '../../../domain/values/order.js';
import type { AlpacaShareOrderRequest } from '../wire/order-request.js';
import { AlpacaTranslateError } from './errors.js';
import { contractsToWire, priceToWire } from './numbers.js';

/**
 * The POST /v2/orders body of a share order (isShares: a delta hedge): Alpaca's equity order,
 * symbol = the ticker, whole shares, a `day` limit at the intent's limit, its client order id, and
 * no position_intent (Alpaca's options field). A share order is always a limit (hedgeIntent):
 * anything else is refused before sending.
 */
export function toShareOrderRequest(intent: OrderIntent): AlpacaShareOrderRequest {
  if (intent.type !== 'limit' || intent.limitPrice === undefined) throw new AlpacaTranslateError('SHARE_ORDER_NOT_LIMIT', `share order ${intent.clientOrderId} must be a limit order`);
  return {
    symbol: intent.symbol,
    qty: contractsToWire(intent.qty),
    side: intent.side,
    type: 'limit',
    time_in_force: 'day',
    limit_price: priceToWire(intent.limitPrice),
    client_order_id: intent.clientOrderId,
  };
}
