import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/eventually.js';
import { OwnNatsServer, uniqueNamespace } from '../helpers/nats.js';
import { freshDatabase, type TestDatabase } from '../infra/db/databases.js';
import { interpolate, service } from './compose-file.js';
import { documentedMetrics, exposedNames } from './documented-metrics.js';
import { freePort } from '../helpers/ports.js';
import { get, ServiceProcess } from './processes.js';

/**
 * The demo profile's services run by their compose command lines and environments, as child
 * processes: the stand-in, the executor and the engine (`thetis paper --executor separate`). Only
 * what names another container changes: NATS (a server of the test's own, stopped midway),
 * PostgreSQL (a fresh database), the stand-in's port, the health ports.
 */
describe('the compose services, run by their command lines', () => {
  const namespace = uniqueNamespace();
  const running: ServiceProcess[] = [];
  let nats: OwnNatsServer;
  let database: TestDatabase;
  let enginePort: number;
  let executorPort: number;

  /** The service's command and environment from docker-compose.yml, with the test's endpoints in place of the containers'. */
  function run(name: string, standinPort: number, healthPort?: number): ServiceProcess {
    const s = service(name);
    const local = `http://127.0.0.1:${standinPort}`;
    const command = (s.command ?? []).map((a) => interpolate(a, {}).replace('http://127.0.0.1:8080', local));
    const port = command.indexOf('--port');
    if (port >= 0) command[port + 1] = String(standinPort);
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(s.environment ?? {})) env[k] = interpolate(v, {});
    if (env.NATS_URL !== undefined) {
      expect(env.NATS_URL).toBe('nats://nats:4222');
      env.NATS_URL = nats.url;
      env.NATS_NAMESPACE = namespace;
    }
    if (env.DATABASE_URL !== undefined) {
      expect(env.DATABASE_URL).toMatch(/^postgres:\/\/thetis:thetis@postgres:5432\/thetis_demo$/);
      const pg = database.settings as { host: string; port: number; user: string; database: string };
      env.DATABASE_URL = `postgres://${pg.user}@${pg.host}:${pg.port}/${pg.database}`;
    }
    if (healthPort !== undefined) env.THETIS_HEALTH_PORT = String(healthPort);
    // No Jaeger here: traces (when exported) go nowhere rather than to a name that does not resolve.
    if (env.OTEL_EXPORTER_OTLP_ENDPOINT !== undefined) env.OTEL_EXPORTER_OTLP_ENDPOINT = 'http://127.0.0.1:9';
    const p = ServiceProcess.start(name, command, env);
    running.push(p);
    return p;
  }

  const readyz = async (port: number) => {
    const a = await get(`http://127.0.0.1:${port}/readyz`);
    return { status: a.status, body: JSON.parse(a.text) as { status: string; failing: string[]; checks: Record<string, { ok: boolean; detail?: string }> } };
  };

  beforeAll(async () => {
    nats = await OwnNatsServer.start();
    database = await freshDatabase('postgresql');
    [enginePort, executorPort] = [await freePort(), await freePort()];
  });

  afterAll(async () => {
    for (const p of running.reverse()) await p.stop();
    await nats?.stop();
    await database?.drop();
  });

  it('answer /healthz, /readyz and /metrics; /readyz names NATS while it is down and recovers with it', async () => {
    const standinPort = await freePort();
    const standin = run('alpaca-standin', standinPort);
    await eventually(() => expect(standin.output).toContain('alpaca stand-in listening'), { timeoutMs: 30_000 });
    const executor = run('executor-demo', standinPort, executorPort);
    const engine = run('engine-demo', standinPort, enginePort);
    try {
      // Alive first; ready once NATS, the database, both streams and reconciliation are.
      await eventually(async () => expect((await get(`http://127.0.0.1:${enginePort}/healthz`)).status).toBe(200), { timeoutMs: 20_000 });
      await eventually(async () => expect(await readyz(executorPort)).toMatchObject({ status: 200, body: { failing: [], checks: { nats: { ok: true }, trading_stream: { ok: true } } } }), { timeoutMs: 30_000 });
      await eventually(
        async () => expect(await readyz(enginePort)).toMatchObject({ status: 200, body: { status: 'ready', failing: [], checks: { nats: { ok: true }, database: { ok: true }, market_stream: { ok: true }, reconciliation: { ok: true } } } }),
        { timeoutMs: 30_000 },
      );

      // Every documented metric that exists from the start is there, on the process it belongs to.
      const engineNames = exposedNames((await get(`http://127.0.0.1:${enginePort}/metrics`)).text);
      const executorNames = exposedNames((await get(`http://127.0.0.1:${executorPort}/metrics`)).text);
      const documented = documentedMetrics();
      expect(documented.length).toBeGreaterThan(40);
      for (const m of documented.filter((d) => !d.fromFirstEvent)) {
        if (m.process !== 'executor') expect(engineNames, m.name).toContain(m.name);
        if (m.process !== 'engine') expect(executorNames, m.name).toContain(m.name);
      }
      // Bars flow (the stand-in replays a minute a second) and decisions are counted by reason.
      await eventually(
        async () => {
          const text = (await get(`http://127.0.0.1:${enginePort}/metrics`)).text;
          expect(Number(/^thetis_bars_total (\d+)/m.exec(text)?.[1])).toBeGreaterThan(0);
          expect(text).toMatch(/^thetis_decision_reasons_total\{kind="supervision",ok="true",reason="RECONCILED"\} 1$/m);
          expect(text).toMatch(/^thetis_nats_connected\{connection="engine"\} 1$/m);
        },
        { timeoutMs: 20_000 },
      );

      // NATS down: both say so by name; still alive.
      await nats.kill();
      for (const port of [enginePort, executorPort]) {
        await eventually(
          async () => {
            const r = await readyz(port);
            expect(r.status).toBe(503);
            expect(r.body.failing).toContain('nats');
            expect(r.body.checks['nats']).toMatchObject({ ok: false, detail: expect.stringContaining('NATS') as string });
          },
          { timeoutMs: 10_000 },
        );
        expect((await get(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      }
      expect((await readyz(enginePort)).body.checks['database']).toEqual({ ok: true });

      // NATS back: ready again.
      await nats.up();
      for (const port of [enginePort, executorPort]) await eventually(async () => expect((await readyz(port)).status).toBe(200), { timeoutMs: 15_000 });
      const text = (await get(`http://127.0.0.1:${enginePort}/metrics`)).text;
      expect(Number(/^thetis_nats_reconnects_total\{connection="engine"\} (\d+)/m.exec(text)?.[1])).toBeGreaterThanOrEqual(1);
    } catch (error) {
      for (const p of running) process.stderr.write(`--- ${p.name} ---\n${p.output.slice(-4_000)}\n`);
      throw error;
    }

    // The stand-in's secret (in the services' environment) is in no log line.
    for (const p of [engine, executor]) expect(p.output).not.toContain('standin-secret');
    expect(await engine.stop()).toBe(0);
    expect(await executor.stop()).toBe(0);
  }, 90_000);
});
