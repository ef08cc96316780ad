import type { Execution } from '../../domain/values/execution.js';
import type { OrderIntent } from '../../domain/values/order.js';

/**
 * Where approved order intents go: the in-process executor in backtests, NATS JetStream to
 * the executor live. Executions come back through the handler given to `connect`.
 */
export interface OrderGatewayPort {
  connect(onExecution: (execution: Execution) => void): void;
  submit(intent: OrderIntent): void;
  /** Cancels a working order; the outcome comes back as an execution (canceled, or a fill that won). */
  cancel(clientOrderId: string): void;
}
