/** The executor's counters (NatsExecutor.stats) and the Alpaca adapter's (AlpacaBroker.counters), read at each scrape. */
import type { Meter } from '@opentelemetry/api';
import type { AlpacaBrokerCounters } from '../alpaca/counters.js';
import { StreamLiveness } from './stream-liveness.js';

export interface ExecutorStats {
  readonly commands: number;
  readonly submitted: number;
  readonly cancels: number;
  readonly executions: number;
  readonly retried: number;
  readonly malformed: number;
  readonly failed: number;
}

export function observeExecutor(meter: Meter, stats: Readonly<ExecutorStats>, broker: { readonly counters: Readonly<AlpacaBrokerCounters> }, tradingStreamLive: () => boolean): void {
  const counter = (name: string, description: string, read: () => number) => meter.createObservableCounter(name, { description }).addCallback((r) => r.observe(read()));
  counter('thetis_executor_commands', 'Order commands the executor took from JetStream', () => stats.commands);
  counter('thetis_executor_submitted', 'Orders the executor submitted to the broker', () => stats.submitted);
  counter('thetis_executor_cancels', 'Cancels the executor sent to the broker', () => stats.cancels);
  counter('thetis_executor_executions_published', 'Executions the executor published (new ones, not duplicates)', () => stats.executions);
  counter('thetis_executor_retried', 'Commands left for redelivery (the broker was unavailable)', () => stats.retried);
  counter('thetis_executor_failed', 'Commands that failed', () => stats.failed);
  counter('thetis_executor_malformed', 'Commands that could not be read', () => stats.malformed);
  counter('thetis_broker_orders_placed', 'Orders the broker accepted (POST answered 2xx)', () => broker.counters.placed);
  counter('thetis_broker_orders_rejected', 'Orders the broker rejected', () => broker.counters.rejected);
  counter('thetis_broker_rate_limited', '429 answers from the broker', () => broker.counters.rateLimited);
  counter('thetis_broker_stream_reconnects', 'Trading stream reconnects', () => broker.counters.reconnects);
  counter('thetis_broker_stream_disconnects', 'Trading stream disconnects', () => broker.counters.streamDisconnects);
  meter.createObservableCounter('thetis_broker_trade_events', { description: 'trade_updates events received, by event' }).addCallback((r) => {
    for (const [event, n] of Object.entries(broker.counters.events)) r.observe(n, { event });
  });
  meter.createObservableGauge('thetis_broker_stream_live', { description: '1 while the trading stream is authorized and listening' }).addCallback((r) => r.observe(tradingStreamLive() ? 1 : 0));
}

/** The trading stream is live once it listened (a reconciliation ran after `listen`) and no disconnect came after the last reconnect. */
export function tradingStreamLiveness(broker: { readonly counters: Readonly<AlpacaBrokerCounters> }): () => boolean {
  const stream = new StreamLiveness(() => ({ drops: broker.counters.streamDisconnects, recoveries: broker.counters.reconnects }));
  return () => stream.live() && broker.counters.reconciliations > 0;
}
