import { z } from 'zod';
import { wireDecimal } from './decimal.js';

/** Every order status Alpaca's trading API reports (GET /v2/orders, trade_updates `order.status`). */
export const ALPACA_ORDER_STATUSES = [
  'new',
  'partially_filled',
  'filled',
  'done_for_day',
  'canceled',
  'expired',
  'replaced',
  'pending_cancel',
  'pending_replace',
  'accepted',
  'pending_new',
  'accepted_for_bidding',
  'stopped',
  'rejected',
  'suspended',
  'calculated',
  'held',
] as const;
export type AlpacaOrderStatus = (typeof ALPACA_ORDER_STATUSES)[number];

export const ALPACA_ORDER_SIDES = ['buy', 'sell'] as const;
export type AlpacaOrderSide = (typeof ALPACA_ORDER_SIDES)[number];

/** `position_intent`: how an options order changes the position. */
export const ALPACA_POSITION_INTENTS = ['buy_to_open', 'buy_to_close', 'sell_to_open', 'sell_to_close'] as const;
export type AlpacaPositionIntent = (typeof ALPACA_POSITION_INTENTS)[number];

const timestamp = z.string().min(1);

/**
 * An order object as Alpaca sends it (snake_case; the REST answers and `trade_updates.order`).
 * Fields Thetis does not read are let through unchecked (Alpaca adds fields over time); the
 * ones it reads are checked. `type`/`time_in_force` stay plain strings: a new kind must not
 * make an order unreadable.
 */
export const alpacaOrderSchema = z.object({
  id: z.string().min(1),
  client_order_id: z.string().min(1),
  symbol: z.string().min(1),
  asset_class: z.string().optional(),
  /** Null for a notional order (never an options order). */
  qty: wireDecimal.nullable(),
  filled_qty: wireDecimal,
  filled_avg_price: wireDecimal.nullable(),
  status: z.enum(ALPACA_ORDER_STATUSES),
  side: z.enum(ALPACA_ORDER_SIDES),
  type: z.string().min(1),
  limit_price: wireDecimal.nullish(),
  stop_price: wireDecimal.nullish(),
  time_in_force: z.string().min(1),
  position_intent: z.enum(ALPACA_POSITION_INTENTS).nullish(),
  extended_hours: z.boolean().optional(),
  created_at: timestamp,
  updated_at: timestamp.nullish(),
  submitted_at: timestamp.nullish(),
  filled_at: timestamp.nullish(),
  canceled_at: timestamp.nullish(),
  expired_at: timestamp.nullish(),
  failed_at: timestamp.nullish(),
});
export type AlpacaOrder = z.output<typeof alpacaOrderSchema>;

/** Parses one order; throws a ZodError naming each bad field. */
export function parseAlpacaOrder(raw: unknown): AlpacaOrder {
  return alpacaOrderSchema.parse(raw);
}

/** Parses GET /v2/orders (a JSON array of orders). */
export function parseAlpacaOrders(raw: unknown): AlpacaOrder[] {
  return z.array(alpacaOrderSchema).parse(raw);
}
