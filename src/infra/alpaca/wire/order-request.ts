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
export type AlpacaSingleOrderRequest = z.output<typeof alpacaOrderRequestSchema>;

/** One leg of an mleg request (the SDK's `MLegOrderLeg`: symbol, side, ratioQty, positionIntent). */
export const alpacaMlegLegRequestSchema = z.strictObject({
  symbol: z.string().min(1),
  side: z.enum(ALPACA_ORDER_SIDES),
  ratio_qty: wireDecimal,
  position_intent: z.enum(ALPACA_POSITION_INTENTS),
});

/**
 * The body of POST /v2/orders for a multi-leg options order (`order_class: "mleg"`): no symbol
 * or side on the parent, `qty` counts units of the strategy, `limit_price` is the net price per
 * share, signed (positive: a debit paid; negative: a credit received), and 2–4 legs.
 */
export const alpacaMlegOrderRequestSchema = z.strictObject({
  order_class: z.literal('mleg'),
  qty: wireDecimal,
  type: z.enum(['market', 'limit']),
  time_in_force: z.literal('day'),
  limit_price: wireDecimal.optional(),
  client_order_id: z.string().min(1).max(128),
  legs: z.array(alpacaMlegLegRequestSchema).min(2).max(4),
});
export type AlpacaMlegOrderRequest = z.output<typeof alpacaMlegOrderRequestSchema>;

/**
 * The body of POST /v2/orders for a share order (a delta hedge): Alpaca's equity order, the ticker
 * as its symbol, whole shares, a `day` limit, and no `position_intent` (an options field).
 */
export const alpacaShareOrderRequestSchema = z.strictObject({
  symbol: z.string().min(1),
  qty: wireDecimal,
  side: z.enum(ALPACA_ORDER_SIDES),
  type: z.literal('limit'),
  time_in_force: z.literal('day'),
  limit_price: wireDecimal,
  client_order_id: z.string().min(1).max(128),
});
export type AlpacaShareOrderRequest = z.output<typeof alpacaShareOrderRequestSchema>;

export type AlpacaOrderRequest = AlpacaSingleOrderRequest | AlpacaMlegOrderRequest | AlpacaShareOrderRequest;
