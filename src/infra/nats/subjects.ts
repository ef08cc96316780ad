/**
 * Every NATS subject, stream, consumer and message id Thetis uses, built in this one place. A
 * namespace (default `thetis`) prefixes them all, so several engines (or test runs) share a server
 * without meeting.
 *
 *   <ns>.orders.submit.<UNDERLYING>   order commands: submit (msg id = the client order id)
 *   <ns>.orders.cancel.<UNDERLYING>   order commands: cancel (msg id = `<client order id>:cancel`)
 *   <ns>.executions.<UNDERLYING>      executions (msg id = `<client order id>:<status>:<cumQty>`)
 *   <ns>.bars.<UNDERLYING>            1-minute bars for the engine (msg id = `<UNDERLYING>:<open time>`)
 */
export interface Subjects {
  readonly namespace: string;
  readonly ordersStream: string;
  readonly executionsStream: string;
  readonly barsStream: string;
  /** Every order command. */
  readonly orders: string;
  /** Every execution. */
  readonly executions: string;
  /** Every bar. */
  readonly bars: string;
  /** The executor's durable consumer of order commands. */
  readonly executorConsumer: string;
  /** The engine's durable consumer of executions. */
  readonly engineConsumer: string;
  /** Where the engine asks the executor for the venue's mass status (request/reply, not JetStream). */
  readonly brokerStatus: string;
  /** The queue group the executors answer `brokerStatus` in: one answer per request. */
  readonly brokerStatusQueue: string;
  /** The engine's durable consumer of bars. */
  readonly engineBarsConsumer: string;
  submit(underlying: string): string;
  cancel(underlying: string): string;
  execution(underlying: string): string;
  bar(underlying: string): string;
}

const NAMESPACE = /^[a-z][a-z0-9_-]{0,31}$/;
/** A token for an underlying: NATS subjects split on '.', so BRK.B becomes BRK_B. */
const token = (underlying: string): string => (underlying.length === 0 ? '_' : underlying.replace(/[.*>\s]/g, '_'));

export function subjects(namespace = 'thetis'): Subjects {
  if (!NAMESPACE.test(namespace)) throw new Error(`NATS namespace '${namespace}' must match ${NAMESPACE}`);
  const upper = namespace.toUpperCase().replace(/-/g, '_');
  return Object.freeze({
    namespace,
    ordersStream: `${upper}_ORDERS`,
    executionsStream: `${upper}_EXECUTIONS`,
    barsStream: `${upper}_BARS`,
    orders: `${namespace}.orders.>`,
    executions: `${namespace}.executions.>`,
    bars: `${namespace}.bars.>`,
    executorConsumer: 'executor',
    engineConsumer: 'engine',
    brokerStatus: `${namespace}.broker.status`,
    brokerStatusQueue: 'executor',
    engineBarsConsumer: 'engine-bars',
    submit: (u: string) => `${namespace}.orders.submit.${token(u)}`,
    cancel: (u: string) => `${namespace}.orders.cancel.${token(u)}`,
    execution: (u: string) => `${namespace}.executions.${token(u)}`,
    bar: (u: string) => `${namespace}.bars.${token(u)}`,
  });
}

/** JetStream's Nats-Msg-Id of each message: deterministic, so a retry or a replay is deduplicated. */
export const msgIds = {
  submit: (clientOrderId: string) => clientOrderId,
  cancel: (clientOrderId: string) => `${clientOrderId}:cancel`,
  execution: (e: { readonly clientOrderId: string; readonly status: string; readonly cumQty: number }) => `${e.clientOrderId}:${e.status}:${e.cumQty}`,
  bar: (b: { readonly symbol: string; readonly ts: number }) => `${b.symbol}:${b.ts}`,
} as const;
