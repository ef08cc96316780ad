import type { OrderSide } from './order.js';

/** Order states as Thetis tracks them (Alpaca's trade_updates events map onto these). */
export type OrderStatus = 'pending' | 'accepted' | 'partially_filled' | 'filled' | 'canceled' | 'expired' | 'rejected';

/** An event about one order from the broker: a fill (full or partial), or a terminal non-fill. */
export interface Execution {
  readonly clientOrderId: string;
  readonly correlationId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly status: OrderStatus;
  /** Contracts filled by this event (0 for non-fills). */
  readonly fillQty: number;
  /** Price per share of this fill (undefined for non-fills). */
  readonly fillPrice?: number;
  /** Contracts filled so far on the order. */
  readonly cumQty: number;
  /** Volume-weighted average price per share of every fill so far (undefined before the first). */
  readonly avgFillPrice?: number;
  /** Commissions and fees charged for this event, dollars. */
  readonly fees: number;
  readonly ts: number;
  /** Machine-readable reason for rejects, cancels, expiries and broker-initiated orders. */
  readonly reason?: string;
}
