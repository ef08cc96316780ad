import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alpacaKeysFromEnv } from '../../src/app/executor.js';
import { startTradingSession, type TradingSession } from '../../src/app/paper.js';
import { loadConfig } from '../../src/domain/config/index.js';
import { AlpacaStandin } from '../../src/infra/alpaca-standin/standin.js';
import { databaseFrom, type PostgresSettings } from '../../src/infra/db/settings.js';
import { heldSecrets, serviceLogger } from '../../src/infra/log/pino.js';
import { openMarket } from '../../src/infra/market/load.js';
import { loadNatsSettings } from '../../src/infra/nats/settings.js';
import { subjects } from '../../src/infra/nats/subjects.js';
import { engineCounters } from '../../src/infra/observability/engine-counters.js';
import { observeSession, type ObservedSession } from '../../src/infra/observability/engine.js';
import { Metrics } from '../../src/infra/observability/metrics.js';
import { Tracing } from '../../src/infra/observability/tracing.js';
import { eventually } from '../helpers/eventually.js';
import { OwnNatsServer, uniqueNamespace } from '../helpers/nats.js';
import { freshDatabase, type TestDatabase } from '../infra/db/databases.js';
import { OtlpReceiver } from '../infra/observability/otlp-receiver.js';
import { caughtUp, generatePaperMarket, paceOn } from './fixtures/paper.js';

/**
 * Canaries: secrets no log line, span, metric or report may hold. Each contains CANARY, and the
 * search is for that word in any case, so a secret cut short, re-cased or partly masked is still found.
 */
const KEY_ID = 'PKCANARY0LOGS0KEY01';
const SECRET = 'canary-alpaca-secret-4d1e7f9a2b';
const NATS_PASSWORD = 'canary-nats-password-8c3b';
const DB_PASSWORD = 'canary-pg-password-6a5f';
const NATS_USER = 'thetis';

/**
 * `thetis paper`'s session as the CLI makes it (its logger, secrets from the same settings) against
 * the Alpaca stand-in with canary keys, a NATS server of its own that wants a user and a canary
 * password (given in the URL, as operators write NATS_URL), PostgreSQL reached through a
 * DATABASE_URL with a canary password (the local server trusts every connection, so it is sent and
 * accepted), and every bar traced into an OTLP receiver: every log line, every exported span body,
 * the /metrics text and `thetis status --json` are searched for the canaries.
 */
describe('secrets in a paper session', () => {
  let dir: string;
  let standin: AlpacaStandin | undefined;
  let session: TradingSession | undefined;
  let observed: ObservedSession | undefined;
  let database: TestDatabase | undefined;
  let receiver: OtlpReceiver | undefined;
  let nats: OwnNatsServer | undefined;
  let nc: NatsConnection | undefined;
  let metricsServer: Server | undefined;
  const metrics = new Metrics('thetis-engine');
  const tracings: Tracing[] = [];
  const namespace = uniqueNamespace();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'thetis-canary-'));
    await generatePaperMarket(dir);
  });
  afterAll(async () => {
    await session?.stop();
    observed?.stop();
    for (const t of tracings) await t.shutdown();
    await standin?.close();
    await receiver?.close();
    await nc?.close();
    await nats?.stop();
    if (metricsServer !== undefined) await new Promise<void>((resolve) => metricsServer?.close(() => resolve()));
    await metrics.shutdown();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('no canary in any log line, span, metric or status report; log lines written in a traced chain carry its trace_id and span_id', async () => {
    const market = await openMarket(dir);
    const tickers = market.tickers.map((t) => t.symbol);
    const s = (standin = await AlpacaStandin.start({ market, keys: { keyId: KEY_ID, secret: SECRET }, speed: 0, cash: 100_000 }));
    const r = (receiver = await OtlpReceiver.start());
    const server = (nats = await OwnNatsServer.start({ auth: { user: NATS_USER, pass: NATS_PASSWORD } }));
    const fresh = (database = await freshDatabase('postgresql'));
    const pg = fresh.settings as PostgresSettings;
    const databaseUrl = `postgres://${pg.user}:${DB_PASSWORD}@${pg.host}:${pg.port}/${pg.database}`;

    // As `thetis paper` reads them: the keys and the database from the environment, NATS with its credentials in the URL.
    const env = { APCA_API_KEY_ID: KEY_ID, APCA_API_SECRET_KEY: SECRET, DATABASE_URL: databaseUrl };
    const keys = alpacaKeysFromEnv(env);
    const natsSettings = loadNatsSettings({ url: `nats://${NATS_USER}:${NATS_PASSWORD}@127.0.0.1:${server.port}`, namespace, ackWaitMs: 5_000 }, {});
    const databaseSettings = databaseFrom(env);
    expect(databaseSettings).toMatchObject({ dialect: 'postgresql', password: DB_PASSWORD });
    const lines: string[] = [];
    const log = serviceLogger('thetis-paper', 'info', { secrets: heldSecrets(keys, natsSettings, databaseSettings), destination: { write: (line: string) => void lines.push(line) } });

    const engineTracing = new Tracing({ serviceName: 'thetis-engine', ratio: 1, url: r.url, scheduledDelayMs: 100, maxQueueSize: 100_000 }, metrics.meter);
    const executorTracing = new Tracing({ serviceName: 'thetis-executor', ratio: 1, url: r.url, scheduledDelayMs: 100, maxQueueSize: 100_000 }, metrics.meter);
    tracings.push(engineTracing, executorTracing);
    const config = loadConfig({});
    const live = (session = await startTradingSession({
      config,
      tickers,
      alpaca: { ...keys, live: false, url: s.url, heartbeat: { pingEveryMs: 300, pongWaitMs: 200 } },
      nats: natsSettings,
      database: databaseSettings,
      log,
      executor: 'in-process',
      clock: 'market',
      counters: engineCounters(metrics.meter),
      tracing: { engine: engineTracing, executor: executorTracing },
    }));
    observed = observeSession(metrics.meter, live, config.risk.maxTotalRiskPct);
    const ms = (metricsServer = createServer((req, res) => metrics.serve(req, res)));
    await new Promise<void>((resolve) => ms.listen(0, '127.0.0.1', resolve));

    nc = await connect({ servers: server.url, user: NATS_USER, pass: NATS_PASSWORD });
    const jsm = await jetstreamManager(nc);
    const sub = subjects(namespace);
    paceOn(s, live, jsm, sub);
    while ((await s.step(1)) > 0) await caughtUp(jsm, sub, { session: live, standin: s });
    expect(s.trading.broker.orders().length).toBeGreaterThan(0);

    const metricsText = await (await fetch(`http://127.0.0.1:${(ms.address() as AddressInfo).port}/metrics`)).text();
    expect(metricsText).toContain('thetis_bars');
    await session.stop();
    session = undefined;
    await engineTracing.flush();
    await executorTracing.flush();
    await eventually(() => expect(engineTracing.stats.exported + executorTracing.stats.exported).toBe(engineTracing.stats.ended + executorTracing.stats.ended));

    // `thetis status --json` on the same database, reached through the canary URL.
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['bin/thetis.js', 'status', '--json'], { env: { ...process.env, DATABASE_URL: databaseUrl } });
    const status = JSON.parse(stdout) as { positions: unknown[] };
    expect(Array.isArray(status.positions)).toBe(true);

    // Every log line is JSON; none, nor any span body, the metrics or the status report, holds a canary.
    expect(lines.length).toBeGreaterThan(10);
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries.some((e) => e.msg === 'NATS connected')).toBe(true);
    expect(entries.some((e) => typeof e.msg === 'string' && e.msg.startsWith('migrated postgresql://'))).toBe(true);
    expect(r.bodies.length).toBeGreaterThan(0);
    const searched: [string, string][] = [...lines.map((l, i): [string, string] => [`log line ${i}`, l]), ...r.bodies.map((b, i): [string, string] => [`span body ${i}`, b]), ['/metrics', metricsText], ['status --json', stdout + stderr]];
    for (const [where, text] of searched) expect(text.toLowerCase(), where).not.toContain('canary');

    // Lines written while handling something traced carry its ids, and those are spans the receiver got.
    const spanIds = new Set(r.spans.map((sp) => `${sp.traceId}/${sp.spanId}`));
    const traced = entries.filter((e) => e.trace_id !== undefined);
    expect(traced.length).toBeGreaterThan(0);
    for (const e of traced) {
      expect(e.trace_id).toMatch(/^[0-9a-f]{32}$/);
      expect(e.span_id).toMatch(/^[0-9a-f]{16}$/);
      expect(spanIds.has(`${String(e.trace_id)}/${String(e.span_id)}`), `${String(e.msg)}: span ${String(e.trace_id)}/${String(e.span_id)} exported`).toBe(true);
    }
    // Each round trip closed is logged in the trace of the fill that closed it.
    const closed = entries.filter((e) => e.msg === 'round trip closed');
    expect(closed.length).toBeGreaterThan(0);
    for (const e of closed) expect(e.trace_id, 'round trip closed').toBeDefined();
    // Lines about no traced thing carry no ids.
    expect(entries.find((e) => e.msg === 'NATS connected')?.trace_id).toBeUndefined();
  }, 240_000);
});
