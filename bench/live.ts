/**
 * The live path end to end, in one process: the Alpaca market-stream stand-in → the real SDK's
 * stock stream (AlpacaBars) → the JetStream bars stream → the engine service (startEngineService:
 * SQLite of its own, orders through the outbox and NatsOrderGateway) → the executor over a
 * simulated broker, all in a NATS namespace of the run's own.
 *
 * - ingestBarsPerSec: `minutes` × `tickers` bars (a flat climb: no signals) pushed by the stand-in
 *   as fast as it can, one frame per minute; from the first push to the engine's bars consumer
 *   having acknowledged the last of them (its ack floor, polled). A warm-up of a few minutes first.
 * - barToAckUs: other tickers warmed up 45 minutes and then surging (the breakout of the actor
 *   fixtures), their surge bars sent one at a time; for a bar that makes an entry, the time from
 *   the stand-in sending it to JetStream's PubAck of the entry command (NatsOrderGateway's
 *   `onSubmitAcked`, reached by wrapping NatsOrderGateway.start while the engine starts: src is not
 *   edited). `barToStreamUs`, for comparison: the same bar to the command's arrival on the orders
 *   subject, seen by a plain NATS subscription. The engine is idle (its answer back) between bars.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { silentLogger } from '../src/actors/runtime/index.js';
import { startEngineService, type RunningEngine } from '../src/app/engine-service.js';
import { loadConfig } from '../src/domain/config/index.js';
import { parseOrderId } from '../src/domain/intents/ids.js';
import type { Bar } from '../src/domain/values/bar.js';
import { AlpacaBars } from '../src/infra/alpaca/market/bars.js';
import { MarketStreamStandin, type StandinBar } from '../src/infra/alpaca-standin/market-stream.js';
import { SimVenue } from '../src/infra/executor/sim-venue.js';
import { connectNats, type NatsLink } from '../src/infra/nats/connection.js';
import { NatsExecutor } from '../src/infra/nats/executor.js';
import { NatsOrderGateway } from '../src/infra/nats/order-gateway.js';
import type { NatsSettings } from '../src/infra/nats/settings.js';
import { deleteStreams } from '../src/infra/nats/streams.js';
import { subjects, type Subjects } from '../src/infra/nats/subjects.js';
import { SimBroker } from '../src/infra/sim-broker/broker.js';
import { breakoutPath } from '../test/actors/fixtures/market.js';
import { FollowingMarket } from '../test/app/fixtures/following-market.js';
import { barAt, OPEN, tickers } from './fixtures.js';
import { percentile, round } from './stats.js';
import { buildBars, CONFIG, EQUITY } from './tree.js';

export interface LiveBenchOptions {
  /** Where NATS is (its namespace is replaced by one of the run's own). */
  readonly settings: NatsSettings;
  /** Tickers in the ingest run (500). */
  readonly tickers: number;
  /** Minutes of bars of every ticker in the timed ingest run. */
  readonly minutes: number;
  /** Tickers breaking out in the latency run (one entry each at most). */
  readonly latencyTickers: number;
  /** Wall time the timed latency run may take (the surge bars stop coming after it). */
  readonly latencySeconds: number;
}

const KEYS = { keyId: 'PKBENCHLIVE', secret: 'bench-live-secret' };
const INGEST_WARMUP_MINUTES = 5;
const LATENCY_WARMUP_TICKERS = 50;
const BREAKOUT = { warmup: 45, surge: 5 } as const;

const standinBar = (b: Bar): StandinBar => ({ symbol: b.symbol, ts: b.ts, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume });

/** Resolves once the engine's bars consumer has acknowledged every stream message up to `seq`, polling every `everyMs`. */
async function ackedUpTo(jsm: JetStreamManager, sub: Subjects, seq: number, everyMs: number, timeoutMs = 120_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const c = await jsm.consumers.info(sub.barsStream, sub.engineBarsConsumer);
    if (c.ack_floor.stream_seq >= seq && c.num_ack_pending === 0) return;
    if (performance.now() > deadline) throw new Error(`bars consumer stuck at ${c.ack_floor.stream_seq} of ${seq}`);
    if (everyMs > 0) await sleep(everyMs);
    else await nextTurn();
  }
}

interface Rig {
  readonly sub: Subjects;
  readonly jsm: JetStreamManager;
  readonly standin: MarketStreamStandin;
  readonly client: AlpacaBars;
  readonly running: RunningEngine;
  /** Bars pushed so far (= the bars stream's last sequence once published: nothing else is on it). */
  pushed: number;
  /** Entry commands acknowledged by JetStream: ticker → performance.now(). */
  readonly acked: Map<string, number>;
  /** Entry commands seen on the orders subject: ticker → performance.now(). */
  readonly arrived: Map<string, number>;
  /** Bars the engine took: symbol → the open time of the last one. */
  readonly taken: Map<string, number>;
  /** When the engine took each symbol's last bar (performance.now()). */
  readonly takenAt: Map<string, number>;
}

/** Every bar of `frames` (one frame a minute) pushed at once; resolves once the engine acknowledged them all. Bars/s. */
async function ingest(rig: Rig, frames: readonly (readonly Bar[])[]): Promise<{ bars: number; seconds: number; barsPerSec: number; publishedSeconds: number }> {
  const n = frames.reduce((k, f) => k + f.length, 0);
  const last = rig.pushed + n;
  const published = rig.client.stats.bars + n;
  let publishedAt = Number.NaN;
  const t0 = performance.now();
  for (const frame of frames) {
    rig.standin.pushBars(frame.map(standinBar));
    await nextTurn();
  }
  rig.pushed = last;
  // When AlpacaBars has had the last PubAck (the SDK side done), beside the engine's ack.
  const watch = (async () => {
    while (rig.client.stats.bars < published) await sleep(1);
    publishedAt = performance.now();
  })();
  await ackedUpTo(rig.jsm, rig.sub, last, 2);
  await watch;
  const seconds = (performance.now() - t0) / 1_000;
  return { bars: n, seconds, barsPerSec: n / seconds, publishedSeconds: (publishedAt - t0) / 1_000 };
}

/**
 * Breakouts of `names` from minute `base` on: the warm-up pushed a minute a frame (not timed), then
 * the surge bars one at a time, each awaited until the engine took it and is idle. Latencies (µs)
 * of the bars that made an entry; stops sending surge bars after `budgetMs`.
 */
async function breakouts(rig: Rig, names: readonly string[], base: number, budgetMs: number): Promise<{ toAck: number[]; toStream: number[]; toTaken: number[]; surgeBars: number }> {
  const paths = names.map((_, k) => breakoutPath(50 + (k % 50) * 5, BREAKOUT.warmup, BREAKOUT.surge));
  const bar = (k: number, i: number): Bar => {
    const p = paths[k] as { closes: number[]; volumes: number[] };
    const close = p.closes[i] as number;
    return barAt(names[k] as string, base + i, i === 0 ? close : (p.closes[i - 1] as number), close, p.volumes[i] as number);
  };
  await ingest(
    rig,
    Array.from({ length: BREAKOUT.warmup }, (_, i) => names.map((_, k) => bar(k, i))),
  );
  const toAck: number[] = [];
  const toStream: number[] = [];
  const toTaken: number[] = [];
  const entered = new Set<string>();
  let surgeBars = 0;
  const t0 = performance.now();
  for (let i = BREAKOUT.warmup; i < BREAKOUT.warmup + BREAKOUT.surge && performance.now() - t0 < budgetMs; i++) {
    for (let k = 0; k < names.length && performance.now() - t0 < budgetMs; k++) {
      const name = names[k] as string;
      if (entered.has(name)) continue;
      const b = bar(k, i);
      rig.acked.delete(name);
      rig.arrived.delete(name);
      const sent = performance.now();
      rig.standin.pushBar(standinBar(b));
      rig.pushed += 1;
      surgeBars += 1;
      // Taken by the engine, then idle: an entry it made is acknowledged (and answered) by then.
      while (rig.taken.get(name) !== b.ts) await nextTurn();
      await rig.running.engine.whenIdle();
      await ackedUpTo(rig.jsm, rig.sub, rig.pushed, 0);
      const acked = rig.acked.get(name);
      if (acked === undefined) continue;
      entered.add(name);
      toAck.push((acked - sent) * 1_000);
      const arrived = rig.arrived.get(name);
      if (arrived !== undefined) toStream.push((arrived - sent) * 1_000);
      toTaken.push(((rig.takenAt.get(name) as number) - sent) * 1_000);
    }
  }
  return { toAck, toStream, toTaken, surgeBars };
}

const summary = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { samples: s.length, p50: round(percentile(s, 0.5)), p99: round(percentile(s, 0.99)), max: round(percentile(s, 1)) };
};

export async function liveBench(o: LiveBenchOptions) {
  const namespace = `bench-live-${randomBytes(4).toString('hex')}`;
  const settings: NatsSettings = { ...o.settings, namespace };
  const sub = subjects(namespace);
  const dir = await mkdtemp(join(tmpdir(), 'thetis-bench-live-'));
  const ingestNames = tickers(o.tickers);
  const all = tickers(o.tickers + LATENCY_WARMUP_TICKERS + o.latencyTickers);
  const warmNames = all.slice(o.tickers, o.tickers + LATENCY_WARMUP_TICKERS);
  const latencyNames = all.slice(o.tickers + LATENCY_WARMUP_TICKERS);

  const link: NatsLink = await connectNats(settings, 'bench-live', silentLogger, false);
  const feedLink: NatsLink = await connectNats(settings, 'bench-live-feed', silentLogger, false);
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    const market = new FollowingMarket();
    const clock = { now: OPEN };
    const venue = new SimVenue(new SimBroker({ cash: EQUITY }), (s, now) => market.quote(s, now), () => clock.now);
    const executor = await NatsExecutor.start({ link, subjects: sub, settings, broker: venue, log: silentLogger });
    cleanups.push(() => executor.stop());

    const acked = new Map<string, number>();
    const arrived = new Map<string, number>();
    const taken = new Map<string, number>();
    const takenAt = new Map<string, number>();
    // The engine's NatsOrderGateway, its onSubmitAcked wrapped: JetStream's PubAck of each entry command.
    const start = NatsOrderGateway.start.bind(NatsOrderGateway);
    NatsOrderGateway.start = (g) =>
      start({
        ...g,
        onSubmitAcked: (id) => {
          const owner = parseOrderId(id);
          if (owner.effect === 'open') acked.set(owner.ticker, performance.now());
          g.onSubmitAcked?.(id);
        },
      });
    let running: RunningEngine;
    try {
      running = await startEngineService({
        config: loadConfig(CONFIG),
        tickers: all,
        equity: EQUITY,
        database: { dialect: 'sqlite', path: join(dir, 'thetis.sqlite') },
        nats: settings,
        market,
        clock: 'market',
        clockStart: OPEN,
        log: silentLogger,
        reconcileEveryMs: 600_000,
        onBarTaken: (bar) => {
          market.spot.set(bar.symbol, bar.close);
          clock.now = Math.max(clock.now, bar.ts + 60_000);
          taken.set(bar.symbol, bar.ts);
          takenAt.set(bar.symbol, performance.now());
        },
      });
    } finally {
      NatsOrderGateway.start = start;
    }
    const engine = running;
    cleanups.push(() => engine.stop());

    // The orders subject, plainly: when each entry command reaches the server.
    const orders = link.nc.subscribe(`${namespace}.orders.submit.>`, {
      callback: (_err, m) => {
        const t = performance.now();
        const ticker = m.subject.slice(m.subject.lastIndexOf('.') + 1);
        arrived.set(ticker, t);
      },
    });
    cleanups.push(async () => orders.unsubscribe());

    const standin = await MarketStreamStandin.start({ credentials: KEYS });
    cleanups.push(() => standin.close());
    const client = await AlpacaBars.start({ ...KEYS, tickers: all, link: feedLink, settings, subjects: sub, log: silentLogger, url: standin.url('sip'), feed: 'sip', updatedBars: false });
    cleanups.push(() => client.stop());
    const subscribedBy = performance.now() + 10_000;
    while (!all.every((t) => standin.subscribed('bars', t))) {
      if (performance.now() > subscribedBy) throw new Error('the SDK stream did not subscribe to every ticker');
      await sleep(10);
    }
    const rig: Rig = { sub, jsm: await jetstreamManager(link.nc), standin, client, running: engine, pushed: 0, acked, arrived, taken, takenAt };

    // (1) Ingest: a flat climb of every ticker (no signals), warm-up minutes first.
    const { bars: flat } = buildBars(ingestNames, INGEST_WARMUP_MINUTES + o.minutes, 10_000, false);
    await ingest(rig, flat.slice(0, INGEST_WARMUP_MINUTES));
    const timed = await ingest(rig, flat.slice(INGEST_WARMUP_MINUTES));

    // (2) Bar → PubAck of the entry: a warm-up group (the entry path compiled), then the timed group.
    let minute = INGEST_WARMUP_MINUTES + o.minutes;
    await breakouts(rig, warmNames, minute, 10_000);
    minute += BREAKOUT.warmup + BREAKOUT.surge;
    const lat = await breakouts(rig, latencyNames, minute, o.latencySeconds * 1_000);

    const stats = { ...client.stats };
    return {
      tickers: o.tickers,
      minutes: o.minutes,
      storage: settings.storage,
      ingestBarsPerSec: round(timed.barsPerSec),
      ingest: { bars: timed.bars, seconds: round(timed.seconds, 3), publishedSeconds: round(timed.publishedSeconds, 3), sdkReceived: stats.received, published: stats.bars, refused: stats.refused, publishFailures: stats.publishFailures },
      barToAckUs: summary(lat.toAck),
      barToStreamUs: summary(lat.toStream),
      barToTakenUs: summary(lat.toTaken),
      latencyRun: { tickers: latencyNames.length, surgeBarsSent: lat.surgeBars, entries: lat.toAck.length, openPositions: engine.engine.openPositions },
      note:
        'ingestBarsPerSec: the Alpaca stand-in pushes minutes × tickers 1-minute bars (one msgpack frame a minute, as fast as it can) → the real SDK stockStream → AlpacaBars → JetStream bars stream → startEngineService (SQLite, in this process) → the actor tree; from the first push to the engine\'s bars consumer acknowledging the last bar (ack floor polled every 2 ms). ' +
        "barToAckUs: one breakout bar at a time, from the stand-in sending it to JetStream's PubAck of the entry command (NatsOrderGateway onSubmitAcked, through the outbox's SQLite write); barToStreamUs: to the command's arrival on the orders subject (plain NATS subscription); barToTakenUs: the same bars to the engine's onBarTaken (SDK → AlpacaBars → JetStream → the bars consumer); ingest.publishedSeconds: until AlpacaBars had the last bar's PubAck. The executor runs in this process over a simulated broker.",
    };
  } finally {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
    await deleteStreams(link.nc, sub).catch(() => undefined);
    await feedLink.drain().catch(() => undefined);
    await link.drain().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}
