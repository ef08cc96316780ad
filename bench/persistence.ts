/**
 * Persistence figures (out/bench/persistence.json): order-intent writes per second (one intent per
 * transaction, as the outbox writes them before publishing) and decisions-audit rows per second
 * (the DecisionWriter's batches), on PostgreSQL and SQLite, each in a database of the run's own;
 * and what recording a backtest run costs the bundled-sample backtest (backtestRecordOverhead),
 * into a database already migrated (the measure opens it once first), as every run but a
 * database's first finds it.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DecisionEvent } from '../src/actors/ports/decision-sink.js';
import { silentLogger } from '../src/actors/runtime/index.js';
import { Engine } from '../src/actors/engine.js';
import type { PositionSnapshot } from '../src/actors/ports/position-journal.js';
import { seedFrom } from '../src/actors/position/journal.js';
import { createRuntime, VirtualClock } from '../src/actors/runtime/index.js';
import { loadConfig } from '../src/domain/config/index.js';
import { computeStats } from '../src/domain/stats/index.js';
import { makeContract } from '../src/domain/values/contract.js';
import type { OrderIntent } from '../src/domain/values/order.js';
import { makePosition } from '../src/domain/values/position.js';
import { DecisionWriter } from '../src/infra/audit/decision-writer.js';
import { configDigest } from '../src/infra/backtest/config-digest.js';
import { RunRecording } from '../src/infra/backtest/record.js';
import { runBacktest } from '../src/infra/backtest/run.js';
import { DEFAULT_MARKET_DIR } from '../src/cli/commands/backtest.js';
import { ensureSampleMarket } from '../src/cli/commands/generate-market.js';
import { openDatabase, type Database } from '../src/infra/db/orm.js';
import { OrmPositionJournal } from '../src/infra/db/repositories/position-journal.js';
import { OrmDecisionStore } from '../src/infra/db/repositories/decision-store.js';
import { OrmOrderStore } from '../src/infra/db/repositories/order-store.js';
import { postgresFromUrl, type DatabaseSettings, type PostgresSettings } from '../src/infra/db/settings.js';
import { CountingSink, OPEN, ScriptedMarket } from './fixtures.js';
import { median, round } from './stats.js';

const EXPIRY = '2025-03-14';

export interface PersistenceBenchOptions {
  readonly intents: number;
  readonly decisions: number;
  /** Open positions journaled and started again (1,000 for rehydrate1000Seconds). */
  readonly rehydrate: number;
  /** The PostgreSQL server's admin database (a database of the run's own is made beside it). */
  readonly postgresUrl: string;
  /** Rounds of the bundled-sample backtest with and without recording (backtestRecordOverhead); default 5, 3 with --quick. */
  readonly recordRounds?: number;
}

function intent(i: number): OrderIntent {
  return { clientOrderId: `th-SPY-${i}-open`, correlationId: `SPY-${i}`, underlying: 'SPY', symbol: 'SPY251219C00500000', side: 'buy', effect: 'open', qty: 2, type: 'limit', limitPrice: 1.25, timeInForce: 'day', reasons: ['SIGNAL_OK', 'WITHIN_LIMITS'], ts: 1_733_752_800_000 + i };
}

function decision(i: number): DecisionEvent {
  return { ts: 1_733_752_800_000 + i, correlationId: `SPY-${i}`, kind: i % 2 === 0 ? 'risk' : 'exit', ok: i % 3 !== 0, underlying: 'SPY', symbol: 'SPY251219C00500000', reasons: ['WITHIN_LIMITS', `R${i % 7}`] };
}

/** A journaled day-trade call bought at 1.10 on SPY at 500, the i-th of the morning. */
function journaled(i: number): PositionSnapshot {
  const entryTs = OPEN + i * 1_000;
  const id = `SPY-${entryTs}`;
  const contract = makeContract({ underlying: 'SPY', expiry: EXPIRY, right: 'call', strike: 500 });
  const position = makePosition({ id, contract, side: 'long', tradeType: 'day', direction: 'bullish', qty: 2, initialQty: 2, entryPrice: 1.1, entryTs, entryUnderlying: 500, peakOptionPrice: 1.1, peakUnderlying: 500, partialStage: 0 });
  const state = { position, greeks: { delta: 0.55, gamma: 0.05, theta: -0.2, vega: 0.1 }, entryOrderId: `th-SPY-${entryTs}-open`, entryWorking: false, entryReasons: ['BENCH'], entryFees: 1.3, exits: { exitSeq: 0, exitQty: 0, exitNotional: 0, exitFees: 0, exitReasons: [] } };
  return { id, underlying: 'SPY', symbol: contract.symbol, open: true, ts: entryTs, state };
}

/** Journals `n` open positions, then times reading them back and starting an engine with them (actors spawned, timers armed). */
async function rehydrate(db: Database, n: number): Promise<number> {
  const journal = new OrmPositionJournal(db.orm);
  for (let i = 0; i < n; i++) await journal.save(journaled(i));
  const t0 = performance.now();
  const seeds = (await journal.openPositions()).map(seedFrom);
  const runtime = createRuntime({ name: 'bench-rehydrate', clock: new VirtualClock(OPEN + n * 1_000) });
  const sink = new CountingSink();
  const engine = Engine.start(runtime, { config: loadConfig({}), market: new ScriptedMarket(), gateway: { connect: () => undefined, submit: () => undefined, cancel: () => undefined }, decisions: sink, trades: sink, journal }, { tickers: [], equity: 10_000_000, positions: seeds });
  await engine.whenIdle();
  const seconds = (performance.now() - t0) / 1_000;
  if (engine.openPositions !== n) throw new Error(`rehydrated ${engine.openPositions} positions of ${n}`);
  runtime.stop();
  return seconds;
}

/**
 * Seconds of one bundled-sample backtest as `npm start` runs it, up to its figures: recorded into
 * `settings` (the recording started first, the run written through the driver before the clock
 * stops) or not.
 */
async function sampleBacktest(settings: DatabaseSettings | undefined): Promise<{ seconds: number; trades: number }> {
  const config = loadConfig({});
  const t0 = performance.now();
  const recording = settings && RunRecording.start(settings, { startedAt: Date.now(), market: 'sample-market', configDigest: configDigest(config) });
  const result = await runBacktest({ marketDir: DEFAULT_MARKET_DIR, config, startingEquity: 100_000, ...(recording ? { audit: recording } : {}) });
  const stats = computeStats(result);
  const outcome = await recording?.finish(result, stats);
  const seconds = (performance.now() - t0) / 1_000;
  if (outcome?.recorded === false) throw new Error(`backtest run not recorded: ${outcome.reason}`);
  return { seconds, trades: stats.trades };
}

/**
 * The bundled-sample backtest with and without recording in the same process, alternating (which
 * goes first alternates too), after one unrecorded warm-up run: the median of each and their ratio
 * (target 1.10).
 */
async function recordOverhead(settings: DatabaseSettings, rounds: number) {
  await ensureSampleMarket(DEFAULT_MARKET_DIR);
  await sampleBacktest(undefined);
  const plain: number[] = [];
  const recorded: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const pair = i % 2 === 0 ? [undefined, settings] : [settings, undefined];
    for (const s of pair) (s ? recorded : plain).push((await sampleBacktest(s)).seconds);
  }
  const ratio = median(recorded) / median(plain);
  return { ratio: round(ratio, 3), recordedSeconds: round(median(recorded), 3), plainSeconds: round(median(plain), 3), recordedRounds: recorded.map((x) => round(x, 3)), plainRounds: plain.map((x) => round(x, 3)) };
}

async function measure(settings: DatabaseSettings, o: PersistenceBenchOptions): Promise<{ intentWritesPerSec: number; auditRowsPerSec: number; rehydrateSeconds: number; record: Awaited<ReturnType<typeof recordOverhead>> }> {
  // Migrated first: a recording finds the database as every run but its first does.
  const db = await openDatabase(settings);
  try {
    const record = await recordOverhead(settings, o.recordRounds ?? (process.argv.includes('--quick') ? 3 : 5));
    const rehydrateSeconds = await rehydrate(db, o.rehydrate);
    const orders = new OrmOrderStore(db.orm);
    let t0 = performance.now();
    for (let i = 0; i < o.intents; i++) await orders.recordIntent(intent(i));
    const intentWritesPerSec = o.intents / ((performance.now() - t0) / 1_000);
    const writer = new DecisionWriter({ store: new OrmDecisionStore(db.orm), log: silentLogger });
    t0 = performance.now();
    for (let i = 0; i < o.decisions; i++) writer.record(decision(i));
    await writer.close();
    const auditRowsPerSec = o.decisions / ((performance.now() - t0) / 1_000);
    return { intentWritesPerSec, auditRowsPerSec, rehydrateSeconds, record };
  } finally {
    await db.close();
  }
}

/** Runs one statement on the server's admin database. */
async function admin(s: PostgresSettings, sql: string): Promise<void> {
  const { MikroORM } = await import('@mikro-orm/core');
  const { PostgreSqlDriver } = await import('@mikro-orm/postgresql');
  const orm = await MikroORM.init({ driver: PostgreSqlDriver, host: s.host, port: s.port, user: s.user, ...(s.password === undefined ? {} : { password: s.password }), dbName: s.database, entities: [], discovery: { warnWhenNoEntities: false }, ensureDatabase: false, pool: { min: 0, max: 1 } });
  try {
    await orm.em.getConnection().execute(sql);
  } finally {
    await orm.close(true);
  }
}

export async function persistenceBench(o: PersistenceBenchOptions) {
  const dir = await mkdtemp(join(tmpdir(), 'thetis-bench-db-'));
  const sqlite = await measure({ dialect: 'sqlite', path: join(dir, 'bench.sqlite') }, o).finally(() => rm(dir, { recursive: true, force: true }));
  let postgres: Awaited<ReturnType<typeof measure>> | { skipped: string };
  const server = postgresFromUrl(o.postgresUrl);
  const name = `thetis_bench_${randomBytes(6).toString('hex')}`;
  try {
    await admin(server, `create database "${name}"`);
    try {
      postgres = await measure({ ...server, database: name }, o);
    } finally {
      await admin(server, `drop database if exists "${name}" with (force)`);
    }
  } catch (e) {
    postgres = { skipped: e instanceof Error ? e.message : String(e) };
  }
  const pg = 'skipped' in postgres ? undefined : postgres;
  return {
    intents: o.intents,
    decisions: o.decisions,
    intentWritesPerSec: { postgres: pg ? round(pg.intentWritesPerSec) : null, sqlite: round(sqlite.intentWritesPerSec) },
    auditRowsPerSec: { postgres: pg ? round(pg.auditRowsPerSec) : null, sqlite: round(sqlite.auditRowsPerSec) },
    rehydrated: o.rehydrate,
    rehydrate1000Seconds: { postgres: pg ? round(pg.rehydrateSeconds, 3) : null, sqlite: round(sqlite.rehydrateSeconds, 3) },
    backtestRecordOverhead: { postgres: pg ? pg.record.ratio : null, sqlite: sqlite.record.ratio, target: 1.1 },
    backtestRecordSeconds: { postgres: pg ? pg.record : null, sqlite: sqlite.record },
    ...('skipped' in postgres ? { postgresSkipped: postgres.skipped } : {}),
    note: 'intentWritesPerSec: OrmOrderStore.recordIntent one after the other (one transaction each, SQLite synchronous=FULL); auditRowsPerSec: DecisionWriter batches of 500 into OrmDecisionStore; rehydrate1000Seconds: the open positions read from the journal, checked, and an engine started with them (actors spawned, portfolio rebuilt, timers armed); target under 2 s; backtestRecordOverhead: the bundled-sample backtest (as npm start runs it, to its figures) recorded into the (migrated) database through its driver (the recording started first, the run written before the clock stops) over the same backtest unrecorded, medians of alternating rounds in one process; target 1.10',
  };
}
