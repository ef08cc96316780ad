/**
 * Bar throughput and bar → order-intent latency through the real actor tree (Engine on a
 * virtual clock, fast scripted market, SimBroker + InProcessExecutor), with open positions.
 */
import { Engine } from '../src/actors/engine.js';
import type { OrderGatewayPort } from '../src/actors/ports/order-gateway.js';
import { createRuntime, VirtualClock, type Runtime } from '../src/actors/runtime/index.js';
import { loadConfig } from '../src/domain/config/index.js';
import type { Bar } from '../src/domain/values/bar.js';
import type { Execution } from '../src/domain/values/execution.js';
import type { OrderIntent } from '../src/domain/values/order.js';
import { InProcessExecutor } from '../src/infra/executor/in-process.js';
import { SimBroker } from '../src/infra/sim-broker/broker.js';
import { heapAfterGcMb, heapMb } from './gc.js';
import { barAt, CountingSink, ScriptedMarket, MINUTE, OPEN, pricePath, tickers } from './fixtures.js';

export interface TreeBenchOptions {
  readonly tickers: number;
  /** Minutes played before measuring: breakouts open positions here (and give the latency samples). */
  readonly warmupMinutes: number;
  /** Minutes measured; every ticker gets one bar per minute. */
  readonly minutes: number;
  /** Whether every other ticker breaks out in the warm-up (and holds a position); false: no positions. */
  readonly positions: boolean;
  /**
   * Warm-up feed: false gives each minute's bars to the tree at once (latency includes queueing
   * behind the others), true one bar at a time, idle in between (latency of a bar on its own).
   */
  readonly serialWarmup?: boolean;
}

export interface IntentLatency {
  readonly ms: number;
  readonly effect: OrderIntent['effect'];
}

export interface TreeBenchResult {
  readonly bars: number;
  readonly seconds: number;
  readonly barsPerSec: number;
  /** Open positions when the measured window starts and ends. */
  readonly openPositions: { readonly start: number; readonly end: number };
  /** Milliseconds from engine.onBar to the gateway port's submit(), one per bar that produced an order intent. */
  readonly latencies: readonly IntentLatency[];
  /** heapUsed (MiB): after a full GC before measuring, at the end, and after a full GC at the end. */
  readonly heapUsedMb: { readonly before: number; readonly after: number; readonly retained: number };
  readonly decisions: number;
  readonly trades: number;
  readonly deadLetters: number;
}

export const EQUITY = 10_000_000;

/** Minutes a bench run may play after the open: day trades go flat 380 minutes in (10 before the close), and its last bars stay clear of that. */
export const SESSION_MINUTES = 370;

/**
 * Caps wide enough that every breakout opens a position, and no exit that the flat measured
 * window would trigger (SMA break, trend flip, no follow-through): positions stay open.
 */
export const CONFIG = {
  risk: { maxOpenPositions: 10_000, maxTotalRiskPct: 1, maxNetDeltaShares: 1e12, maxNetVega: 1e12 },
  exits: { underlying: { smaBreak: false, trendFlip: false }, time: { noFollowThroughMin: { min: 600, max: 600 } } },
};

/**
 * The gateway port the tree sees: an intent reaching submit() is timed against the onBar call
 * of its underlying's bar in the current minute (the first intent per underlying and minute).
 */
class StampingGateway implements OrderGatewayPort {
  /** Underlying → performance.now() at engine.onBar, for the minute being timed. */
  readonly barAt = new Map<string, number>();
  readonly latencies: IntentLatency[] = [];

  constructor(private readonly inner: OrderGatewayPort) {}

  connect(onExecution: (execution: Execution) => void): void {
    this.inner.connect(onExecution);
  }

  submit(intent: OrderIntent): void {
    const t0 = this.barAt.get(intent.underlying);
    if (t0 !== undefined) {
      this.latencies.push({ ms: performance.now() - t0, effect: intent.effect });
      this.barAt.delete(intent.underlying);
    }
    this.inner.submit(intent);
  }

  cancel(clientOrderId: string, correlationId: string): void {
    this.inner.cancel(clientOrderId, correlationId);
  }
}

/** bars[minute][ticker], and each ticker's spot per minute; the first bars at `fromMinute` after the open. */
export function buildBars(names: readonly string[], minutes: number, warmup: number, positions: boolean, fromMinute = 0): { bars: Bar[][]; closes: number[][] } {
  const paths = names.map((_, k) => pricePath(50 + (k % 50) * 5, positions && k % 2 === 0, (k >> 1) % 10, warmup, minutes));
  const bars: Bar[][] = [];
  const closes: number[][] = [];
  for (let i = 0; i < minutes; i++) {
    bars.push(
      names.map((name, k) => {
        const p = paths[k] as { closes: number[]; volumes: number[] };
        const close = p.closes[i] as number;
        return barAt(name, fromMinute + i, i === 0 ? close : (p.closes[i - 1] as number), close, p.volumes[i] as number);
      }),
    );
    closes.push(paths.map((p) => p.closes[i] as number));
  }
  return { bars, closes };
}

export async function treeBench(opts: TreeBenchOptions): Promise<TreeBenchResult> {
  const names = tickers(opts.tickers);
  const total = opts.warmupMinutes + opts.minutes;
  if (total > SESSION_MINUTES) throw new RangeError('the run must end before the day-trade flat time (380 minutes after the open)');
  const clock = new VirtualClock(OPEN);
  const market = new ScriptedMarket();
  const sink = new CountingSink();
  const broker = new SimBroker({ cash: EQUITY });
  const executor = new InProcessExecutor(broker, (s, now) => market.quote(s, now), () => clock.now());
  const gateway = new StampingGateway(executor);
  const runtime: Runtime = createRuntime({ name: 'bench-tree', clock });
  const engine = Engine.start(runtime, { config: loadConfig(CONFIG), market, gateway, decisions: sink, trades: sink }, { tickers: names, equity: EQUITY });
  const { bars, closes } = buildBars(names, total, opts.warmupMinutes, opts.positions);

  /** One minute: the bars close, resting orders meet the new quotes, then every ticker's bar goes in. */
  const play = async (i: number, stamp: boolean, serial = false): Promise<void> => {
    const minute = bars[i] as Bar[];
    const spots = closes[i] as number[];
    clock.advanceTo(OPEN + (i + 1) * MINUTE);
    for (let k = 0; k < names.length; k++) market.spot.set(names[k] as string, spots[k] as number);
    executor.work(clock.now());
    await engine.whenIdle();
    for (const bar of minute) {
      if (stamp) gateway.barAt.set(bar.symbol, performance.now());
      engine.onBar(bar);
      if (serial) await engine.whenIdle();
    }
    await engine.whenIdle();
    if (stamp) gateway.barAt.clear();
  };

  try {
    for (let i = 0; i < opts.warmupMinutes; i++) await play(i, true, opts.serialWarmup);
    const start = engine.openPositions;
    const before = heapAfterGcMb();
    const t0 = performance.now();
    for (let i = opts.warmupMinutes; i < total; i++) await play(i, false);
    const seconds = (performance.now() - t0) / 1_000;
    const after = heapMb();
    const retained = heapAfterGcMb();
    const measured = opts.minutes * names.length;
    return {
      bars: measured,
      seconds,
      barsPerSec: measured / seconds,
      openPositions: { start, end: engine.openPositions },
      latencies: gateway.latencies,
      heapUsedMb: { before, after, retained },
      decisions: sink.decisions,
      trades: sink.trades,
      deadLetters: runtime.metrics.deadLetters,
    };
  } finally {
    runtime.stop();
  }
}
