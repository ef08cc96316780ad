import { z } from 'zod';
import { wireDecimal } from './decimal.js';
import { alpacaOrderSchema } from './order.js';

/**
 * One `trade_updates` event as Alpaca sends it in `data`. `event` stays a plain string here:
 * a name Thetis does not know is counted and logged by the adapter, never a parse failure.
 * `price`/`qty` come with fills (`qty` is this fill's size, `order.filled_qty` the running
 * total); `reason` is free-form text some events carry.
 */
export const alpacaTradeUpdateSchema = z.object({
  event: z.string().min(1),
  order: alpacaOrderSchema,
  timestamp: z.string().min(1).optional(),
  price: wireDecimal.nullish(),
  qty: wireDecimal.nullish(),
  position_qty: wireDecimal.nullish(),
  execution_id: z.string().nullish(),
  reason: z.string().nullish(),
});
export type AlpacaTradeUpdate = z.output<typeof alpacaTradeUpdateSchema>;

/** A full trade_updates frame: `{ stream: "trade_updates", data: {...} }`. */
export const alpacaTradeUpdatesFrameSchema = z.object({
  stream: z.literal('trade_updates'),
  data: alpacaTradeUpdateSchema,
});
export type AlpacaTradeUpdatesFrame = z.output<typeof alpacaTradeUpdatesFrameSchema>;

/** Parses the `data` of a trade_updates frame; throws a ZodError naming each bad field. */
export function parseAlpacaTradeUpdate(raw: unknown): AlpacaTradeUpdate {
  return alpacaTradeUpdateSchema.parse(raw);
}

/** Client → server: the first message on the trading stream. */
export interface AlpacaAuthenticateMessage {
  readonly action: 'authenticate';
  readonly data: { readonly key_id: string; readonly secret_key: string };
}

/** Client → server: subscribe to streams once authorized. */
export interface AlpacaListenMessage {
  readonly action: 'listen';
  readonly data: { readonly streams: readonly string[] };
}

/** Server → client: the answer to `authenticate`. */
export interface AlpacaAuthorizationFrame {
  readonly stream: 'authorization';
  readonly data: { readonly status: 'authorized' | 'unauthorized'; readonly action: 'authenticate' };
}

/** Server → client: the answer to `listen`. */
export interface AlpacaListeningFrame {
  readonly stream: 'listening';
  readonly data: { readonly streams: readonly string[] };
}
