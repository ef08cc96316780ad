import type { Execution, OrderStatus } from '../../domain/values/execution.js';
import type { OrderIntent } from '../../domain/values/order.js';
import type { ScaleInPlan } from '../../domain/intents/add.js';
import type { PremiumStructure } from '../../domain/values/structure.js';
import type { Exposure } from '../../domain/portfolio/exposure.js';

/**
 * What an opening order's entry needs to be taken up again after a restart (its underlying actor's
 * memory of it), kept with the intent: the risk it reserved, and the underlying price and implied
 * volatility at the decision (the position's stops and vol exits start from them).
 */
export interface EntryContext {
  readonly exposure: Exposure;
  readonly entryUnderlying: number;
  readonly entryIv?: number;
  /** Scaling in: the entry is the first tranche, and what the position may add once it confirms. */
  readonly scaleIn?: ScaleInPlan;
  /** Premium selling: the structure the order sells. */
  readonly structure?: PremiumStructure;
}

/** An order as the store knows it: the intent and how far the broker's executions have taken it. */
export interface StoredOrder {
  readonly intent: OrderIntent;
  readonly status: OrderStatus;
  /** Contracts filled so far. */
  readonly cumQty: number;
  /** Volume-weighted average price per share of the fills so far (undefined before the first). */
  readonly avgFillPrice?: number;
  /** Whether the intent was handed to the transport (or the broker has reported on it). */
  readonly published: boolean;
  /** An opening order's entry context (absent for closing orders, and for rows written before it existed). */
  readonly context?: EntryContext;
}

/** What `applyExecution` did with an execution. */
export interface ExecutionApplied {
  /** The store holds an intent with this client order id (false: a broker-initiated or foreign order). */
  readonly known: boolean;
  /**
   * The execution told something new and was stored: the order moved forward (known), or it was
   * stored for the first time (unknown). False for a duplicate, a late one or an older snapshot.
   */
  readonly news: boolean;
}

/**
 * Order intents and their executions, the outbox of the order path: an intent is recorded before
 * it is published, so a crash between the two publishes it again on restart, with the same id.
 */
export interface OrderStore {
  /** Records an intent as pending and unpublished; true when new, false when its client order id was already recorded (the first one stands). */
  recordIntent(intent: OrderIntent, context?: EntryContext): Promise<boolean>;
  /** Flags a recorded intent as taken by the transport (idempotent; the first time stands). Throws for an id never recorded. */
  markPublished(clientOrderId: string): Promise<void>;
  /** Intents recorded but not yet published, oldest first (by intent time, then write order): what a restart publishes again. */
  unpublished(): Promise<OrderIntent[]>;
  /**
   * Stores an execution once and moves its order's status, filled quantity and average price
   * forward only (a duplicate, a late partial or an older snapshot changes nothing).
   */
  applyExecution(execution: Execution): Promise<ExecutionApplied>;
  /** Orders not yet in a terminal status (pending, accepted, partially filled), oldest first. */
  workingOrders(): Promise<StoredOrder[]>;
  /** One order by client order id. */
  order(clientOrderId: string): Promise<StoredOrder | undefined>;
  /** Opening orders with an entry context, from `since` (intent time) on, oldest first: what a restart may have to take up again. */
  entriesSince(since: number): Promise<StoredOrder[]>;
  /** Every share order of the delta hedge (`th-TICKER-ts-h` / `-u`), oldest first: what a restart restores the hedge from. */
  hedgeOrders(): Promise<StoredOrder[]>;
}
