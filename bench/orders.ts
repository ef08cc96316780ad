/**
 * The order path over NATS JetStream: orders per second end to end (an approved intent told to the
 * gateway actor → JetStream → the executor → the simulated broker → the execution back in an
 * actor), a bare nats.js JetStream publish loop in the same run for the ratio, and bar →
 * JetStream-acknowledged latency through the real tree (one bar at a time, the tree idle between).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Engine } from '../src/actors/engine.js';
import { SERVICE_NODE_FLAGS } from '../src/app/node-flags.js';
import type { OrderGatewayPort } from '../src/actors/ports/order-gateway.js';
import { spawnGateway } from '../src/actors/gateway/actor.js';
import { RiskApprovals } from '../src/actors/portfolio/approvals.js';
import { createRuntime, spawnActor, supervision, tell, VirtualClock, silentLogger } from '../src/actors/runtime/index.js';
import { loadConfig } from '../src/domain/config/index.js';
import { parseOrderId } from '../src/domain/intents/ids.js';
import type { Execution } from '../src/domain/values/execution.js';
import { makeOrderIntent, type OrderIntent } from '../src/domain/values/order.js';
import { connectNats, type NatsLink } from '../src/infra/nats/connection.js';
import { decodeExecution, encode } from '../src/infra/nats/codec.js';
import { NatsExecutor } from '../src/infra/nats/executor.js';
import { NatsOrderGateway } from '../src/infra/nats/order-gateway.js';
import type { NatsSettings } from '../src/infra/nats/settings.js';
import { deleteStreams, ensureStreams } from '../src/infra/nats/streams.js';
import { msgIds, subjects, type Subjects } from '../src/infra/nats/subjects.js';
import { CountingSink, MINUTE, OPEN, ScriptedMarket, tickers } from './fixtures.js';
import { median, percentile, round } from './stats.js';
import { BENCH_CALL, BENCH_NOW, benchVenue } from './sim-executor.js';
import { buildBars, CONFIG, EQUITY, SESSION_MINUTES } from './tree.js';

export interface OrdersBenchOptions {
  readonly settings: NatsSettings;
  /** Orders in the end-to-end run (and messages in the raw publish loop). */
  readonly orders: number;
  /** Tickers in each latency round: every other one breaks out (and enters, again after each refusal, while its surge lasts). */
  readonly latencyTickers: number;
  /** Latency rounds the same engine plays first, their p99s reported apart and left out of the pooled figures: its entry path compiled by V8. */
  readonly latencyWarmupRounds: number;
  /** Latency rounds after those, their samples pooled. */
  readonly latencyRounds: number;
}

/** A namespace of the run's own, its streams deleted at the end. */
async function withNamespace<T>(link: NatsLink, fn: (sub: Subjects) => Promise<T>): Promise<T> {
  const sub = subjects(`bench-${randomBytes(4).toString('hex')}`);
  try {
    return await fn(sub);
  } finally {
    await deleteStreams(link.nc, sub);
  }
}

/** nats.js alone: `n` JetStream publishes with msg ids, all in flight at once, on a stream like the orders stream. */
async function rawPublish(link: NatsLink, settings: NatsSettings, n: number): Promise<number> {
  return withNamespace(link, async (sub) => {
    await ensureStreams(link.nc, sub, settings);
    const js = jetstream(link.nc);
    const data = new TextEncoder().encode(JSON.stringify({ type: 'submit', padding: 'x'.repeat(300) }));
    const t0 = performance.now();
    await Promise.all(Array.from({ length: n }, (_, i) => js.publish(sub.submit('SPY'), data, { msgID: `raw-${i}` })));
    return n / ((performance.now() - t0) / 1_000);
  });
}

/** The n-th bench order: a buy of one SPY call, marketable at the bench venue (filled at once). */
function benchIntent(n: number): OrderIntent {
  return makeOrderIntent({ clientOrderId: `th-SPY-${n}-open`, correlationId: `SPY-${n}`, underlying: 'SPY', symbol: BENCH_CALL.symbol, side: 'buy', effect: 'open', qty: 1, type: 'limit', limitPrice: 2.2, timeInForce: 'day', reasons: ['BENCH'], ts: BENCH_NOW });
}

/** Orders an executor takes before its first latency or floor round: its code compiled, as a long-running executor's is. */
const EXECUTOR_WARMUP = 2_000;
/** The warm-up's first order number: far above any round's. */
const WARMUP_IDS = 1_000_000_000;

/** How long a warm-up may take before the bench gives up on the executor. */
const WARMUP_DEADLINE_MS = 60_000;

/**
 * Warms up an executor just started in its own process (a cold one spends the round's first
 * hundreds of orders in the interpreter, its CPU taken from the path being timed): `EXECUTOR_WARMUP`
 * bench orders (ids from WARMUP_IDS up, clear of a round's own) sent in one burst. Once the executor
 * has acknowledged every one (it does after its execution is in the stream), the executions stream
 * is purged, so an engine's consumer starts on an empty one.
 */
async function warmUp(link: NatsLink, sub: Subjects): Promise<void> {
  const js = jetstream(link.nc);
  const jsm = await jetstreamManager(link.nc);
  // Every order's fill, then the executor's acks: waited for as they come, not by polling the server through the burst.
  let filled = 0;
  let allFilled: () => void = () => undefined;
  const fills = new Promise<void>((resolve) => (allFilled = resolve));
  const executions = link.nc.subscribe(sub.executions, {
    callback: (_, m) => {
      if (decodeExecution(m.data).status === 'filled' && ++filled === EXECUTOR_WARMUP) allFilled();
    },
  });
  // Each one fills at once at the bench venue (marketable, deep): one that did not would be a broken executor.
  const deadline = performance.now() + WARMUP_DEADLINE_MS;
  const late = (what: string) => new Error(`bench executor warm-up: ${what} after ${WARMUP_DEADLINE_MS} ms`);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.all(
      Array.from({ length: EXECUTOR_WARMUP }, (_, i) => {
        const intent = benchIntent(WARMUP_IDS + i);
        return js.publish(sub.submit('SPY'), encode({ type: 'submit', intent }), { msgID: msgIds.submit(intent.clientOrderId) });
      }),
    );
    await Promise.race([fills, new Promise((_, reject) => (timer = setTimeout(() => reject(late(`${EXECUTOR_WARMUP - filled} of ${EXECUTOR_WARMUP} orders not filled`)), deadline - performance.now())))]);
  } finally {
    clearTimeout(timer);
    executions.unsubscribe();
  }
  // The executor acknowledges a command once its execution is in the stream: the last acks are on their way.
  for (;;) {
    const taken = await jsm.consumers.info(sub.ordersStream, sub.executorConsumer);
    if (taken.num_pending + taken.num_ack_pending === 0) break;
    if (performance.now() > deadline) throw late(`${taken.num_pending + taken.num_ack_pending} commands not acknowledged`);
  }
  await jsm.streams.purge(sub.executionsStream);
}

/** The longest the latency runs wait for an order's answer before the next bar. */
const ANSWER_WAIT_MS = 2_000;

/**
 * Resolves once `done()` holds (or after `timeoutMs`), checking on each turn of the event loop: the
 * process stays awake between orders, as a busy engine's does (an idle one pays this machine's
 * wake-up on the next PubAck: p50 about 60 µs worse). One callback reused, no promise per turn: the
 * wait's own garbage was about a third of what the timed process allocated, and its collections
 * landed in the samples.
 */
function spinUntil(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  return new Promise((resolve) => {
    const check = (): void => {
      if (done() || performance.now() > deadline) resolve();
      else setImmediate(check);
    };
    check();
  });
}

/** An executor over the sim broker in this process, or in a process of its own (bench/sim-executor.ts, with the services' node flags). */
async function startExecutor(settings: NatsSettings, sub: Subjects, own: boolean): Promise<() => Promise<void>> {
  if (own) {
    const child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, '--import', 'tsx', fileURLToPath(new URL('./sim-executor.ts', import.meta.url)), sub.namespace], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`bench executor exited (${String(code)})`)));
      child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    });
    return async () => {
      if (child.exitCode !== null || child.signalCode !== null) return; // already gone: no 'exit' to wait for
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    };
  }
  const link = await connectNats(settings, 'bench-executor', silentLogger, false);
  const executor = await NatsExecutor.start({ link, subjects: sub, settings, broker: benchVenue(), log: silentLogger });
  return async () => {
    await executor.stop();
    await link.drain();
  };
}

/**
 * The floor under bar → ack on this machine: the entry command alone, published by bare nats.js one
 * at a time with an executor consuming in its own process, as in `withBarToAck` (each order's fill
 * back before the next; one executor for every round, warmed up), but no tree and no gateway.
 * `fn` is given a round: µs from publish to PubAck of `n` orders, ascending.
 */
async function withFloor<T>(link: NatsLink, settings: NatsSettings, fn: (round: (n: number) => Promise<number[]>) => Promise<T>): Promise<T> {
  return withNamespace(link, async (sub) => {
    await ensureStreams(link.nc, sub, settings);
    const stopExecutor = await startExecutor(settings, sub, true);
    const js = jetstream(link.nc);
    let fills = 0;
    let sent = 0;
    const floorRound = async (n: number): Promise<number[]> => {
      const us: number[] = [];
      for (let k = 0; k < n; k++) {
        const intent = benchIntent(++sent);
        const data = encode({ type: 'submit', intent });
        const t0 = performance.now();
        await js.publish(sub.submit('SPY'), data, { msgID: msgIds.submit(intent.clientOrderId) });
        us.push((performance.now() - t0) * 1_000);
        await spinUntil(() => fills >= sent, ANSWER_WAIT_MS);
      }
      return us.sort((a, b) => a - b);
    };
    try {
      await warmUp(link, sub);
      const executions = link.nc.subscribe(sub.executions, {
        callback: (_, m) => {
          if (decodeExecution(m.data).status === 'filled') fills += 1;
        },
      });
      try {
        return await fn(floorRound);
      } finally {
        executions.unsubscribe();
      }
    } finally {
      await stopExecutor();
    }
  });
}

/**
 * Approved intents through the gateway actor, JetStream and the executor to the sim broker; filled
 * executions back in an actor. `ownProcess`: the executor runs in a process of its own. A warm-up
 * burst first (both sides compiled), then `rounds` timed bursts of `n` orders: orders/s per round.
 */
export async function endToEnd(settings: NatsSettings, n: number, ownProcess: boolean, rounds = 3): Promise<number[]> {
  const engineLink = await connectNats(settings, 'bench-engine', silentLogger, false);
  try {
    return await withNamespace(engineLink, async (sub) => {
      const gatewayPort = await NatsOrderGateway.start({ link: engineLink, subjects: sub, settings, log: silentLogger });
      const stopExecutor = await startExecutor(settings, sub, ownProcess);
      const runtime = createRuntime({ name: 'bench-orders', clock: new VirtualClock(BENCH_NOW) });
      let expected = 0;
      let done: () => void = () => undefined;
      const receiver = spawnActor(runtime.root, {
        name: 'receiver',
        initialState: 0,
        supervision: supervision(),
        handle: (count: number, e: Execution) => {
          if (e.status !== 'filled') return count;
          if (count + 1 === expected) done();
          return count + 1;
        },
      });
      gatewayPort.connect((e) => tell(receiver, e));
      const approvals = new RiskApprovals();
      const gateway = spawnGateway(runtime.root, gatewayPort, approvals, new CountingSink());
      let sent = 0;
      /** Sends `count` new orders and resolves once every one of them is back filled; their orders/s. */
      const burst = async (count: number): Promise<number> => {
        expected = sent + count;
        const all = new Promise<void>((resolve) => (done = resolve));
        const intents = Array.from({ length: count }, () => {
          sent += 1;
          return benchIntent(sent);
        });
        const t0 = performance.now();
        for (const intent of intents) tell(gateway, { type: 'submit', intent, approval: approvals.issue(intent), correlationId: intent.correlationId });
        await all;
        return count / ((performance.now() - t0) / 1_000);
      };
      await burst(Math.min(2_000, n)); // warm-up
      const rates: number[] = [];
      for (let r = 0; r < rounds; r++) rates.push(await burst(n));
      runtime.stop();
      await stopExecutor();
      await gatewayPort.stop();
      return rates;
    });
  } finally {
    await engineLink.drain();
  }
}

/** A latency round's minutes of bars: the signal's warm-up, then every other ticker's breakout and entries (45–58 bars in). */
const ROUND_MINUTES = 60;

/** One latency round's samples, ascending (µs): bar → PubAck of the entry command, and the tree's part (bar → the gateway port's submit()). */
interface LatencyRound {
  readonly toAck: number[];
  readonly toSubmit: number[];
}

/**
 * Bar → the entry command acknowledged by JetStream, through the real tree of one engine that plays
 * every round. A fresh engine spends its first entries compiling the entry path on V8's background
 * threads, which take the CPU nats-server needs on this 2-core machine: in a probe that reported
 * each of six rounds of one engine, the p99 fell from 3.9–5.0 ms in the first to 0.5–0.8 ms in the
 * sixth. The executor runs in its own process, warmed up. `fn` is given a round: 60 minutes of bars
 * for tickers of its own, one bar at a time, the tree idle between; after a bar that sent an order,
 * its answer is back before the next. Every other ticker breaks out and enters; the bench venue
 * refuses the engine's orders (their contracts are not its day's), so the ticker enters again on its
 * next bar while its surge lasts: about 3.4 entries per breakout, each one a sample of the same path.
 */
async function withBarToAck<T>(settings: NatsSettings, tickerCount: number, rounds: number, fn: (round: () => Promise<LatencyRound>) => Promise<T>): Promise<T> {
  if (rounds * ROUND_MINUTES > SESSION_MINUTES) throw new RangeError(`at most ${Math.floor(SESSION_MINUTES / ROUND_MINUTES)} latency rounds fit in a session`);
  const engineLink = await connectNats(settings, 'bench-engine', silentLogger, false);
  try {
    return await withNamespace(engineLink, async (sub) => {
      await ensureStreams(engineLink.nc, sub, settings);
      const stopExecutor = await startExecutor(settings, sub, true);
      try {
        await warmUp(engineLink, sub);
        return await playRounds(engineLink, sub, settings, tickerCount, rounds, fn);
      } finally {
        await stopExecutor();
      }
    });
  } finally {
    await engineLink.drain();
  }
}

/** `withBarToAck`'s engine and gateway, over an executor already taking commands; both stopped after `fn`, however it ends. */
async function playRounds<T>(link: NatsLink, sub: Subjects, settings: NatsSettings, tickerCount: number, rounds: number, fn: (round: () => Promise<LatencyRound>) => Promise<T>): Promise<T> {
  const names = tickers(tickerCount * rounds);
  const clock = new VirtualClock(OPEN);
  const market = new ScriptedMarket();
  const sink = new CountingSink();
  const barAt = new Map<string, number>();
  let current: LatencyRound = { toAck: [], toSubmit: [] };
  const onSubmitAcked = (id: string) => {
    const owner = parseOrderId(id);
    const t0 = barAt.get(owner.ticker);
    if (owner.effect === 'open' && t0 !== undefined) current.toAck.push((performance.now() - t0) * 1_000);
  };
  const gateway = await NatsOrderGateway.start({ link, subjects: sub, settings, log: silentLogger, onSubmitAcked });
  const stamping: OrderGatewayPort = {
    connect: (h) => gateway.connect(h),
    submit: (intent) => {
      const t0 = barAt.get(intent.underlying);
      if (t0 !== undefined && intent.effect === 'open') current.toSubmit.push((performance.now() - t0) * 1_000);
      gateway.submit(intent);
    },
    cancel: (id, correlationId) => gateway.cancel(id, correlationId),
  };
  const runtime = createRuntime({ name: 'bench-bar-ack', clock });
  try {
    const engine = Engine.start(runtime, { config: loadConfig(CONFIG), market, gateway: stamping, decisions: sink, trades: sink }, { tickers: names, equity: EQUITY });
    /** Waits until every command sent has had an answer back (bounded: a cancel of a finished order has none). */
    const answered = async () => {
      await spinUntil(() => gateway.stats.executions + gateway.stats.stale >= gateway.stats.commands, ANSWER_WAIT_MS);
      await engine.whenIdle();
    };
    let played = 0;
    const playRound = async (): Promise<LatencyRound> => {
      if (played === rounds) throw new RangeError(`all ${rounds} latency rounds played`);
      const r = played++;
      const from = r * ROUND_MINUTES;
      const own = names.slice(r * tickerCount, (r + 1) * tickerCount);
      const { bars, closes } = buildBars(own, ROUND_MINUTES, ROUND_MINUTES, true, from);
      current = { toAck: [], toSubmit: [] };
      for (let i = 0; i < ROUND_MINUTES; i++) {
        clock.advanceTo(OPEN + (from + i + 1) * MINUTE);
        own.forEach((name, k) => market.spot.set(name, closes[i]?.[k] as number));
        await engine.whenIdle(); // what the new minute's timers started is done before its first bar is timed
        for (const bar of bars[i] ?? []) {
          const sent = gateway.stats.commands;
          barAt.set(bar.symbol, performance.now());
          engine.onBar(bar);
          await engine.whenIdle();
          if (gateway.stats.commands > sent) await answered();
          barAt.delete(bar.symbol);
        }
      }
      return { toAck: current.toAck.sort((a, b) => a - b), toSubmit: current.toSubmit.sort((a, b) => a - b) };
    };
    return await fn(playRound);
  } finally {
    runtime.stop();
    await gateway.stop();
  }
}

export async function ordersBench(o: OrdersBenchOptions) {
  const link = await connectNats(o.settings, 'bench-raw', silentLogger, false);
  let raw: number;
  try {
    await rawPublish(link, o.settings, Math.min(2_000, o.orders)); // warm-up
    raw = await rawPublish(link, o.settings, o.orders);
  } finally {
    await link.drain();
  }
  const e2e = await endToEnd(o.settings, o.orders, true);
  const e2eOneProcess = await endToEnd(o.settings, o.orders, false);
  // One engine and one floor executor for every round, the warm-up rounds first (reported apart). The
  // rest pooled: one round's p99 rests on its ~7 slowest samples, which this machine's noise moves
  // by milliseconds. Each round is followed by a floor round of as many samples, so both see the same machine.
  const floorLink = await connectNats(o.settings, 'bench-floor', silentLogger, false);
  let results: (LatencyRound & { floor: number[] })[];
  try {
    results = await withBarToAck(o.settings, o.latencyTickers, o.latencyWarmupRounds + o.latencyRounds, (barToAckRound) =>
      withFloor(floorLink, o.settings, async (floorRound) => {
        const all: (LatencyRound & { floor: number[] })[] = [];
        for (let r = 0; r < o.latencyWarmupRounds + o.latencyRounds; r++) {
          const latency = await barToAckRound();
          all.push({ ...latency, floor: await floorRound(latency.toAck.length) });
        }
        return all;
      }),
    );
  } finally {
    await floorLink.drain();
  }
  const warmup = results.slice(0, o.latencyWarmupRounds);
  const rounds = results.slice(o.latencyWarmupRounds);
  const pooled = (pick: (x: (typeof rounds)[number]) => number[]) => rounds.flatMap(pick).sort((a, b) => a - b);
  const us = pooled((x) => x.toAck);
  const floor = pooled((x) => x.floor);
  const summary = (xs: readonly number[]) => ({ samples: xs.length, p50: round(percentile(xs, 0.5)), p99: round(percentile(xs, 0.99)), max: round(percentile(xs, 1)) });
  return {
    orders: o.orders,
    storage: o.settings.storage,
    ordersPerSec: round(median(e2e)),
    ordersPerSecRounds: e2e.map((x) => round(x)),
    rawPublishPerSec: round(raw),
    ratio: round(median(e2e) / raw, 3),
    ordersPerSecOneProcess: round(median(e2eOneProcess)),
    ordersPerSecOneProcessRounds: e2eOneProcess.map((x) => round(x)),
    barToAckUs: summary(us),
    barToAckP99UsRounds: rounds.map((x) => round(percentile(x.toAck, 0.99))),
    barToAckP99UsWarmupRounds: warmup.map((x) => round(percentile(x.toAck, 0.99))),
    barToSubmitUs: summary(pooled((x) => x.toSubmit)),
    floorUs: summary(floor),
    floorP99UsRounds: rounds.map((x) => round(percentile(x.floor, 0.99))),
    floorP99UsWarmupRounds: warmup.map((x) => round(percentile(x.floor, 0.99))),
    barToAckOverFloor: { p50: round(percentile(us, 0.5) / percentile(floor, 0.5), 2), p99: round(percentile(us, 0.99) / percentile(floor, 0.99), 2) },
    targets: { ordersPerSec: 5_000, barToAckP99Us: 2_000 },
    met: { ordersPerSec: median(e2e) >= 5_000, barToAckP99: percentile(us, 0.99) < 2_000, floorP99UnderTarget: percentile(floor, 0.99) < 2_000 },
    note: 'ordersPerSec: approved intents → gateway actor → JetStream → executor → sim broker → filled execution back in an actor; rawPublishPerSec: nats.js JetStream publishes with msg ids, all in flight, same stream settings; barToAckUs: engine.onBar → PubAck of the entry command, one bar at a time, the executor consuming in its own process; one engine plays every round, the warm-up rounds first (barToAckP99UsWarmupRounds: their p99s, left out of the pooled figures: the engine still compiling its entry path), the samples of the rest pooled (barToAckP99UsRounds: the p99 of each; barToSubmitUs: the tree\'s part, to the gateway port); floorUs: the same command published by bare nats.js one at a time, one executor consuming in its own process for every round, no tree and no gateway (a round after each barToAck round, as many samples, pooled as barToAckUs; floorP99UsRounds and floorP99UsWarmupRounds as for barToAck): what this machine charges before any engine code runs; barToAckOverFloor: barToAckUs over floorUs, p50 and p99',
  };
}
