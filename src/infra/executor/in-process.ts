import type { BrokerReports, MassStatus, MassStatusRequest } from '../../actors/ports/broker-reports.js';
import type { OrderGatewayPort } from '../../actors/ports/order-gateway.js';
import type { Execution } from '../../domain/values/execution.js';
import type { OrderIntent } from '../../domain/values/order.js';
import type { OptionQuote } from '../../domain/values/quote.js';
import type { SimBroker } from '../sim-broker/broker.js';
import { massStatusOf } from './mass-status.js';
import { SimVenue } from './sim-venue.js';

/**
 * The executor in the engine's own process, over the simulated broker, with no transport between:
 * an intent is submitted at once and its executions go straight back to the engine (the backtest's
 * default, needing no server). `thetis backtest --executor nats` puts JetStream in between. It
 * gives the venue's mass status straight from the simulated broker too.
 */
export class InProcessExecutor implements OrderGatewayPort, BrokerReports {
  readonly venue: SimVenue;
  private onExecution: ((e: Execution) => void) | undefined;

  constructor(
    broker: SimBroker,
    quote: (symbol: string, now: number) => OptionQuote | undefined,
    private readonly now: () => number,
  ) {
    this.venue = new SimVenue(broker, quote, now);
    this.venue.onExecution((e) => this.emit([e]));
  }

  connect(onExecution: (execution: Execution) => void): void {
    this.onExecution = onExecution;
  }

  submit(intent: OrderIntent): void {
    this.emit(this.venue.submitNow(intent));
  }

  cancel(clientOrderId: string): void {
    this.emit(this.venue.cancelNow(clientOrderId));
  }

  /** Offers each working order's contract its current quote (call once per simulated minute). */
  work(now: number): void {
    this.venue.work(now);
  }

  massStatus(request: MassStatusRequest): Promise<MassStatus> {
    return massStatusOf(this.venue, request, this.now);
  }

  /** Day orders expire at the close. */
  endOfDay(now: number): void {
    this.venue.endOfDay(now);
  }

  private emit(executions: readonly Execution[]): void {
    if (this.onExecution === undefined) throw new Error('executor not connected');
    for (const e of executions) this.onExecution(e);
  }
}
