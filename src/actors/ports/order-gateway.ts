import type { Execution } from '../../domain/values/execution.js';
import type { OrderIntent } from '../../domain/values/order.js';
import type { EntryContext } from './order-store.js';

/**
 * Where approved order intents go: the in-process executor in backtests, NATS JetStream to
 * the executor live. Executions come back through the handler given to `connect`.
 */
export interface OrderGatewayPort {
  connect(onExecution: (execution: Execution) => void): void;
  /** `context`: an opening order's entry context, kept with the intent where intents are recorded (the outbox). */
  submit(intent: OrderIntent, context?: EntryContext): void;
  /** Cancels a working order; the outcome comes back as an execution (canceled, or a fill that won). */
  cancel(clientOrderId: string, correlationId: string): void;
  /**
   * Waits until every order sent so far has had its answer delivered through `onExecution`, where
   * the executor runs in this process (a backtest over NATS); true when there was something to wait
   * for. Absent where answers come back at once.
   */
  settle?(): Promise<boolean>;
}
