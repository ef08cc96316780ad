import { z } from 'zod';
import { wireDecimal } from './decimal.js';
import { ALPACA_ORDER_SIDES, ALPACA_POSITION_INTENTS } from './order.js';

/**
 * The body of POST /v2/orders for a single-leg options order, exactly as it goes on the wire:
 * quantities and prices as decimal strings, whole contracts, `day` only, no extended hours.
 */
export const alpacaOrderRequestSchema = z.strictObject({
  symbol: z.string().min(1),
  qty: wireDecimal,
  side: z.enum(ALPACA_ORDER_SIDES),
  type: z.enum(['market', 'limit']),
  time_in_force: z.literal('day'),
  limit_price: wireDecimal.optional(),
  client_order_id: z.string().min(1).max(128),
  position_intent: z.enum(ALPACA_POSITION_INTENTS),
});
export type AlpacaOrderRequest = z.output<typeof alpacaOrderRequestSchema>;
