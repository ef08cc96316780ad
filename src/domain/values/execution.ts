import type { OrderSide } from './order.js';

/** One leg of a multi-leg fill: the contracts of that leg this event filled and their price per share. */
export interface LegFill {
  readonly symbol: string;
  readonly side: OrderSide;
  /** Contracts of this leg filled by this event (units × the leg's ratio). */
  readonly qty: number;
  readonly price: number;
}

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
  /**
   * A multi-leg order's fill, leg by leg (absent otherwise): the quantities and prices above are
   * then the net (units, net price per share), and Σ over legs of ±ratio × price (+ for a leg on
   * the order's net side) equals fillPrice.
   */
  readonly legs?: readonly LegFill[];
}
