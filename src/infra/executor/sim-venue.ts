import type { BrokerPort } from '../../actors/ports/broker.js';
import type { BrokerActivity, HeldAtBroker } from '../../actors/ports/broker-reports.js';
import type { Execution } from '../../domain/values/execution.js';
import type { OrderIntent } from '../../domain/values/order.js';
import type { OptionQuote } from '../../domain/values/quote.js';
import type { SimBroker } from '../sim-broker/broker.js';
import type { Settlement } from '../sim-broker/ledger.js';

/**
 * The simulated broker as a venue: orders are submitted against the current quote, and resting
 * orders are worked on every new quote (`work`, once per simulated minute) and expire at the close
 * (`endOfDay`); what happens then is reported through `onExecution`, as Alpaca's stream would.
 * The `…Now` calls answer at once, for the in-process executor.
 */
export class SimVenue implements BrokerPort {
  readonly name = 'sim';
  private handler: ((e: Execution) => void) | undefined;

  constructor(
    readonly broker: SimBroker,
    private readonly quote: (symbol: string, now: number) => OptionQuote | undefined,
    private readonly now: () => number,
  ) {}

  submitNow(intent: OrderIntent): Execution[] {
    const now = this.now();
    if (intent.legs === undefined) return this.broker.submit(intent, this.quote(intent.symbol, now), now);
    return this.broker.submit(intent, intent.legs.flatMap((l) => this.quote(l.symbol, now) ?? []), now);
  }

  cancelNow(clientOrderId: string): Execution[] {
    return this.broker.cancel(clientOrderId, this.now());
  }

  submit(intent: OrderIntent): Promise<readonly Execution[]> {
    return Promise.resolve(this.submitNow(intent));
  }

  cancel(clientOrderId: string): Promise<readonly Execution[]> {
    return Promise.resolve(this.cancelNow(clientOrderId));
  }

  lookup(clientOrderId: string): Promise<Execution | undefined> {
    return Promise.resolve(this.broker.lookup(clientOrderId, this.now()));
  }

  openOrders(): Promise<readonly Execution[]> {
    return Promise.resolve(this.broker.openOrders(this.now()));
  }

  positions(): Promise<readonly HeldAtBroker[]> {
    const options = this.broker.positions().map((p) => Object.freeze({ symbol: p.contract.symbol, qty: p.qty, avgEntryPrice: p.avgPrice }));
    const shares = this.broker.stockPositions().map((p) => Object.freeze({ symbol: p.symbol, qty: p.qty, avgEntryPrice: p.avgPrice }));
    return Promise.resolve([...options, ...shares]);
  }

  /** The settlements at expiry since then; foreign fills cannot happen here (only the engine places orders). */
  activities(since: number): Promise<readonly BrokerActivity[]> {
    return Promise.resolve(this.broker.settlementsSince(since).map(settlementActivity));
  }

  onExecution(handler: (execution: Execution) => void): void {
    this.handler = handler;
  }

  /** Offers each working order's contract its current quote (call once per simulated minute). */
  work(now: number): void {
    // Only the working orders: the broker keeps every order of the run.
    for (const symbol of this.broker.workingSymbols()) {
      const q = this.quote(symbol, now);
      if (q) this.emit(this.broker.onQuote(q, now));
    }
  }

  /** Day orders expire at the close. */
  endOfDay(now: number): void {
    this.emit(this.broker.endOfDay(now));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private emit(executions: readonly Execution[]): void {
    if (this.handler === undefined) throw new Error('sim venue: nobody takes its executions');
    for (const e of executions) this.handler(e);
  }
}

/**
 * A settlement at expiry as the venue's own activity: out of the money it expired; in the money a
 * long position was exercised and a short one assigned (the shares moved, if any, show in positions()).
 * Either way the option position went to zero, so the change is minus what was held.
 */
export function settlementActivity(s: Settlement): BrokerActivity {
  const kind = s.outcome === 'expired_otm' ? 'expiry' : s.qty > 0 ? 'exercise' : 'assignment';
  return Object.freeze({ id: `sim:${s.symbol}:${s.ts}`, kind, symbol: s.symbol, qty: -s.qty, ...(kind === 'expiry' ? {} : { price: s.intrinsic }), ts: s.ts });
}
