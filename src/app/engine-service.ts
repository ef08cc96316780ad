import { setTimeout as delay } from 'node:timers/promises';
import { Engine } from '../actors/engine.js';
import type { MarketDataPort } from '../actors/ports/market-data.js';
import type { BrokerReports } from '../actors/ports/broker-reports.js';
import { seedFrom } from '../actors/position/journal.js';
import { createRuntime, logWithTrace, VirtualClock, WallClock, type Clock, type Logger, type Runtime } from '../actors/runtime/index.js';
import type { TradeSink } from '../actors/ports/trade-sink.js';
import { rulesFor, type Config } from '../domain/config/load.js';
import type { SessionCalendar } from '../domain/calendar/session-calendar.js';
import type { Bar } from '../domain/values/bar.js';
import { DAY_MS, MINUTE_MS } from '../domain/values/time.js';
import { parseOrderId } from '../domain/intents/ids.js';
import { resumedEntries } from '../actors/underlying/resume.js';
import { DecisionWriter } from '../infra/audit/decision-writer.js';
import { openDatabase, type DatabaseSettings } from '../infra/db/orm.js';
import { OrmDecisionStore } from '../infra/db/repositories/decision-store.js';
import { OrmOrderStore } from '../infra/db/repositories/order-store.js';
import { IvHistoryWriter, OrmIvHistory } from '../infra/db/repositories/iv-history.js';
import { OrmPositionJournal } from '../infra/db/repositories/position-journal.js';
import { WriteBehindJournal } from '../infra/journal/write-behind.js';
import { OrmRiskSnapshots } from '../infra/db/repositories/risk-snapshots.js';
import { RiskRecorder } from './risk-recorder.js';
import { JetStreamBarFeed } from '../infra/nats/bar-feed.js';
import { NatsBrokerReports } from '../infra/nats/broker-reports.js';
import { connectNats, type NatsLink } from '../infra/nats/connection.js';
import { NatsOrderGateway } from '../infra/nats/order-gateway.js';
import type { NatsSettings } from '../infra/nats/settings.js';
import { subjects } from '../infra/nats/subjects.js';
import { OutboxGateway } from '../infra/outbox/gateway.js';
import type { EngineCounters } from '../infra/observability/engine-counters.js';
import type { TracingPort } from '../actors/ports/tracing.js';
import { RECONCILIATION, Reconciler, type ReconcilerStatus } from './reconciler.js';

const ENTRY_LOOKBACK_MS = 7 * DAY_MS;

export interface EngineServiceOptions {
  readonly config: Config;
  readonly tickers: readonly string[];
  readonly equity: number;
  readonly database: DatabaseSettings;
  readonly nats: NatsSettings;
  readonly market: MarketDataPort;
  /** 'wall': the real clock (paper and live); 'market': time moves with the bars (a replay of recorded bars). */
  readonly clock: 'wall' | 'market';
  /** Where the market clock starts (epoch ms; e.g. the venue's clock): it never goes back from its last journal write either. */
  readonly clockStart?: number;
  readonly log: Logger;
  /** Where the venue's mass status comes from (default: the executor, over NATS). */
  readonly reports?: BrokerReports;
  /** While entries are halted, reconciliation runs again this often (wall ms; default 60 s). */
  readonly reconcileEveryMs?: number;
  /** How often the portfolio's risk (greeks, the 3-5-7 budget used) is written for `thetis status`, on the engine's clock (default 60 s). */
  readonly riskEveryMs?: number;
  /**
   * On stop, entry orders still working are cancelled ('cancel-entries', the default: nobody would
   * watch them fill) or left working ('leave'); exits are always left working (they protect the
   * position while the engine is down; a restart takes them up again).
   */
  readonly onStop?: 'cancel-entries' | 'leave';
  /** How long the stop may take before it gives up waiting (wall ms; default 15 s). */
  readonly stopTimeoutMs?: number;
  /** Called with each bar before the tree sees it (a replayed market moves its quotes with it). */
  readonly onBarTaken?: (bar: Bar) => void;
  /** The exchange's sessions the time rules follow (the venue's; default the rule-based RULE_CALENDAR). */
  readonly calendar?: SessionCalendar;
  /** Counts decisions, orders, executions and bars for /metrics (the ports wrapped; nothing else changes). */
  readonly counters?: EngineCounters;
  /** Spans of each decision chain (the actors', and the NATS hop's with the traceparent in the headers); default none. */
  readonly tracing?: TracingPort;
}

export interface RunningEngine {
  readonly engine: Engine;
  /** For metrics and readiness: the actor runtime, the engine's NATS connection and namespace, a `select 1`. */
  readonly runtime: Runtime;
  readonly link: NatsLink;
  readonly namespace: string;
  pingDatabase(): Promise<void>;
  /** The engine's clock: the wall clock, or the market's (the last bar taken). */
  now(): number;
  /** Order commands (submits and cancels) published so far: each one the executor takes is counted there too. */
  commandsPublished(): number;
  /** Whether entries are halted by reconciliation, and why. */
  status(): ReconcilerStatus;
  /** Runs reconciliation now (as on start). */
  reconcile(): Promise<ReconcilerStatus>;
  /**
   * The shutdown order, bounded in time: entries halted, bars no longer taken, the tree let finish,
   * entry orders still working cancelled (unless `onStop: 'leave'`), executions no longer taken, the
   * audit flushed, NATS drained, the database closed.
   */
  stop(): Promise<void>;
}

/**
 * The live engine (the composition root of `thetis paper` and of a replay): the actor tree with
 * orders over NATS JetStream through an outbox, positions journaled, decisions audited, all in the
 * database. On start, in this order: every open position is spawned again from the journal (its
 * timers re-armed from their absolute deadlines: an overdue one fires at once) and the portfolio
 * rebuilt with them; intents written and never published are published again (same ids); the
 * venue's mass status is reconciled (entries halt on a mismatch, exits never do); then bars are
 * taken from JetStream, from the first one this engine had not taken.
 */
export async function startEngineService(o: EngineServiceOptions): Promise<RunningEngine> {
  const { log } = o;
  const db = await openDatabase(o.database, { logger: log });
  const store = new OrmOrderStore(db.orm);
  const journal = new WriteBehindJournal(new OrmPositionJournal(db.orm), log);
  const decisionStore = new OrmDecisionStore(db.orm);
  const decisions = new DecisionWriter({ store: decisionStore, log });
  const sink = o.counters?.decisions(decisions) ?? decisions;
  const link = await connectNats(o.nats, 'thetis-engine', log);
  const sub = subjects(o.nats.namespace);
  const outboxRef: { current?: OutboxGateway } = {};
  const transport = await NatsOrderGateway.start({ link, subjects: sub, settings: o.nats, log, onSubmitAcked: (id) => outboxRef.current?.published(id), ...(o.tracing === undefined ? {} : { tracing: o.tracing }) });
  const outbox = new OutboxGateway({ inner: transport, store, log });
  outboxRef.current = outbox;

  const snapshots = await journal.openPositions();
  const seeds = snapshots.map(seedFrom);
  const clock: Clock = o.clock === 'wall' ? new WallClock() : new VirtualClock(Math.max(0, o.clockStart ?? 0, ...snapshots.map((s) => s.ts)));
  // Entries in flight at the last stop: opening orders of the last week (day orders: older ones ended long ago).
  const stored = await store.entriesSince(clock.now() - ENTRY_LOOKBACK_MS);
  const entries = resumedEntries(stored, seeds, await journal.known(stored.map((e) => parseOrderId(e.intent.clientOrderId).positionId)));
  // The delta hedge (hedging.delta) is taken up from its orders in the store: its shares and working orders.
  const hedges = o.config.hedging.delta.enabled ? await store.hedgeOrders() : [];
  const runtime = createRuntime({ name: 'engine', clock, logger: log });
  // IV rank goes on from the days kept (each ticker's ATM IV, once a New York day).
  const lookback = Math.max(...o.tickers.map((t) => rulesFor(o.config, t).indicators.ivRankLookback));
  const ivHistory = await IvHistoryWriter.open(new OrmIvHistory(db.orm), o.tickers, lookback, log);
  const trades: TradeSink = { record: (t, trace) => logWithTrace(log, trace).info({ positionId: t.positionId, symbol: t.symbol, pnl: t.pnl }, 'round trip closed') };
  const engine = Engine.start(runtime, { config: o.config, market: o.market, gateway: o.counters?.gateway(outbox) ?? outbox, decisions: sink, trades, journal, ivHistory, ...(o.calendar ? { calendar: o.calendar } : {}), ...(o.tracing === undefined ? {} : { tracing: o.tracing }) }, { tickers: o.tickers, equity: o.equity, positions: seeds, entries, hedges });
  log.info({ positions: seeds.length, entries: entries.length, database: db.description, namespace: sub.namespace }, 'engine started: open positions read from the journal');
  const republished = await outbox.resume();

  const passed = await decisionStore.latestFor(RECONCILIATION, true);
  const reconciler = new Reconciler({
    engine,
    store,
    journal,
    deliver: (e) => transport.inject(e),
    decisions: sink,
    reports: o.reports ?? new NatsBrokerReports({ link, subjects: sub }),
    now: () => clock.now(),
    log,
    everyMs: o.reconcileEveryMs ?? 60_000,
    resumed: entries.map((e) => e.intent.clientOrderId),
    ...(passed === undefined ? {} : { lastPassedTs: passed.ts }),
  });
  await reconciler.run();
  const risk = new RiskRecorder(engine, new OrmRiskSnapshots(db.orm), o.config.risk, log);
  const riskEveryMs = o.riskEveryMs ?? 60_000;
  await risk.record(clock.now());

  const feed = await JetStreamBarFeed.start({ link, subjects: sub, settings: o.nats, log }, async (bar) => {
    if (clock instanceof VirtualClock) clock.advanceTo(Math.max(clock.now(), bar.ts + MINUTE_MS));
    o.counters?.barTaken();
    o.onBarTaken?.(bar);
    engine.onBar(bar);
    await engine.whenIdle();
    if (clock.now() - risk.lastTs >= riskEveryMs) await risk.record(clock.now());
  });
  log.info({ republished, halted: reconciler.status().halted }, 'engine taking bars');

  return {
    engine,
    runtime,
    link,
    namespace: sub.namespace,
    pingDatabase: async () => void (await db.orm.em.getConnection().execute('select 1')),
    now: () => clock.now(),
    commandsPublished: () => transport.stats.commands,
    status: () => reconciler.status(),
    reconcile: () => reconciler.run(),
    stop: async () => {
      const timeoutMs = o.stopTimeoutMs ?? 15_000;
      const orderly = async () => {
        reconciler.stop();
        engine.haltEntries(['ENTRIES_HALTED', 'SHUTTING_DOWN']);
        await feed.stop();
        await engine.whenIdle();
        if ((o.onStop ?? 'cancel-entries') === 'cancel-entries') await cancelWorkingEntries(store, outbox, log, Date.now() + timeoutMs / 2);
        await risk.record(clock.now());
        await transport.stop();
      };
      const finished = await withTimeout(orderly(), timeoutMs);
      if (!finished) log.error({ timeoutMs }, 'engine stop took too long: closing what is left (a restart takes it up from the database)');
      outbox.stop();
      journal.stop();
      runtime.stop();
      await withTimeout(ivHistory.flush(), 2_000);
      await withTimeout(decisions.close(), 2_000);
      await withTimeout(link.drain(), 2_000);
      await db.close();
      log.info({}, 'engine stopped');
    },
  };
}

/** Cancels every opening order still working and waits (until `deadline`, wall ms) for the broker to end them. */
async function cancelWorkingEntries(store: OrmOrderStore, outbox: OutboxGateway, log: Logger, deadline: number): Promise<void> {
  const entries = (await store.workingOrders()).filter((o) => o.intent.effect === 'open');
  if (entries.length === 0) return;
  log.warn({ orders: entries.map((o) => o.intent.clientOrderId) }, 'stopping: cancelling entry orders still working');
  for (const o of entries) outbox.cancel(o.intent.clientOrderId, o.intent.correlationId);
  const ids = new Set(entries.map((o) => o.intent.clientOrderId));
  while (Date.now() < deadline) {
    const left = (await store.workingOrders()).filter((o) => ids.has(o.intent.clientOrderId));
    if (left.length === 0) return;
    await delay(100);
  }
  log.error({}, 'stopping: entry orders not confirmed cancelled in time (reconciliation at the next start finds them)');
}

/** Whether `work` settled within `ms`. */
async function withTimeout(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([work.then(() => true as const), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
