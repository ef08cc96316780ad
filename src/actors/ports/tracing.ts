/**
 * Tracing as the actors see it: spans started and ended through this port, their context carried
 * in the messages' `trace` field (a W3C traceparent). The OpenTelemetry adapter lives in
 * src/infra/observability/tracing.ts; the default (backtests) is NOOP_TRACING, which records
 * nothing and allocates nothing.
 *
 * Sampling is the adapter's: a bar span (`bar`) is a root kept at the sampling ratio, decided
 * before anything is allocated; a span given a parent follows it (parent-based); a span started
 * with no parent (`start(name, undefined)`) is a root that is always kept — the roots of chains that
 * produce an order (an `order` of an unsampled bar, an `exit`, a broker's own event).
 */
import type { TraceContext } from '../messages.js';

export type SpanKind = 'internal' | 'producer' | 'consumer' | 'client' | 'server';
export type SpanAttributes = Readonly<Record<string, string | number | boolean | readonly string[] | undefined>>;

export interface SpanOptions {
  readonly kind?: SpanKind;
  readonly attributes?: SpanAttributes;
  /** Spans this one is related to without being their child (e.g. the sampled bar an exit followed). */
  readonly links?: readonly (TraceContext | undefined)[];
}

export interface TraceSpan {
  /** What a child (another actor, another process) continues from; undefined when nothing is recorded. */
  readonly trace: TraceContext | undefined;
  readonly recording: boolean;
  set(attributes: SpanAttributes): void;
  event(name: string, attributes?: SpanAttributes): void;
  /** Marks the span failed (status ERROR) with a short reason (a reason code, never a secret). */
  fail(reason: string): void;
  end(): void;
}

export interface TracingPort {
  /** False for the no-op: callers skip building attributes. */
  readonly enabled: boolean;
  /** A bar's root span, recorded at the sampling ratio; NOOP_SPAN (nothing allocated) when not sampled. */
  bar(ticker: string, correlationId: string, barTs: number): TraceSpan;
  /**
   * A child of `parent` (recorded when the parent was); with no parent, a root that is always
   * recorded (a chain that produces an order is kept whatever the bar's sampling).
   */
  start(name: string, parent: TraceContext | undefined, options?: SpanOptions): TraceSpan;
  /** A child of `parent` only: NOOP_SPAN when there is no parent (nothing to continue). */
  child(name: string, parent: TraceContext | undefined, options?: SpanOptions): TraceSpan;
}

/** Thetis's span attribute names (OpenTelemetry's own are used where one exists). */
export const ThetisAttr = {
  ticker: 'thetis.ticker',
  optionSymbol: 'thetis.option_symbol',
  clientOrderId: 'thetis.client_order_id',
  reasons: 'thetis.reasons',
  correlationId: 'thetis.correlation_id',
  positionId: 'thetis.position_id',
  barTs: 'thetis.bar.ts',
  effect: 'thetis.order.effect',
  side: 'thetis.order.side',
  qty: 'thetis.order.qty',
  status: 'thetis.order.status',
  sampled: 'thetis.bar.sampled',
} as const;

export const NOOP_SPAN: TraceSpan = Object.freeze({
  trace: undefined,
  recording: false,
  set: () => undefined,
  event: () => undefined,
  fail: () => undefined,
  end: () => undefined,
});

export const NOOP_TRACING: TracingPort = Object.freeze({
  enabled: false,
  bar: () => NOOP_SPAN,
  start: () => NOOP_SPAN,
  child: () => NOOP_SPAN,
});

/** `trace` as a message field: spread into a message only when there is one. */
export function traceField(trace: TraceContext | undefined): { trace?: TraceContext } {
  return trace === undefined ? {} : { trace };
}
