import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/actors/runtime/index.js';
import type { DecisionEvent } from '../../../src/actors/ports/decision-sink.js';
import type { OrderGatewayPort } from '../../../src/actors/ports/order-gateway.js';
import type { Execution } from '../../../src/domain/values/execution.js';
import type { OrderIntent } from '../../../src/domain/values/order.js';
import { engineCounters } from '../../../src/infra/observability/engine-counters.js';
import { Ops } from '../../../src/infra/observability/ops.js';
import { freePort } from '../../helpers/ports.js';

/** The health server on a free port with the real Prometheus exporter behind /metrics. */
describe('the health and metrics server', () => {
  let ops: Ops | undefined;
  afterEach(async () => {
    await ops?.stop();
    ops = undefined;
  });

  async function start(): Promise<{ ops: Ops; url: string }> {
    ops = await Ops.start(await freePort(), silentLogger, 'thetis-engine');
    return { ops, url: `http://127.0.0.1:${ops.server.port}` };
  }

  it('names its service in target_info (OTEL_SERVICE_NAME or the process default), not unknown_service', async () => {
    ops = await Ops.start(await freePort(), silentLogger, 'thetis-executor');
    const text = await (await fetch(`http://127.0.0.1:${ops.server.port}/metrics`)).text();
    expect(text).toMatch(/^target_info\{[^}]*service_name="thetis-executor"/m);
    expect(text).not.toContain('unknown_service');
  });

  it('is alive at once, not ready while starting, then ready only when every check passes', async () => {
    const { ops: o, url } = await start();
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'alive' });
    const starting = await fetch(`${url}/readyz`);
    expect(starting.status).toBe(503);
    expect(await starting.json()).toEqual({ status: 'not ready', failing: ['started'], checks: { started: { ok: false, detail: 'starting' } } });

    let natsUp = false;
    o.server.ready({ nats: () => (natsUp ? undefined : 'NATS down'), database: async () => undefined, broken: () => Promise.reject(new RangeError('boom')) });
    const down = await fetch(`${url}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: 'not ready', failing: ['nats', 'broken'], checks: { nats: { ok: false, detail: 'NATS down' }, database: { ok: true }, broken: { ok: false, detail: 'RangeError' } } });

    natsUp = true;
    o.server.ready({ nats: () => (natsUp ? undefined : 'NATS down'), database: async () => undefined });
    const up = await fetch(`${url}/readyz`);
    expect(up.status).toBe(200);
    expect(await up.json()).toEqual({ status: 'ready', failing: [], checks: { nats: { ok: true }, database: { ok: true } } });
    expect((await fetch(`${url}/nothing`)).status).toBe(404);
    expect((await fetch(`${url}/healthz`, { method: 'POST' })).status).toBe(405);
  });

  it('a check slower than 3 s fails by name', async () => {
    const { ops: o, url } = await start();
    o.server.ready({ slow: () => new Promise<undefined>(() => {}) });
    const started = performance.now();
    const res = await fetch(`${url}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ failing: ['slow'], checks: { slow: { ok: false, detail: 'no answer within 3000 ms' } } });
    expect(performance.now() - started).toBeGreaterThanOrEqual(2_900);
  });

  it('counts decisions by kind, outcome and reason, orders by effect, executions by status, fills and bars', async () => {
    const { ops: o, url } = await start();
    const counters = engineCounters(o.metrics.meter);
    const recorded: DecisionEvent[] = [];
    const sink = counters.decisions({ record: (e) => recorded.push(e) });
    const event = (kind: DecisionEvent['kind'], ok: boolean, reasons: string[]): DecisionEvent => ({ ts: 1, correlationId: 'c', kind, ok, underlying: 'SPY', reasons });
    sink.record(event('signal', false, ['NOT_READY']));
    sink.record(event('signal', false, ['NOT_READY', 'CHOP']));
    sink.record(event('risk', true, ['APPROVED']));
    expect(recorded).toHaveLength(3); // passed on as they came

    let handler: ((e: Execution) => void) | undefined;
    const sent: string[] = [];
    const inner: OrderGatewayPort = { connect: (h) => (handler = h), submit: (i) => sent.push(i.clientOrderId), cancel: (id) => sent.push(`cancel ${id}`) };
    const gateway = counters.gateway(inner);
    const got: Execution[] = [];
    gateway.connect((e) => got.push(e));
    gateway.submit({ clientOrderId: 'a', effect: 'open' } as OrderIntent);
    gateway.submit({ clientOrderId: 'b', effect: 'close' } as OrderIntent);
    gateway.submit({ clientOrderId: 'c', effect: 'open' } as OrderIntent);
    gateway.cancel('c', 'corr');
    const exec = (status: Execution['status'], fillQty: number) => ({ status, fillQty }) as Execution;
    handler?.(exec('accepted', 0));
    handler?.(exec('partially_filled', 2));
    handler?.(exec('filled', 3));
    handler?.(exec('canceled', 0));
    expect(sent).toEqual(['a', 'b', 'c', 'cancel c']);
    expect(got.map((e) => e.status)).toEqual(['accepted', 'partially_filled', 'filled', 'canceled']);
    counters.barTaken();
    counters.barTaken();

    const text = await (await fetch(`${url}/metrics`)).text();
    const samples = text.split('\n').filter((l) => l.startsWith('thetis_'));
    expect(samples).toEqual(
      expect.arrayContaining([
        'thetis_decisions_total{kind="signal",ok="false"} 2',
        'thetis_decisions_total{kind="risk",ok="true"} 1',
        'thetis_decision_reasons_total{kind="signal",ok="false",reason="NOT_READY"} 2',
        'thetis_decision_reasons_total{kind="signal",ok="false",reason="CHOP"} 1',
        'thetis_decision_reasons_total{kind="risk",ok="true",reason="APPROVED"} 1',
        'thetis_orders_submitted_total{effect="open"} 2',
        'thetis_orders_submitted_total{effect="close"} 1',
        'thetis_order_cancels_requested_total 1',
        'thetis_order_executions_total{status="accepted"} 1',
        'thetis_order_executions_total{status="partially_filled"} 1',
        'thetis_order_executions_total{status="filled"} 1',
        'thetis_order_executions_total{status="canceled"} 1',
        'thetis_fills_total 2',
        'thetis_filled_contracts_total 5',
        'thetis_bars_total 2',
      ]),
    );
  });

  it('port 0 serves nothing', async () => {
    ops = await Ops.start(0, silentLogger, 'thetis-engine');
    expect(ops.server.port).toBeUndefined();
  });
});

