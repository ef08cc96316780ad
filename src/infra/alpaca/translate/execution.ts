import { alpacaEventToOrderEvent, UnknownAlpacaEventError, type AlpacaTradeEvent } from '../../../domain/orders/alpaca-events.js';
import type { OrderEvent } from '../../../domain/orders/lifecycle.js';
import type { Execution, OrderStatus } from '../../../domain/values/execution.js';
import type { OrderIntent, OrderSide } from '../../../domain/values/order.js';
import type { AlpacaOrder } from '../wire/order.js';
import type { AlpacaTradeUpdate } from '../wire/stream.js';
import { AlpacaTranslateError } from './errors.js';
import { isMlegLeg, isMlegParent, mlegNetAvgPrice, mlegSide, mlegSymbol } from './mleg-order.js';
import { wireContracts, wirePrice } from './numbers.js';
import { reasonForStatus, type AlpacaReason } from './reasons.js';
import { toOrderStatus } from './status.js';

/** Epoch ms of an Alpaca timestamp (RFC 3339, any fraction), or undefined when absent or unreadable. */
export function timestampMs(text: string | null | undefined): number | undefined {
  if (text === null || text === undefined) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}

export interface Progress {
  readonly cumQty: number;
  readonly avgFillPrice?: number;
}

/** What Thetis files an order under: its contract and side; for an mleg parent, its first leg's contract and its net side. */
export function orderIdentity(order: AlpacaOrder): { readonly symbol: string; readonly side: OrderSide } {
  if (isMlegParent(order)) return { symbol: mlegSymbol(order), side: mlegSide(order) };
  // The wire schema lets an empty symbol or side through only on an mleg parent; one without legs cannot be read.
  if (order.symbol === '' || order.side === '') throw new AlpacaTranslateError('MLEG_WITHOUT_LEGS', `order ${order.id} names no contract or side and carries no legs`);
  return { symbol: order.symbol, side: order.side };
}

/**
 * The order's cumulative fills: filled_qty and (once something filled) filled_avg_price; for an
 * mleg parent, units filled and the net price from its legs (mlegNetAvgPrice).
 */
export function progress(order: AlpacaOrder): Progress {
  const cumQty = wireContracts(order.filled_qty, 'filled_qty');
  if (cumQty === 0) return { cumQty };
  if (isMlegParent(order)) return { cumQty, avgFillPrice: mlegNetAvgPrice(order, mlegSide(order), orderQty(order)) };
  // Filled contracts without their price cannot be applied (the engine works fills out from it).
  if (order.filled_avg_price === null) throw new AlpacaTranslateError('FILL_WITHOUT_PRICE', `filled_qty ${cumQty} without filled_avg_price`);
  return { cumQty, avgFillPrice: wirePrice(order.filled_avg_price, 'filled_avg_price') };
}

function orderQty(order: AlpacaOrder): number | undefined {
  return order.qty === null ? undefined : wireContracts(order.qty, 'qty');
}

interface Change {
  readonly status: OrderStatus;
  readonly fillQty: number;
  readonly fillPrice?: number;
  readonly reason?: string;
}

function execution(order: AlpacaOrder, correlationId: string, change: Change, ts: number): Execution {
  const { cumQty, avgFillPrice } = progress(order);
  const { symbol, side } = orderIdentity(order);
  return Object.freeze({
    clientOrderId: order.client_order_id,
    correlationId,
    symbol,
    side,
    status: change.status,
    fillQty: change.fillQty,
    ...(change.fillPrice === undefined ? {} : { fillPrice: change.fillPrice }),
    cumQty,
    ...(avgFillPrice === undefined ? {} : { avgFillPrice }),
    fees: 0,
    ts,
    ...(change.reason === undefined ? {} : { reason: change.reason }),
  });
}

/**
 * An order's current state as an Execution that fills nothing (fillQty 0): cumulative filled
 * quantity and average price from the order, status from Alpaca's. `ts` is the order's
 * updated_at (else created_at, else `fallbackTs`). Fees are 0: Alpaca reports regulatory fees
 * through account activities, not on the order. Throws AlpacaTranslateError for values that
 * make no sense (fractional contracts).
 */
export function orderSnapshot(order: AlpacaOrder, correlationId: string, fallbackTs: number, reason?: string): Execution {
  const cumQty = wireContracts(order.filled_qty, 'filled_qty');
  const status = toOrderStatus(order.status, cumQty, orderQty(order));
  const ended = reasonForStatus(order.status, order.time_in_force);
  const ts = timestampMs(order.updated_at) ?? timestampMs(order.created_at) ?? fallbackTs;
  return execution(order, correlationId, { status, fillQty: 0, reason: reason ?? ended }, ts);
}

/** A rejected Execution for an intent that Alpaca refused (or that could not go on the wire). */
export function rejectedExecution(intent: OrderIntent, reason: AlpacaReason, ts: number): Execution {
  const { clientOrderId, correlationId, symbol, side } = intent;
  return Object.freeze({ clientOrderId, correlationId, symbol, side, status: 'rejected', fillQty: 0, cumQty: 0, fees: 0, ts, reason });
}

/** What one trade_updates event means for Thetis. */
export type TradeUpdateOutcome =
  /** The order moved: emit this Execution. */
  | { readonly kind: 'execution'; readonly event: AlpacaTradeEvent; readonly execution: Execution }
  /** Nothing changes for us (pending_cancel, done_for_day, …): count and log. */
  | { readonly kind: 'noted'; readonly event: AlpacaTradeEvent }
  /** A fill was busted or corrected after the fact: positions need reconciling with Alpaca. */
  | { readonly kind: 'trade_adjusted'; readonly event: AlpacaTradeEvent }
  /** An event name Alpaca did not document when this was written. */
  | { readonly kind: 'unknown_event'; readonly event: string }
  /** An event about one leg of an mleg order: its parent's state is the answer (looked up). */
  | { readonly kind: 'mleg_leg'; readonly event: AlpacaTradeEvent };

function fillChange(update: AlpacaTradeUpdate, status: OrderStatus): Change {
  if (update.qty === null || update.qty === undefined) throw new AlpacaTranslateError('FILL_WITHOUT_QTY', `${update.event} without qty`);
  if (update.price === null || update.price === undefined) throw new AlpacaTranslateError('FILL_WITHOUT_PRICE', `${update.event} without price`);
  const fillQty = wireContracts(update.qty, 'qty');
  if (fillQty === 0) throw new AlpacaTranslateError('EMPTY_FILL', `${update.event} of 0 contracts`);
  return { status, fillQty, fillPrice: wirePrice(update.price, 'price') };
}

/**
 * A fill of an mleg parent, worked out from its cumulative state and the state last told
 * (`prior`): the units filled since, at the net price that moves the average from one to the
 * other. Alpaca's event `qty`/`price` are not used: whether they count units or contracts, net or
 * signed, is not documented. Undefined when nothing filled since (old news).
 */
function mlegFillChange(order: AlpacaOrder, status: OrderStatus, prior: Progress | undefined): Change | undefined {
  const now = progress(order);
  const before = prior ?? { cumQty: 0 };
  const fillQty = now.cumQty - before.cumQty;
  if (fillQty <= 0 || now.avgFillPrice === undefined) return undefined;
  const spent = now.avgFillPrice * now.cumQty - (before.avgFillPrice ?? 0) * before.cumQty;
  const price = Math.round((spent / fillQty) * 1e6) / 1e6;
  return { status, fillQty, fillPrice: price > 0 ? price : now.avgFillPrice };
}

function orderEventOf(name: string): OrderEvent | undefined {
  try {
    return alpacaEventToOrderEvent(name);
  } catch (error) {
    if (error instanceof UnknownAlpacaEventError) return undefined;
    throw error;
  }
}

/**
 * One trade_updates event as Thetis sees it, through the domain's event mapping: `new` →
 * accepted; `partial_fill`/`fill` → a fill of the event's qty at its price, with the order's
 * cumulative filled_qty and filled_avg_price (an mleg parent: units and net price, mlegFillChange
 * from `prior`, the state last told); an event about one leg of an mleg order → mleg_leg; `canceled`/`replaced` → canceled; `expired`;
 * `rejected`; the rest are noted or (trade_bust/trade_correct) trade adjustments. `ts` is the
 * event's timestamp (else the order's updated_at, else `fallbackTs`). Throws
 * AlpacaTranslateError for a fill without qty or price, or fractional contracts.
 */
export function tradeUpdateOutcome(update: AlpacaTradeUpdate, correlationId: string, fallbackTs: number, prior?: Progress): TradeUpdateOutcome {
  const orderEvent = orderEventOf(update.event);
  if (orderEvent === undefined) return { kind: 'unknown_event', event: update.event };
  // alpacaEventToOrderEvent accepted the name, so it is one of ALPACA_TRADE_EVENTS.
  const event = update.event as AlpacaTradeEvent;
  const { order } = update;
  if (isMlegLeg(order)) return { kind: 'mleg_leg', event };
  const ts = timestampMs(update.timestamp) ?? timestampMs(order.updated_at) ?? fallbackTs;
  const emit = (change: Change): TradeUpdateOutcome => ({ kind: 'execution', event, execution: execution(order, correlationId, change, ts) });
  const fill = (status: OrderStatus): TradeUpdateOutcome => {
    if (!isMlegParent(order)) return emit(fillChange(update, status));
    const change = mlegFillChange(order, status, prior);
    return change === undefined ? { kind: 'noted', event } : emit(change);
  };
  switch (orderEvent) {
    case 'accepted':
      return emit({ status: 'accepted', fillQty: 0 });
    case 'partially_filled':
      return fill('partially_filled');
    case 'filled':
      return fill('filled');
    case 'canceled':
      return emit({ status: 'canceled', fillQty: 0, reason: event === 'replaced' ? 'REPLACED' : 'BROKER_CANCELED' });
    case 'expired':
      return emit({ status: 'expired', fillQty: 0, reason: reasonForStatus('expired', order.time_in_force) });
    case 'rejected':
      return emit({ status: 'rejected', fillQty: 0, reason: 'BROKER_REJECTED' });
    case 'noted':
      return { kind: 'noted', event };
    case 'trade_adjusted':
      return { kind: 'trade_adjusted', event };
    default: {
      const unreachable: never = orderEvent;
      throw new AlpacaTranslateError('UNKNOWN_ORDER_EVENT', `unknown order event '${String(unreachable)}'`);
    }
  }
}
