import type { Execution } from '../../domain/values/execution.js';
import type { OrderIntent } from '../../domain/values/order.js';
import type { BrokerActivity, HeldAtBroker } from './broker-reports.js';

/**
 * A venue that takes orders: the simulated broker in backtests, Alpaca live. The executor is its
 * only caller. Every answer is an Execution carrying the order's cumulative filled quantity and
 * average price, so applying one twice or late changes nothing.
 */
export interface BrokerPort {
  /** For logs and metrics: 'sim', 'alpaca-paper', 'alpaca-live'. */
  readonly name: string;
  /**
   * Places the order. Resolves with what the venue said now: accepted, rejected (with a reason
   * code), or fills at once. A client order id the venue has seen never places a second order: it
   * resolves with that order's current state. Throws BrokerUnavailableError when the outcome is
   * unknown (a timeout or 5xx whose look-up failed too, or rate limiting past its retries): the
   * executor retries later, looking the order up first.
   */
  submit(intent: OrderIntent): Promise<readonly Execution[]>;
  /**
   * Asks to cancel a working order: the outcome comes now (canceled) or later through `onExecution`.
   * An unknown order answers []; one already finished, its final state where the venue's stream can
   * miss events (Alpaca: the stream may have been down when it filled), else [] (the simulated venue).
   */
  cancel(clientOrderId: string): Promise<readonly Execution[]>;
  /** The order's current state (cumulative), or undefined when the venue never saw it. */
  lookup(clientOrderId: string): Promise<Execution | undefined>;
  /** Every order still working at the venue (after a stream reconnect, to reconcile). */
  openOrders(): Promise<readonly Execution[]>;
  /**
   * Every position the venue holds now (options, and stock an exercise or assignment left), signed.
   * Throws BrokerUnavailableError when the venue cannot say (never a partial list).
   */
  positions(): Promise<readonly HeldAtBroker[]>;
  /**
   * What the venue did to positions by itself at or after `since` (epoch ms), oldest first:
   * exercises, assignments and expiries, and fills of orders Thetis did not place. A venue that
   * dates an activity by day only reports it from the day of `since` on (a few too many rather than
   * one missed). Throws BrokerUnavailableError when the venue cannot say.
   */
  activities(since: number): Promise<readonly BrokerActivity[]>;
  /** Where the venue reports later events: fills of resting orders, cancels, expiries. */
  onExecution(handler: (execution: Execution) => void): void;
  /**
   * Where the venue says it can no longer report what happens to orders (its stream refused the
   * keys and will not come back): the executor stops, to be restarted. Absent where that cannot happen.
   */
  onFault?(handler: (reason: string) => void): void;
  close(): Promise<void>;
}

/** The venue could not be reached or did not answer in time: the outcome is unknown, retry after a look-up. */
export class BrokerUnavailableError extends Error {
  override readonly name = 'BrokerUnavailableError';
  constructor(
    message: string,
    /** How long to wait before retrying, when the venue said (429 Retry-After), ms. */
    readonly retryAfterMs?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
