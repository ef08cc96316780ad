import type { OrderState } from '../../domain/orders/state.js';
import type { OptionContract } from '../../domain/values/contract.js';
import type { Execution } from '../../domain/values/execution.js';
import type { OrderIntent } from '../../domain/values/order.js';
import { feesFor } from './fills.js';
import type { SimBrokerConfig } from './config.js';

/** An accepted order the simulated broker is working. */
export interface SimOrder {
  readonly intent: OrderIntent;
  readonly contract: OptionContract;
  /** Price per share that bounds what a buy can cost: its limit, or the ask + slippage at submit (unused for sells). */
  readonly refPrice: number;
  state: OrderState;
}

/** What working orders already commit: cash reserved by buys, contracts of `symbol` offered by sells. */
export function exposure(working: Iterable<SimOrder>, symbol: string, c: SimBrokerConfig): { reserved: number; offered: number } {
  let reserved = 0;
  let offered = 0;
  for (const o of working) {
    const left = o.intent.qty - o.state.cumQty;
    if (o.intent.side === 'buy') reserved += left * o.refPrice * o.contract.multiplier + feesFor(left, c);
    else if (o.intent.symbol === symbol) offered += left;
  }
  return { reserved, offered };
}

/** A rejected order as the broker records it (the quantity as asked, even if invalid) and the execution reporting it. */
export function rejection(intent: OrderIntent, reason: string, now: number): { state: OrderState; exec: Execution } {
  const { clientOrderId, correlationId, symbol, side, qty } = intent;
  return {
    state: Object.freeze({ clientOrderId, correlationId, symbol, side, qty, status: 'rejected', cumQty: 0, fees: 0, updatedTs: now, reason }),
    exec: Object.freeze({ clientOrderId, correlationId, symbol, side, status: 'rejected', fillQty: 0, cumQty: 0, fees: 0, ts: now, reason }),
  };
}

/** An order's current state as an execution that fills nothing: the answer to a duplicate submit (reason DUPLICATE_CLIENT_ORDER_ID) or a look-up (the order's own reason). */
export function snapshot(s: OrderState, now: number, reason: string | undefined): Execution {
  const { clientOrderId, correlationId, symbol, side, status, cumQty, avgFillPrice } = s;
  return Object.freeze({
    clientOrderId,
    correlationId,
    symbol,
    side,
    status,
    fillQty: 0,
    cumQty,
    ...(avgFillPrice === undefined ? {} : { avgFillPrice }),
    fees: 0,
    ts: now,
    ...(reason === undefined ? {} : { reason }),
  });
}
