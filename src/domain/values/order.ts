import { DomainError } from '../errors.js';
import { positive, wholePositive } from './numbers.js';

export type OrderSide = 'buy' | 'sell';
/** Opening adds risk; closing only reduces it (and is never blocked by a risk cap). */
export type OrderEffect = 'open' | 'close';
export type OrderType = 'limit' | 'market';

/** What the engine wants the broker to do. Immutable once built. */
export interface OrderIntent {
  /** Deterministic and idempotent end to end (≤ 128 chars, Alpaca's limit). */
  readonly clientOrderId: string;
  readonly correlationId: string;
  readonly underlying: string;
  /** OCC option symbol. */
  readonly symbol: string;
  readonly side: OrderSide;
  readonly effect: OrderEffect;
  readonly qty: number;
  readonly type: OrderType;
  readonly limitPrice?: number;
  readonly timeInForce: 'day';
  readonly reasons: readonly string[];
  readonly ts: number;
}

const ID_PART = /^[A-Za-z0-9._:-]+$/;

/**
 * A deterministic client order id from the parts that identify one intended action,
 * e.g. ['SPY', '1733752800000', 'open'] → 'th-SPY-1733752800000-open'. The same parts
 * always give the same id, so a retry is deduplicated by NATS and by the broker.
 */
export function clientOrderId(parts: readonly string[]): string {
  for (const p of parts) {
    if (!ID_PART.test(p)) throw new DomainError('BAD_ORDER_ID_PART', `order id part '${p}' must match ${ID_PART}`, 'clientOrderId');
  }
  const id = ['th', ...parts].join('-');
  if (id.length > 128) throw new DomainError('ORDER_ID_TOO_LONG', `client order id is ${id.length} chars, Alpaca allows 128`, 'clientOrderId');
  return id;
}

export function makeOrderIntent(raw: OrderIntent): OrderIntent {
  wholePositive(raw.qty, 'qty');
  if (raw.type === 'limit') {
    if (raw.limitPrice === undefined) throw new DomainError('MISSING_LIMIT', 'a limit order needs a limit price', 'limitPrice');
    positive(raw.limitPrice, 'limitPrice');
  }
  if (raw.clientOrderId.length === 0 || raw.clientOrderId.length > 128) {
    throw new DomainError('BAD_ORDER_ID', 'client order id must be 1–128 chars', 'clientOrderId');
  }
  return Object.freeze({ ...raw, reasons: Object.freeze([...raw.reasons]) });
}
