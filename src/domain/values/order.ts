import { DomainError } from '../errors.js';
import { positive, wholePositive } from './numbers.js';

export type OrderSide = 'buy' | 'sell';
/** Opening adds risk; closing only reduces it (and is never blocked by a risk cap). */
export type OrderEffect = 'open' | 'close';
export type OrderType = 'limit' | 'market';

/** Alpaca's `position_intent` of an option order (or of one leg of a multi-leg order). */
export type PositionIntent = 'buy_to_open' | 'sell_to_open' | 'buy_to_close' | 'sell_to_close';

/** One leg of a multi-leg order (Alpaca `order_class: 'mleg'`), in the domain's terms; the adapter writes it as strings. */
export interface OrderLeg {
  /** OCC option symbol. */
  readonly symbol: string;
  readonly side: OrderSide;
  /** Alpaca `ratio_qty`: contracts of this leg per unit; the order's qty counts units. */
  readonly ratio: number;
  readonly positionIntent: PositionIntent;
}

/** What the engine wants the broker to do. Immutable once built. */
export interface OrderIntent {
  /** Deterministic and idempotent end to end (≤ 128 chars, Alpaca's limit). */
  readonly clientOrderId: string;
  readonly correlationId: string;
  readonly underlying: string;
  /** OCC option symbol; for a share order (a delta hedge) the underlying's ticker itself (see isShares). */
  readonly symbol: string;
  readonly side: OrderSide;
  readonly effect: OrderEffect;
  /** Contracts (units of a multi-leg order); shares for a share order. */
  readonly qty: number;
  readonly type: OrderType;
  readonly limitPrice?: number;
  readonly timeInForce: 'day';
  readonly reasons: readonly string[];
  readonly ts: number;
  /**
   * A multi-leg order (a credit spread): its legs, short leg first, all in one expiry. `symbol` is
   * then the first leg's, `side` the net side (sell: the order receives a credit), `qty` counts units
   * and `limitPrice` is the net price per share, positive (the adapter signs it for Alpaca).
   */
  readonly legs?: readonly OrderLeg[];
}

/**
 * Whether an order, exposure, trade or decision is about the underlying's shares (a delta hedge)
 * rather than an option: its symbol is its underlying's ticker. An option's OCC symbol never equals
 * its underlying, so the symbol alone tells the asset apart, on NATS and in the order store, with no
 * field of its own.
 */
export function isShares(x: { readonly symbol: string; readonly underlying: string }): boolean {
  return x.symbol === x.underlying;
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
  if (raw.legs !== undefined) checkLegs(raw);
  if (raw.legs !== undefined && isShares(raw)) throw new DomainError('BAD_LEGS', 'a share order has no legs', 'legs');
  const legs = raw.legs === undefined ? {} : { legs: Object.freeze(raw.legs.map((l) => Object.freeze({ ...l }))) };
  return Object.freeze({ ...raw, reasons: Object.freeze([...raw.reasons]), ...legs });
}

/** Alpaca takes 2–4 legs, each with a whole ratio ≥ 1 and an intent matching its side; the first leg is the intent's symbol. */
function checkLegs(raw: OrderIntent): void {
  const legs = raw.legs ?? [];
  if (legs.length < 2 || legs.length > 4) throw new DomainError('BAD_LEGS', `a multi-leg order has 2–4 legs, got ${legs.length}`, 'legs');
  if (legs[0]?.symbol !== raw.symbol) throw new DomainError('BAD_LEGS', `a multi-leg order's symbol is its first leg's (${legs[0]?.symbol ?? '-'}), got ${raw.symbol}`, 'legs');
  for (const leg of legs) {
    wholePositive(leg.ratio, 'legs.ratio');
    if (!leg.positionIntent.startsWith(`${leg.side}_to_`)) throw new DomainError('BAD_LEGS', `leg ${leg.symbol}: ${leg.positionIntent} does not match side ${leg.side}`, 'legs');
  }
  if (new Set(legs.map((l) => l.symbol)).size !== legs.length) throw new DomainError('BAD_LEGS', 'a multi-leg order names a contract twice', 'legs');
}
