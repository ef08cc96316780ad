import type { OrderGatewayPort } from '../../actors/ports/order-gateway.js';
import type { Execution } from '../../domain/values/execution.js';
import type { OrderIntent } from '../../domain/values/order.js';
import type { OptionQuote } from '../../domain/values/quote.js';
import type { SimBroker } from '../sim-broker/broker.js';

/**
 * The executor in the engine's own process, over the simulated broker: intents are submitted
 * against the current quote, and resting orders are worked on every new quote. Executions go
 * straight back to the engine. (The NATS executor replaces this live.)
 */
export class InProcessExecutor implements OrderGatewayPort {
  private onExecution: ((e: Execution) => void) | undefined;

  constructor(
    private readonly broker: SimBroker,
    private readonly quote: (symbol: string, now: number) => OptionQuote | undefined,
    private readonly now: () => number,
  ) {}

  connect(onExecution: (execution: Execution) => void): void {
    this.onExecution = onExecution;
  }

  submit(intent: OrderIntent): void {
    const now = this.now();
    this.emit(this.broker.submit(intent, this.quote(intent.symbol, now), now));
  }

  cancel(clientOrderId: string): void {
    this.emit(this.broker.cancel(clientOrderId, this.now()));
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

  private emit(executions: readonly Execution[]): void {
    if (this.onExecution === undefined) throw new Error('executor not connected');
    for (const e of executions) this.onExecution(e);
  }
}
