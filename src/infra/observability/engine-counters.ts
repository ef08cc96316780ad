/**
 * Counting wrappers around the engine's ports: every decision by kind, outcome and reason code,
 * every order sent and every execution received by status, every bar taken. The wrapped port
 * behaves exactly as the inner one.
 */
import type { Meter } from '@opentelemetry/api';
import type { DecisionSink } from '../../actors/ports/decision-sink.js';
import type { OrderGatewayPort } from '../../actors/ports/order-gateway.js';

export interface EngineCounters {
  decisions(inner: DecisionSink): DecisionSink;
  gateway(inner: OrderGatewayPort): OrderGatewayPort;
  barTaken(): void;
}

export function engineCounters(meter: Meter): EngineCounters {
  const decisions = meter.createCounter('thetis_decisions', { description: 'Decisions recorded, by kind and outcome (ok true/false)' });
  const reasons = meter.createCounter('thetis_decision_reasons', { description: 'Reason codes carried by decisions, by kind, outcome and reason' });
  const submitted = meter.createCounter('thetis_orders_submitted', { description: 'Order intents the engine sent to the executor, by effect (open/close)' });
  const cancels = meter.createCounter('thetis_order_cancels_requested', { description: 'Cancels the engine asked for' });
  const executions = meter.createCounter('thetis_order_executions', { description: 'Executions (order states) the engine received, by status' });
  const fills = meter.createCounter('thetis_fills', { description: 'Executions that filled contracts (full or partial fills)' });
  const contracts = meter.createCounter('thetis_filled_contracts', { description: 'Contracts filled, summed over every fill' });
  const bars = meter.createCounter('thetis_bars', { description: 'Bars the engine took from JetStream' });
  // Shown at 0 from the start (a rate needs its first point); labelled by what happens, the others appear with their first event.
  for (const c of [cancels, fills, contracts, bars]) c.add(0);
  for (const effect of ['open', 'close']) submitted.add(0, { effect });
  return {
    decisions: (inner) => ({
      record(event) {
        const ok = String(event.ok);
        decisions.add(1, { kind: event.kind, ok });
        for (const reason of event.reasons) reasons.add(1, { kind: event.kind, ok, reason });
        inner.record(event);
      },
    }),
    gateway: (inner) => ({
      connect: (onExecution) =>
        inner.connect((e, trace) => {
          executions.add(1, { status: e.status });
          if (e.fillQty > 0) {
            fills.add(1);
            contracts.add(e.fillQty);
          }
          onExecution(e, trace);
        }),
      submit: (intent, context, trace) => {
        submitted.add(1, { effect: intent.effect });
        inner.submit(intent, context, trace);
      },
      cancel: (clientOrderId, correlationId, trace) => {
        cancels.add(1);
        inner.cancel(clientOrderId, correlationId, trace);
      },
      ...(inner.settle === undefined ? {} : { settle: () => (inner.settle as () => Promise<boolean>).call(inner) }),
    }),
    barTaken: () => bars.add(1),
  };
}
