import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOOP_SPAN } from '../../../src/actors/ports/tracing.js';
import { silentLogger } from '../../../src/actors/runtime/logger.js';
import { startTradingSession, type TradingSession } from '../../../src/app/paper.js';
import { loadConfig } from '../../../src/domain/config/index.js';
import { AlpacaStandin } from '../../../src/infra/alpaca-standin/standin.js';
import { openMarket } from '../../../src/infra/market/load.js';
import { connectNats, type NatsLink } from '../../../src/infra/nats/connection.js';
import { NatsOrderGateway } from '../../../src/infra/nats/order-gateway.js';
import { loadNatsSettings } from '../../../src/infra/nats/settings.js';
import type { Execution } from '../../../src/domain/values/execution.js';
import { subjects } from '../../../src/infra/nats/subjects.js';
import { Metrics } from '../../../src/infra/observability/metrics.js';
import { Tracing, tracingSettingsFromEnv } from '../../../src/infra/observability/tracing.js';
import { caughtUp, generatePaperMarket, paceOn, PAPER_KEYS } from '../../app/fixtures/paper.js';
import { eventually } from '../../helpers/eventually.js';
import { dropNamespace, NATS_URL, uniqueNamespace } from '../../helpers/nats.js';
import { freshDatabase, type TestDatabase } from '../db/databases.js';
import { FakeVenue } from '../alpaca/fake-venue.js';
import { intent } from '../alpaca/fixtures.js';
import { OtlpReceiver, SPAN_KIND, type ReceivedSpan } from './otlp-receiver.js';

describe('tracing settings and sampling', () => {
  it('is off without an OTLP endpoint; reads the standard variables', () => {
    expect(tracingSettingsFromEnv({}, 'thetis-engine')).toBeUndefined();
    expect(tracingSettingsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318', OTEL_SDK_DISABLED: 'true' }, 'thetis-engine')).toBeUndefined();
    expect(tracingSettingsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318/' }, 'thetis-engine')).toEqual({ serviceName: 'thetis-engine', ratio: 0.1, url: 'http://jaeger:4318/v1/traces' });
    expect(
      tracingSettingsFromEnv({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/custom', OTEL_SERVICE_NAME: 'engine-a', OTEL_TRACES_SAMPLER_ARG: '0.25' }, 'thetis-engine'),
    ).toMatchObject({ serviceName: 'engine-a', ratio: 0.25, url: 'http://c:4318/custom' });
    expect(() => tracingSettingsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_SAMPLER_ARG: '2' }, 'x')).toThrow(/OTEL_TRACES_SAMPLER_ARG/);
  });

  it('keeps bars at the ratio, and every root that starts an order chain; children follow their parent', async () => {
    const exported: ReadableSpan[] = [];
    const exporter: SpanExporter = {
      export: (spans, done) => {
        exported.push(...spans);
        done({ code: 0 });
      },
      shutdown: () => Promise.resolve(),
    };
    const none = new Tracing({ serviceName: 't', ratio: 0, exporter });
    for (let i = 0; i < 1_000; i++) expect(none.bar('SPY', `SPY-${i}`, i)).toBe(NOOP_SPAN);
    const order = none.start('order', undefined, { attributes: { 'thetis.client_order_id': 'th-SPY-1-open' } });
    expect(order.recording).toBe(true);
    const child = none.child('risk.check', order.trace);
    expect(child.trace?.traceparent?.split('-')[1]).toBe(order.trace?.traceparent?.split('-')[1]);
    child.end();
    order.end();
    // An unsampled parent (another process's): nothing recorded, its context passed on.
    const unsampled = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00' };
    expect(none.child('x', unsampled)).toMatchObject({ recording: false, trace: unsampled });
    await none.shutdown();
    expect(exported.map((s) => s.name).sort()).toEqual(['order', 'risk.check']);
    expect(none.stats).toMatchObject({ ended: 2, exported: 2, dropped: 0, failed: 0 });

    const half = new Tracing({ serviceName: 't', ratio: 0.5, exporter: { export: (_s, done) => done({ code: 0 }), shutdown: () => Promise.resolve() }, maxQueueSize: 100_000 });
    let kept = 0;
    for (let i = 0; i < 4_000; i++) {
      const s = half.bar('SPY', `SPY-${i}`, i);
      if (s.recording) kept += 1;
      s.end();
    }
    expect(kept).toBeGreaterThan(1_700);
    expect(kept).toBeLessThan(2_300);
    await half.shutdown();
  });

  it('counts the spans it drops (queue full) and those whose export failed, as a metric on /metrics', async () => {
    const metrics = new Metrics('thetis-engine');
    // The Prometheus text the health server serves at /metrics.
    const server = createServer((req, res) => metrics.serve(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    // An exporter that never answers: the queue (4) fills and the rest are dropped.
    const stuck = new Tracing({ serviceName: 'stuck', ratio: 1, maxQueueSize: 4, maxExportBatchSize: 2, scheduledDelayMs: 10, exporter: { export: () => undefined, shutdown: () => Promise.resolve() } }, metrics.meter);
    for (let i = 0; i < 10; i++) stuck.start('order', undefined).end();
    expect(stuck.stats.dropped).toBe(6);
    // An exporter that fails every export.
    const failing = new Tracing({ serviceName: 'failing', ratio: 1, scheduledDelayMs: 10, exporter: { export: (_s, done) => done({ code: 1, error: new Error('collector down') }), shutdown: () => Promise.resolve() } }, metrics.meter);
    for (let i = 0; i < 3; i++) failing.start('order', undefined).end();
    await failing.flush();
    expect(failing.stats.failed).toBe(3);
    expect(failing.droppedSpans).toBe(3);
    const text = await (await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`)).text();
    expect(text).toMatch(/thetis_trace_spans_dropped(_total)?\{reason="queue_full",service="stuck"\} 6/);
    expect(text).toMatch(/thetis_trace_spans_dropped(_total)?\{reason="export_failed",service="failing"\} 3/);
    await failing.shutdown();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await metrics.shutdown();
  });
});

/**
 * `thetis paper`'s session against the Alpaca stand-in (the paper tests' market: 4 tickers, 2 days)
 * with NATS JetStream, the executor and the database, every bar traced (ratio 1): the spans go over
 * OTLP/HTTP to a receiver in this test.
 */
describe('traces of a paper session', () => {
  let dir: string;
  let standin: AlpacaStandin | undefined;
  let session: TradingSession | undefined;
  let database: TestDatabase | undefined;
  let receiver: OtlpReceiver | undefined;
  let nc: NatsConnection | undefined;
  const tracings: Tracing[] = [];
  const namespace = uniqueNamespace();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'thetis-trace-'));
    await generatePaperMarket(dir);
  });
  afterAll(async () => {
    await session?.stop();
    for (const t of tracings) await t.shutdown();
    await standin?.close();
    await receiver?.close();
    await nc?.close();
    await dropNamespace(NATS_URL, namespace);
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('each order is one trace from the bar through the NATS hop to the broker and back; reason codes on the spans; no secret in any span', async () => {
    const market = await openMarket(dir);
    const tickers = market.tickers.map((t) => t.symbol);
    const s = (standin = await AlpacaStandin.start({ market, keys: PAPER_KEYS, speed: 0, cash: 100_000 }));
    const r = (receiver = await OtlpReceiver.start());
    database = await freshDatabase('sqlite');
    const engineTracing = new Tracing({ serviceName: 'thetis-engine', ratio: 1, url: r.url, scheduledDelayMs: 100, maxQueueSize: 100_000 });
    const executorTracing = new Tracing({ serviceName: 'thetis-executor', ratio: 1, url: r.url, scheduledDelayMs: 100, maxQueueSize: 100_000 });
    tracings.push(engineTracing, executorTracing);
    const live = (session = await startTradingSession({
      config: loadConfig({}),
      tickers,
      alpaca: { ...PAPER_KEYS, live: false, url: s.url, heartbeat: { pingEveryMs: 300, pongWaitMs: 200 } },
      nats: loadNatsSettings({ url: NATS_URL, namespace, ackWaitMs: 5_000 }),
      database: database.settings,
      log: silentLogger,
      executor: 'in-process',
      clock: 'market',
      tracing: { engine: engineTracing, executor: executorTracing },
    }));
    nc = await connect({ servers: NATS_URL });
    const jsm = await jetstreamManager(nc);
    const sub = subjects(namespace);
    paceOn(s, live, jsm, sub);
    while ((await s.step(1)) > 0) await caughtUp(jsm, sub, { session: live, standin: s });
    await session.stop();
    session = undefined;
    await engineTracing.flush();
    await executorTracing.flush();
    await eventually(() => expect(engineTracing.stats.exported + executorTracing.stats.exported).toBe(engineTracing.stats.ended + executorTracing.stats.ended));
    expect(engineTracing.droppedSpans + executorTracing.droppedSpans).toBe(0);

    const spans = r.spans;
    const byId = new Map(spans.map((sp) => [sp.spanId, sp]));
    const parentOf = (sp: ReceivedSpan) => (sp.parentSpanId === undefined ? undefined : byId.get(sp.parentSpanId));
    const rootOf = (sp: ReceivedSpan): ReceivedSpan => {
      let at = sp;
      for (let p = parentOf(at); p !== undefined; p = parentOf(at)) at = p;
      return at;
    };
    const find = (name: string, id: string, service?: string) => spans.filter((sp) => sp.name === name && sp.attributes['thetis.client_order_id'] === id && (service === undefined || sp.service === service));

    const orders = s.trading.broker.orders();
    const entries = orders.filter((o) => o.clientOrderId.endsWith('-open'));
    expect(entries.length).toBeGreaterThan(0);
    expect(orders.some((o) => !o.clientOrderId.endsWith('-open'))).toBe(true);
    for (const o of orders) {
      const id = o.clientOrderId;
      // The engine's PRODUCER span, and the executor's CONSUMER span its child across the NATS hop.
      const [send] = find('send order.submit', id, 'thetis-engine');
      expect(send, `send order.submit of ${id}`).toBeDefined();
      if (send === undefined) continue;
      expect(send.kind).toBe(SPAN_KIND.producer);
      expect(send.attributes).toMatchObject({ 'messaging.system': 'nats', 'messaging.destination.name': sub.submit(id.split('-')[1] as string), 'messaging.message.id': id });
      const consumed = find('process order.submit', id, 'thetis-executor');
      expect(consumed.length).toBeGreaterThan(0);
      for (const c of consumed) {
        expect(c).toMatchObject({ traceId: send.traceId, parentSpanId: send.spanId, kind: SPAN_KIND.consumer });
        expect(c.attributes).toMatchObject({ 'messaging.system': 'nats', 'messaging.destination.name': send.attributes['messaging.destination.name'], 'messaging.message.id': id });
      }
      const consumer = consumed[0] as ReceivedSpan;
      // The broker call (CLIENT) under it, and the execution published back (PRODUCER).
      const broker = find('broker.submit', id, 'thetis-executor');
      expect(broker.length).toBe(1);
      expect(broker[0]).toMatchObject({ traceId: send.traceId, parentSpanId: consumer.spanId, kind: SPAN_KIND.client });
      const published = find('send execution', id, 'thetis-executor');
      expect(published.length).toBeGreaterThan(0);
      for (const p of published) expect(p.traceId).toBe(send.traceId);
      expect(published.some((p) => p.parentSpanId === consumer.spanId)).toBe(true);
      // The engine took each execution back in the same trace, its CONSUMER span the child of the executor's PRODUCER span.
      const taken = find('process execution', id, 'thetis-engine');
      expect(taken.length).toBeGreaterThan(0);
      for (const t of taken) {
        expect(t.kind).toBe(SPAN_KIND.consumer);
        expect(t.traceId).toBe(send.traceId);
        expect(published.map((p) => p.spanId)).toContain(t.parentSpanId);
      }
    }

    for (const o of entries) {
      const id = o.clientOrderId;
      // The decision chain: bar (root) → order → send order.submit; contract selection, sizing and risk check in the trace; reason codes on them.
      const [order] = find('order', id, 'thetis-engine');
      expect(order, `order span of ${id}`).toBeDefined();
      if (order === undefined) continue;
      const bar = rootOf(order);
      expect(bar.name).toBe('bar');
      expect(bar.attributes['thetis.ticker']).toBe(order.attributes['thetis.ticker']);
      expect(bar.attributes['thetis.correlation_id']).toBe(order.attributes['thetis.correlation_id']);
      expect(parentOf(order)).toBe(bar);
      const signalReasons = bar.attributes['thetis.reasons'] as string[];
      expect(signalReasons.length).toBeGreaterThan(0);
      const reasons = order.attributes['thetis.reasons'] as string[];
      expect(reasons.slice(0, signalReasons.length)).toEqual(signalReasons);
      expect(order.attributes).toMatchObject({ 'thetis.option_symbol': o.symbol, 'thetis.client_order_id': id });
      const inTrace = spans.filter((sp) => sp.traceId === bar.traceId);
      for (const name of ['contract.selection', 'sizing']) expect(inTrace.find((sp) => sp.name === name)?.parentSpanId, name).toBe(bar.spanId);
      const risk = inTrace.find((sp) => sp.name === 'risk.check');
      expect(risk?.parentSpanId).toBe(order.spanId);
      expect(risk?.attributes['thetis.risk.ok']).toBe(true);
      expect(inTrace.find((sp) => sp.name === 'contract.selection')?.attributes).toMatchObject({ 'thetis.option_symbol': o.symbol, 'thetis.selection.ok': true });
      expect(inTrace.find((sp) => sp.name === 'sizing')?.attributes).toMatchObject({ 'thetis.order.qty': order.attributes['thetis.order.qty'], 'thetis.sizing.ok': true });
      expect(find('send order.submit', id)[0]?.parentSpanId).toBe(order.spanId);
      // The position's exits and their fills continue the entry's trace.
      if (o.cumQty === 0) continue;
      expect(inTrace.some((sp) => sp.name === 'entry.execution' && sp.attributes['thetis.client_order_id'] === id)).toBe(true);
      const prefix = id.slice(0, -'open'.length);
      for (const exit of orders.filter((x) => x.clientOrderId.startsWith(`${prefix}x`))) {
        const [exitSpan] = find('exit', exit.clientOrderId, 'thetis-engine');
        expect(exitSpan?.traceId, `exit ${exit.clientOrderId}`).toBe(bar.traceId);
        expect((exitSpan?.attributes['thetis.reasons'] as string[]).length).toBeGreaterThan(0);
        expect(find('send order.submit', exit.clientOrderId)[0]?.parentSpanId).toBe(exitSpan?.spanId);
        if (exit.cumQty > 0) expect(inTrace.some((sp) => sp.name === 'exit.execution' && sp.attributes['thetis.client_order_id'] === exit.clientOrderId)).toBe(true);
      }
    }

    // A rejected signal is an event on its sampled bar span, never a span of its own.
    expect(spans.some((sp) => sp.name === 'bar' && sp.events.some((e) => e.name === 'signal.rejected'))).toBe(true);
    expect(spans.some((sp) => sp.name.startsWith('signal'))).toBe(false);
    // The stand-in's keys (a canary secret) appear in no span attribute, nor anywhere in what was exported.
    expect(r.bodies.length).toBeGreaterThan(0);
    for (const body of r.bodies) {
      expect(body).not.toContain(PAPER_KEYS.secret);
      expect(body).not.toContain(PAPER_KEYS.keyId);
    }
  }, 240_000);
});

/**
 * `thetis executor` in its own process, tracing from the standard variables: the engine side (here,
 * the NATS gateway with a tracer) publishes an order command with its traceparent; the executor's
 * spans continue the trace, and the execution it publishes comes back in it.
 */
describe('thetis executor in its own process', () => {
  let proc: ChildProcess | undefined;
  let receiver: OtlpReceiver | undefined;
  let venue: FakeVenue | undefined;
  let link: NatsLink | undefined;
  let gateway: NatsOrderGateway | undefined;
  let engine: Tracing | undefined;
  const namespace = uniqueNamespace();
  afterAll(async () => {
    proc?.kill('SIGKILL');
    await gateway?.stop();
    await link?.drain();
    await engine?.shutdown();
    await venue?.close();
    await receiver?.close();
    await dropNamespace(NATS_URL, namespace);
  });

  it('continues the engine trace across the NATS hop (OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_SERVICE_NAME), and flushes on SIGTERM', async () => {
    const r = (receiver = await OtlpReceiver.start());
    const keys = { keyId: 'PKCANARYTRACE0001', secret: 'canary-trace-secret-5c1e9a' };
    venue = await FakeVenue.start(keys);
    const env = {
      ...process.env,
      NATS_URL,
      NATS_NAMESPACE: namespace,
      APCA_API_KEY_ID: keys.keyId,
      APCA_API_SECRET_KEY: keys.secret,
      OTEL_EXPORTER_OTLP_ENDPOINT: r.url.replace(/\/v1\/traces$/, ''),
      OTEL_SERVICE_NAME: 'executor-under-test',
      OTEL_BSP_SCHEDULE_DELAY: '100',
    };
    const p = (proc = spawn(process.execPath, ['bin/thetis.js', 'executor', '--alpaca-url', venue.restUrl, '--health-port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] }));
    let output = '';
    p.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    p.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    await eventually(() => expect(output).toContain('executor started'), { timeoutMs: 20_000 });
    expect(output).toContain('tracing on');

    engine = new Tracing({ serviceName: 'thetis-engine', ratio: 1, url: r.url, scheduledDelayMs: 100 });
    const settings = loadNatsSettings({ url: NATS_URL, namespace });
    link = await connectNats(settings, 'engine', silentLogger);
    gateway = await NatsOrderGateway.start({ link, subjects: subjects(namespace), settings, log: silentLogger, tracing: engine });
    const received: { e: Execution; trace: string | undefined }[] = [];
    gateway.connect((e, trace) => received.push({ e, trace: trace?.traceparent }));
    const order = intent({ qty: 2, limitPrice: 1.25, reasons: ['TREND_UP', 'CONTRACT_SELECTED'] });
    const root = engine.start('order', undefined, { attributes: { 'thetis.client_order_id': order.clientOrderId } });
    gateway.submit(order, undefined, root.trace);
    root.end();
    await eventually(() => expect(received.length).toBeGreaterThan(0), { timeoutMs: 10_000 });
    venue.route(order.clientOrderId);
    venue.fill(order.clientOrderId, 2, '1.25');
    await eventually(() => expect(received.at(-1)?.e).toMatchObject({ clientOrderId: order.clientOrderId, status: 'filled' }), { timeoutMs: 10_000 });
    const traceId = root.trace?.traceparent?.split('-')[1];
    for (const x of received) expect(x.trace?.split('-')[1]).toBe(traceId);

    const exited = new Promise<number | null>((resolve) => p.once('exit', resolve));
    p.kill('SIGTERM');
    expect(await exited).toBe(0);
    await engine.flush();

    const spans = r.spans.filter((sp) => sp.traceId === traceId);
    const one = (name: string, service: string) => {
      const found = spans.filter((sp) => sp.name === name && sp.service === service);
      expect(found.length, `${name} (${service})`).toBeGreaterThan(0);
      return found[0] as ReceivedSpan;
    };
    const send = one('send order.submit', 'thetis-engine');
    const consumer = one('process order.submit', 'executor-under-test');
    expect(consumer).toMatchObject({ parentSpanId: send.spanId, kind: SPAN_KIND.consumer });
    expect(consumer.attributes).toMatchObject({ 'messaging.system': 'nats', 'messaging.destination.name': subjects(namespace).submit('SPY'), 'messaging.message.id': order.clientOrderId, 'thetis.reasons': ['TREND_UP', 'CONTRACT_SELECTED'] });
    expect(one('broker.submit', 'executor-under-test')).toMatchObject({ parentSpanId: consumer.spanId, kind: SPAN_KIND.client });
    // Both executions (the accepted order, then the venue's fill later on the trading stream) in the trace.
    const published = spans.filter((sp) => sp.name === 'send execution' && sp.service === 'executor-under-test');
    expect(published.map((sp) => sp.attributes['thetis.order.status'])).toContain('filled');
    for (const t of spans.filter((sp) => sp.name === 'process execution')) expect(published.map((sp) => sp.spanId)).toContain(t.parentSpanId);
    for (const body of r.bodies) for (const canary of [keys.keyId, keys.secret]) expect(body).not.toContain(canary);
  }, 60_000);
});
