/**
 * Traces through OpenTelemetry: one NodeTracerProvider per service (engine, executor), spans
 * batched (BatchSpanProcessor) to the OTLP/HTTP exporter named by OTEL_EXPORTER_OTLP_ENDPOINT
 * (…/v1/traces) or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, service OTEL_SERVICE_NAME.
 *
 * Sampling (parent-based): a span with a parent follows it (a traceparent from NATS included). The
 * roots: a bar span is kept at the ratio (OTEL_TRACES_SAMPLER_ARG, `--trace-ratio`; default 0.1),
 * decided here before anything is allocated (an unsampled bar costs one random number); every
 * other root is kept — they start the chains that produce an order: an `order` of an unsampled bar
 * (with the bar's ticker, time and correlation id as attributes), an `exit`, a broker's own event.
 *
 * Nothing is silent: spans that do not fit the queue (`maxQueueSize` awaiting export) are dropped
 * and counted, and so are spans whose export failed: `thetis_trace_spans_dropped{reason}`, beside
 * `thetis_trace_spans_exported`, on the process's MeterProvider. `shutdown()` flushes.
 *
 * The provider is not registered globally: contexts travel explicitly (the actors' messages, NATS
 * headers), so an engine and an executor in one process keep their own service names.
 */
import { ROOT_CONTEXT, SpanKind as OtelSpanKind, SpanStatusCode, TraceFlags, trace, type Attributes, type Link, type Meter, type Span, type SpanContext, type Tracer } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AlwaysOnSampler, BatchSpanProcessor, ParentBasedSampler, type ReadableSpan, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { TraceContext } from '../../actors/messages.js';
import { NOOP_SPAN, ThetisAttr, type SpanAttributes, type SpanKind, type SpanOptions, type TraceSpan, type TracingPort } from '../../actors/ports/tracing.js';

export const DEFAULT_SAMPLE_RATIO = 0.1;
export const DEFAULT_MAX_QUEUE_SIZE = 2_048;
/** How long a shutdown waits for the last spans to be exported. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 3_000;
/** How long one export may take (OTLP/HTTP, retries included). */
export const EXPORT_TIMEOUT_MS = 5_000;

export interface TracingSettings {
  readonly serviceName: string;
  /** Bars kept, 0..1. */
  readonly ratio: number;
  /** The OTLP/HTTP traces URL (…/v1/traces); ignored when `exporter` is given. */
  readonly url?: string;
  /** Another exporter (tests, the bench). */
  readonly exporter?: SpanExporter;
  /** Spans awaiting export at most; more are dropped (counted). Default 2048. */
  readonly maxQueueSize?: number;
  /** How often a batch goes out (ms; default OTEL_BSP_SCHEDULE_DELAY or 5000). */
  readonly scheduledDelayMs?: number;
  readonly maxExportBatchSize?: number;
}

/** A ratio 0..1 from text, or a clear error. */
export function parseRatio(text: string, what: string): number {
  const r = Number(text);
  if (text.trim() === '' || !Number.isFinite(r) || r < 0 || r > 1) throw new RangeError(`${what} must be a number from 0 to 1, got "${text}"`);
  return r;
}

/** The service's name in traces and metrics: OTEL_SERVICE_NAME, else the process's default (`thetis-engine`, `thetis-executor`). */
export function serviceNameFromEnv(env: NodeJS.ProcessEnv, defaultServiceName: string): string {
  return env.OTEL_SERVICE_NAME?.trim() || defaultServiceName;
}

/**
 * Tracing settings from the standard variables; undefined (tracing off) unless an OTLP endpoint is
 * set, or OTEL_SDK_DISABLED=true / OTEL_TRACES_EXPORTER=none. `ratio` (e.g. `--trace-ratio`) wins over
 * OTEL_TRACES_SAMPLER_ARG.
 */
export function tracingSettingsFromEnv(env: NodeJS.ProcessEnv, defaultServiceName: string, ratio?: number): TracingSettings | undefined {
  if (env.OTEL_SDK_DISABLED?.toLowerCase() === 'true' || env.OTEL_TRACES_EXPORTER?.toLowerCase() === 'none') return undefined;
  const url = tracesUrl(env);
  if (url === undefined) return undefined;
  const arg = env.OTEL_TRACES_SAMPLER_ARG;
  const delay = env.OTEL_BSP_SCHEDULE_DELAY;
  return {
    serviceName: serviceNameFromEnv(env, defaultServiceName),
    ratio: ratio ?? (arg === undefined || arg.trim() === '' ? DEFAULT_SAMPLE_RATIO : parseRatio(arg, 'OTEL_TRACES_SAMPLER_ARG')),
    url,
    ...(delay === undefined || !(Number(delay) > 0) ? {} : { scheduledDelayMs: Number(delay) }),
  };
}

function tracesUrl(env: NodeJS.ProcessEnv): string | undefined {
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (traces) return traces;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if (!base) return undefined;
  return `${base.replace(/\/+$/, '')}/v1/traces`;
}

/** Spans ended (sampled), exported, dropped for want of room in the queue, and lost in failed exports. */
export interface TracingStats {
  ended: number;
  exported: number;
  dropped: number;
  failed: number;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** A W3C traceparent's span context (remote); undefined when it is not one. */
export function spanContextOf(t: TraceContext | undefined): SpanContext | undefined {
  const m = t?.traceparent === undefined ? null : TRACEPARENT.exec(t.traceparent);
  if (m === null) return undefined;
  const [, traceId, spanId, flags] = m as unknown as [string, string, string, string];
  if (/^0+$/.test(traceId) || /^0+$/.test(spanId)) return undefined;
  return { traceId, spanId, traceFlags: parseInt(flags, 16), isRemote: true };
}

export function traceparentOf(c: SpanContext): string {
  return `00-${c.traceId}-${c.spanId}-${(c.traceFlags & 0xff).toString(16).padStart(2, '0')}`;
}

const KINDS: Record<SpanKind, OtelSpanKind> = {
  internal: OtelSpanKind.INTERNAL,
  producer: OtelSpanKind.PRODUCER,
  consumer: OtelSpanKind.CONSUMER,
  client: OtelSpanKind.CLIENT,
  server: OtelSpanKind.SERVER,
};

function attributes(a: SpanAttributes | undefined): Attributes | undefined {
  if (a === undefined) return undefined;
  const out: Attributes = {};
  for (const k in a) {
    const v = a[k];
    if (v !== undefined) out[k] = (Array.isArray(v) ? [...(v as readonly string[])] : v) as Attributes[string];
  }
  return out;
}

class RecordedSpan implements TraceSpan {
  readonly recording = true;
  #trace: TraceContext | undefined;
  constructor(private readonly span: Span) {}
  get trace(): TraceContext {
    return (this.#trace ??= { traceparent: traceparentOf(this.span.spanContext()) });
  }
  set(a: SpanAttributes): void {
    this.span.setAttributes(attributes(a) ?? {});
  }
  event(name: string, a?: SpanAttributes): void {
    this.span.addEvent(name, attributes(a));
  }
  fail(reason: string): void {
    this.span.setStatus({ code: SpanStatusCode.ERROR, message: reason });
  }
  end(): void {
    this.span.end();
  }
}

/** A parent that was not sampled: nothing recorded, its context passed on (parent-based, across processes too). */
function passThrough(t: TraceContext): TraceSpan {
  return { ...NOOP_SPAN, trace: t };
}

/** Counts what the exporter took and what it failed to take. */
class CountingExporter implements SpanExporter {
  constructor(
    private readonly inner: SpanExporter,
    private readonly stats: TracingStats,
  ) {}
  export(spans: ReadableSpan[], done: (r: ExportResult) => void): void {
    this.inner.export(spans, (r) => {
      if (r.code === ExportResultCode.SUCCESS) this.stats.exported += spans.length;
      else this.stats.failed += spans.length;
      done(r);
    });
  }
  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

/**
 * In front of the BatchSpanProcessor: a span is taken only while fewer than `max` await export
 * (queued or in an export under way), so the batch processor's own queue (as large) never
 * overflows silently: the overflow is dropped here, and counted.
 */
class BoundedProcessor implements SpanProcessor {
  constructor(
    private readonly inner: SpanProcessor,
    private readonly stats: TracingStats,
    private readonly max: number,
  ) {}
  onStart(span: Parameters<SpanProcessor['onStart']>[0], parent: Parameters<SpanProcessor['onStart']>[1]): void {
    this.inner.onStart(span, parent);
  }
  onEnd(span: ReadableSpan): void {
    if ((span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
    const s = this.stats;
    if (s.ended - s.exported - s.failed >= this.max) {
      s.dropped += 1;
      return;
    }
    s.ended += 1;
    this.inner.onEnd(span);
  }
  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }
  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}

/** The OpenTelemetry adapter of the actors' TracingPort (and of the NATS side's spans). */
export class Tracing implements TracingPort {
  readonly enabled = true;
  readonly stats: TracingStats = { ended: 0, exported: 0, dropped: 0, failed: 0 };
  readonly ratio: number;
  readonly serviceName: string;
  readonly #provider: NodeTracerProvider;
  readonly #tracer: Tracer;
  #closed = false;

  constructor(settings: TracingSettings, meter?: Meter) {
    if (!(settings.ratio >= 0 && settings.ratio <= 1)) throw new RangeError('the trace sampling ratio must be from 0 to 1');
    this.ratio = settings.ratio;
    this.serviceName = settings.serviceName;
    const exporter = settings.exporter ?? new OTLPTraceExporter({ timeoutMillis: EXPORT_TIMEOUT_MS, ...(settings.url === undefined ? {} : { url: settings.url }) });
    const max = settings.maxQueueSize ?? DEFAULT_MAX_QUEUE_SIZE;
    const batch = new BatchSpanProcessor(new CountingExporter(exporter, this.stats), {
      maxQueueSize: max,
      maxExportBatchSize: Math.min(max, settings.maxExportBatchSize ?? 512),
      ...(settings.scheduledDelayMs === undefined ? {} : { scheduledDelayMillis: settings.scheduledDelayMs }),
    });
    this.#provider = new NodeTracerProvider({
      resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: settings.serviceName }),
      sampler: new ParentBasedSampler({ root: new AlwaysOnSampler() }),
      spanProcessors: [new BoundedProcessor(batch, this.stats, max)],
    });
    this.#tracer = this.#provider.getTracer('thetis');
    if (meter !== undefined) this.observe(meter);
  }

  /** Spans lost: dropped for want of room, or in exports that failed. */
  get droppedSpans(): number {
    return this.stats.dropped + this.stats.failed;
  }

  bar(ticker: string, correlationId: string, barTs: number): TraceSpan {
    if (this.ratio <= 0 || (this.ratio < 1 && Math.random() >= this.ratio)) return NOOP_SPAN;
    return this.#open('bar', undefined, { attributes: { [ThetisAttr.ticker]: ticker, [ThetisAttr.correlationId]: correlationId, [ThetisAttr.barTs]: barTs } });
  }

  start(name: string, parent: TraceContext | undefined, options?: SpanOptions): TraceSpan {
    return this.#open(name, parent, options);
  }

  child(name: string, parent: TraceContext | undefined, options?: SpanOptions): TraceSpan {
    return parent === undefined ? NOOP_SPAN : this.#open(name, parent, options);
  }

  #open(name: string, parent: TraceContext | undefined, o: SpanOptions | undefined): TraceSpan {
    if (this.#closed) return NOOP_SPAN;
    const remote = spanContextOf(parent);
    if (remote !== undefined && (remote.traceFlags & TraceFlags.SAMPLED) === 0) return passThrough(parent as TraceContext);
    const ctx = remote === undefined ? ROOT_CONTEXT : trace.setSpanContext(ROOT_CONTEXT, remote);
    const links: Link[] = [];
    for (const l of o?.links ?? []) {
      const c = spanContextOf(l);
      if (c !== undefined) links.push({ context: c });
    }
    const span = this.#tracer.startSpan(
      name,
      {
        kind: KINDS[o?.kind ?? 'internal'],
        ...(remote === undefined ? { root: true } : {}),
        ...(o?.attributes === undefined ? {} : { attributes: attributes(o.attributes) as Attributes }),
        ...(links.length === 0 ? {} : { links }),
      },
      ctx,
    );
    return new RecordedSpan(span);
  }

  private observe(meter: Meter): void {
    const s = this.stats;
    const service = this.serviceName;
    meter.createObservableCounter('thetis_trace_spans_dropped', { description: 'Spans lost: dropped for want of room in the export queue (queue_full) or in exports that failed (export_failed)' }).addCallback((r) => {
      r.observe(s.dropped, { reason: 'queue_full', service });
      r.observe(s.failed, { reason: 'export_failed', service });
    });
    meter.createObservableCounter('thetis_trace_spans_exported', { description: 'Spans the OTLP exporter delivered' }).addCallback((r) => r.observe(s.exported, { service }));
  }

  /** Exports what is pending (a failed export is counted, not thrown). */
  async flush(): Promise<void> {
    await this.#provider.forceFlush().catch(() => undefined);
  }

  /**
   * Flushes and stops, within `timeoutMs` (a collector that does not answer must not hold a
   * shutdown up: what is still unexported then is counted as failed). Later spans are not recorded.
   */
  async shutdown(timeoutMs = DEFAULT_SHUTDOWN_TIMEOUT_MS): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
      timer.unref();
    });
    const done = (async () => {
      await this.#provider.forceFlush().catch(() => undefined);
      await this.#provider.shutdown().catch(() => undefined);
      return true as const;
    })();
    const finished = await Promise.race([done, timedOut]);
    clearTimeout(timer);
    if (!finished) {
      const s = this.stats;
      s.failed += Math.max(0, s.ended - s.exported - s.failed);
    }
  }
}

/** Tracing from the environment (see tracingSettingsFromEnv); undefined when off. */
export function tracingFromEnv(env: NodeJS.ProcessEnv, defaultServiceName: string, o: { meter?: Meter; ratio?: number } = {}): Tracing | undefined {
  const settings = tracingSettingsFromEnv(env, defaultServiceName, o.ratio);
  return settings === undefined ? undefined : new Tracing(settings, o.meter);
}
