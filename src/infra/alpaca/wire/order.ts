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
 * One leg of a multi-leg (`order_class: "mleg"`) order as Alpaca nests it in its parent's `legs`:
 * a child order of one contract with its own side, position intent, `ratio_qty` (contracts per
 * unit of the parent), `qty` (ratio × the parent's units) and fills. Its `type` is "" on the wire.
 */
export const alpacaOrderLegSchema = z.object({
  id: z.string().min(1),
  client_order_id: z.string().optional(),
  symbol: z.string().min(1),
  side: z.enum(ALPACA_ORDER_SIDES),
  qty: wireDecimal.nullish(),
  filled_qty: wireDecimal,
  /** Absent (not null) once the SDK's stream has read the leg. */
  filled_avg_price: wireDecimal.nullish(),
  ratio_qty: wireDecimal.nullish(),
  position_intent: z.enum(ALPACA_POSITION_INTENTS).nullish(),
  status: z.enum(ALPACA_ORDER_STATUSES).optional(),
});
export type AlpacaOrderLeg = z.output<typeof alpacaOrderLegSchema>;

/**
 * An order object as Alpaca sends it (snake_case; the REST answers and `trade_updates.order`).
 * Fields Thetis does not read are let through unchecked (Alpaca adds fields over time); the
 * ones it reads are checked. `type`/`time_in_force` stay plain strings: a new kind must not
 * make an order unreadable.
 */
const orderObjectSchema = z.object({
  id: z.string().min(1),
  client_order_id: z.string().min(1),
  /** "" on an mleg parent (its contracts are in `legs`). */
  symbol: z.string(),
  asset_class: z.string().optional(),
  /** Null for a notional order (never an options order); an mleg parent's counts units of the strategy. */
  qty: wireDecimal.nullable(),
  filled_qty: wireDecimal,
  filled_avg_price: wireDecimal.nullable(),
  status: z.enum(ALPACA_ORDER_STATUSES),
  /** "" on an mleg parent (the legs carry the sides). */
  side: z.enum([...ALPACA_ORDER_SIDES, '']),
  /** "" on an mleg leg. */
  type: z.string(),
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
  /** "simple" (or ""), "mleg", …: an mleg parent carries its legs; an mleg leg has none. */
  order_class: z.string().nullish(),
  legs: z.array(alpacaOrderLegSchema).nullish(),
  ratio_qty: wireDecimal.nullish(),
});

/** An order other than an mleg parent names its contract and side. */
export const alpacaOrderSchema = orderObjectSchema.superRefine((o, ctx) => {
  if (o.order_class === 'mleg' && o.legs !== null && o.legs !== undefined) return;
  if (o.symbol.length === 0) ctx.addIssue({ code: 'custom', path: ['symbol'], message: 'empty symbol on an order that is not an mleg parent' });
  if (o.side === '') ctx.addIssue({ code: 'custom', path: ['side'], message: 'empty side on an order that is not an mleg parent' });
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
