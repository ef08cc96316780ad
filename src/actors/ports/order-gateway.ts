import type { Execution } from '../../domain/values/execution.js';
import type { TraceContext } from '../messages.js';
import type { OrderIntent } from '../../domain/values/order.js';
import type { EntryContext } from './order-store.js';

/**
 * Where approved order intents go: the in-process executor in backtests, NATS JetStream to
 * the executor live. Executions come back through the handler given to `connect`.
 */
export interface OrderGatewayPort {
  /** `trace`: the execution's trace context, where the transport carries one (NATS headers). */
  connect(onExecution: (execution: Execution, trace?: TraceContext) => void): void;
  /**
   * `context`: an opening order's entry context, kept with the intent where intents are recorded (the outbox).
   * `trace`: the decision chain's trace context, carried to the executor where the transport can (NATS headers).
   */
  submit(intent: OrderIntent, context?: EntryContext, trace?: TraceContext): void;
  /** Cancels a working order; the outcome comes back as an execution (canceled, or a fill that won). */
  cancel(clientOrderId: string, correlationId: string, trace?: TraceContext): void;
  /**
   * Waits until every order sent so far has had its answer delivered through `onExecution`, where
   * the executor runs in this process (a backtest over NATS); true when there was something to wait
   * for. Absent where answers come back at once.
   */
  settle?(): Promise<boolean>;
}
