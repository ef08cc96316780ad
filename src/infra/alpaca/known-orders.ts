import { isTerminal } from '../../domain/orders/lifecycle.js';
import type { Execution, OrderStatus } from '../../domain/values/execution.js';

interface KnownOrder {
  readonly correlationId: string;
  /** The last status seen; undefined until Alpaca has answered for the order. */
  status: OrderStatus | undefined;
  /** The cumulative fills last told (an mleg parent's next fill is worked out from them). */
  progress: { readonly cumQty: number; readonly avgFillPrice?: number } | undefined;
}

/** How many orders to remember before forgetting the oldest finished ones. */
export const MAX_KNOWN_ORDERS = 10_000;

/**
 * The orders the adapter knows: every intent it submitted (with its correlation id) and every
 * order Alpaca reported, with the last status seen. Working orders are the ones reconciled after
 * a stream reconnect. Insertion-ordered, so the oldest finished orders are forgotten first.
 */
export class KnownOrders {
  readonly #orders = new Map<string, KnownOrder>();

  /** Remembers a submitted intent before its POST, so a stream event that beats the answer finds its correlation id. */
  submitted(clientOrderId: string, correlationId: string): void {
    if (!this.#orders.has(clientOrderId)) this.#orders.set(clientOrderId, { correlationId, status: undefined, progress: undefined });
    this.#prune();
  }

  /** The correlation id of the intent behind the order, else (an order Thetis did not place) the client order id. */
  correlationId(clientOrderId: string): string {
    return this.#orders.get(clientOrderId)?.correlationId ?? clientOrderId;
  }

  /** The cumulative fills last told for the order (undefined: none told yet). */
  progress(clientOrderId: string): { readonly cumQty: number; readonly avgFillPrice?: number } | undefined {
    return this.#orders.get(clientOrderId)?.progress;
  }

  /** Records the status and cumulative fills an Execution reports. */
  saw(execution: Execution): void {
    const progress = { cumQty: execution.cumQty, ...(execution.avgFillPrice === undefined ? {} : { avgFillPrice: execution.avgFillPrice }) };
    const known = this.#orders.get(execution.clientOrderId);
    if (known) {
      known.status = execution.status;
      known.progress = progress;
    } else this.#orders.set(execution.clientOrderId, { correlationId: execution.correlationId, status: execution.status, progress });
    this.#prune();
  }

  /** Client order ids of orders not known to be finished (unanswered submits included). */
  working(): string[] {
    return [...this.#orders].filter(([, o]) => o.status === undefined || !isTerminal(o.status)).map(([id]) => id);
  }

  get size(): number {
    return this.#orders.size;
  }

  #prune(): void {
    if (this.#orders.size <= MAX_KNOWN_ORDERS) return;
    for (const [id, o] of this.#orders) {
      if (this.#orders.size <= MAX_KNOWN_ORDERS) return;
      if (o.status !== undefined && isTerminal(o.status)) this.#orders.delete(id);
    }
  }
}
