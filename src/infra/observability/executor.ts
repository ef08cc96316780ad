/** What `thetis executor` observes (and the engine, when the executor runs in its process): its counters, and /readyz: NATS connected, the trading stream authorized. */
import type { Meter } from '@opentelemetry/api';
import type { AlpacaBrokerCounters } from '../alpaca/counters.js';
import type { NatsLink } from '../nats/connection.js';
import { natsCheck } from './checks.js';
import { observeExecutor, tradingStreamLiveness, type ExecutorStats } from './executor-metrics.js';
import { observeNats } from './nats-metrics.js';
import type { Check } from './readiness.js';
import { subjects } from '../nats/subjects.js';

/** The parts of a running executor observed (RunningExecutor has them). */
export interface ExecutorView {
  readonly executor: { readonly stats: Readonly<ExecutorStats> };
  readonly broker: { readonly counters: Readonly<AlpacaBrokerCounters> };
  readonly link: NatsLink;
}

/** Registers the executor's instruments; returns whether its trading stream is live. */
export function observeExecutorView(meter: Meter, e: ExecutorView): () => boolean {
  const live = tradingStreamLiveness(e.broker);
  observeExecutor(meter, e.executor.stats, e.broker, live);
  return live;
}

export function tradingStreamCheck(live: () => boolean): Check {
  return () => (live() ? undefined : 'the trading stream is not authorized and listening');
}

/** `thetis executor` on its own: its instruments, its connection and consumer; returns what /readyz checks. */
export function observeExecutorProcess(meter: Meter, e: ExecutorView, namespace: string): Record<string, Check> {
  const sub = subjects(namespace);
  observeNats(meter, { executor: e.link }, e.link, [{ stream: sub.ordersStream, durable: sub.executorConsumer }]);
  const live = observeExecutorView(meter, e);
  return { nats: natsCheck([e.link]), trading_stream: tradingStreamCheck(live) };
}
