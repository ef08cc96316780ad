/** The actor runtime's own counters (restarts, dead letters, …), read at each scrape. */
import type { Meter } from '@opentelemetry/api';
import type { RuntimeMetrics } from '../../actors/runtime/index.js';

export function observeRuntime(meter: Meter, runtime: { readonly metrics: Readonly<RuntimeMetrics> }): void {
  const m = runtime.metrics;
  const counter = (name: string, description: string, read: () => number) => meter.createObservableCounter(name, { description }).addCallback((r) => r.observe(read()));
  counter('thetis_actor_restarts', 'Actor crashes answered by a restart within the supervision budget', () => m.restarts);
  counter('thetis_actor_crashes', 'Messages whose handler threw', () => m.crashes);
  counter('thetis_actor_escalations', 'Actor failures handed to the parent (restart budget exhausted)', () => m.escalations);
  counter('thetis_actor_dead_letters', 'Messages nobody handled (stopped or unknown actor, late ask reply)', () => m.deadLetters);
  meter.createObservableGauge('thetis_actors', { description: 'Actors alive' }).addCallback((r) => r.observe(m.actors));
  meter.createObservableGauge('thetis_actor_mailbox_messages', { description: 'Messages waiting in the actors’ mailboxes (the tree’s mailbox depth)' }).addCallback((r) => r.observe(m.queued));
}
