import type { Execution } from '../../domain/values/execution.js';
import type { AlpacaBrokerCounters } from './counters.js';
import { isNotFound, type RestFailure, type RestResult } from './rest.js';
import type { AlpacaOrder } from './wire/order.js';

type Level = 'debug' | 'info' | 'warn' | 'error';

export interface ReconcilerDeps {
  readonly counters: AlpacaBrokerCounters;
  /** Client order ids of the orders not known to be finished. */
  readonly working: () => readonly string[];
  readonly lookup: (clientOrderId: string) => Promise<RestResult<AlpacaOrder>>;
  /** The order as an Execution snapshot, or undefined when it makes no sense (already counted and logged). */
  readonly snapshot: (order: AlpacaOrder) => Execution | undefined;
  readonly emit: (execution: Execution) => void;
  readonly describe: (failure: RestFailure) => string;
  readonly log: (level: Level, obj: Readonly<Record<string, unknown>>, msg: string) => void;
  readonly closed: () => boolean;
}

/**
 * Alpaca does not replay trade_updates after a reconnect, so every (re)subscription is followed
 * by a look-up of each working order and its current state is emitted (cumulative, so a
 * duplicate of what the stream already said changes nothing). One run at a time; a request
 * during a run queues one more run. A failed look-up is counted and leaves the order on the
 * working list; a run with failed look-ups is run again after a backoff (1 s doubling to 30 s)
 * until one passes, so a fill made during a gap is never left unreported. Never throws.
 */
export class Reconciler {
  readonly #deps: ReconcilerDeps;
  #running: Promise<void> | undefined;
  #again = false;
  /** Consecutive runs with a failed look-up. */
  #failedRuns = 0;

  constructor(deps: ReconcilerDeps) {
    this.#deps = deps;
  }

  request(): void {
    if (this.#deps.closed()) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    const failuresBefore = this.#deps.counters.reconcileFailures;
    this.#running = this.#run().finally(() => {
      this.#running = undefined;
      const failed = this.#deps.counters.reconcileFailures > failuresBefore;
      this.#failedRuns = failed ? this.#failedRuns + 1 : 0;
      if (this.#again) {
        this.#again = false;
        this.request();
      } else if (failed && !this.#deps.closed()) {
        const delay = Math.min(30_000, 1_000 * 2 ** (this.#failedRuns - 1));
        this.#deps.log('warn', { retryInMs: delay }, 'alpaca: reconciliation incomplete: running it again');
        setTimeout(() => this.request(), delay).unref();
      }
    });
  }

  /** Resolves when no run is in progress. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async #run(): Promise<void> {
    const { counters, log } = this.#deps;
    counters.reconciliations += 1;
    const working = this.#deps.working();
    log('info', { orders: working.length }, 'alpaca: reconciling working orders through REST');
    for (const clientOrderId of working) {
      if (this.#deps.closed()) return;
      try {
        const found = await this.#deps.lookup(clientOrderId);
        if (this.#deps.closed()) return;
        if (found.ok) {
          const exec = this.#deps.snapshot(found.value);
          if (exec) {
            counters.reconciledOrders += 1;
            this.#deps.emit(exec);
          }
        } else if (isNotFound(found.failure)) {
          log('debug', { clientOrderId }, 'alpaca: working order not at Alpaca (its submit never landed)');
        } else {
          counters.reconcileFailures += 1;
          log('warn', { clientOrderId, failure: this.#deps.describe(found.failure) }, 'alpaca: reconciliation look-up failed');
        }
      } catch (error) {
        counters.reconcileFailures += 1;
        log('error', { clientOrderId, error: error instanceof Error ? error.message : typeof error }, 'alpaca: reconciliation failed');
      }
    }
  }
}
