import { basename, resolve } from 'node:path';
import { Engine } from '../../actors/engine.js';
import type { DecisionSink } from '../../actors/ports/decision-sink.js';
import type { TracingPort } from '../../actors/ports/tracing.js';
import { createRuntime, silentLogger, VirtualClock, type Logger } from '../../actors/runtime/index.js';
import { nyDate, session } from '../../domain/calendar/session.js';
import { tradingDays } from '../../domain/calendar/trading-days.js';
import type { Config } from '../../domain/config/load.js';
import type { KellyStats } from '../../domain/values/stats.js';
import type { OptionQuote } from '../../domain/values/quote.js';
import { MINUTE_MS } from '../../domain/values/time.js';
import { openMarket } from '../market/load.js';
import { ReplayMarketData } from '../market/port.js';
import type { BacktestResult, EquityPoint } from '../report/result.js';
import { SimBroker } from '../sim-broker/broker.js';
import type { SimBrokerConfigInput } from '../sim-broker/config.js';
import { shareQuote } from '../sim-broker/shares.js';
import { configDigest } from './config-digest.js';
import { openOrderPath, type BacktestExecutor } from './order-path.js';
import { BacktestRecorder } from './recorder.js';
import { deliverMinute, type Tape } from './tapes.js';

export interface BacktestOptions {
  readonly marketDir: string;
  readonly config: Config;
  readonly startingEquity: number;
  readonly broker?: SimBrokerConfigInput;
  /** Trade statistics for the half-Kelly sizer (off unless given: a run must not depend on the previous one). */
  readonly kelly?: KellyStats;
  /** Minutes between equity-curve points (each day's close is always kept). */
  readonly sampleMinutes?: number;
  readonly logger?: Logger;
  readonly onProgress?: (p: { readonly bars: number; readonly totalBars: number; readonly ts: number }) => void;
  /**
   * Minutes of bars a quiet ticker judges in one message (default 30; see Engine.scan). 1 sends
   * every bar on its own, as live trading does. The result is the same for any value (a test
   * holds this); larger is faster.
   */
  readonly batchMinutes?: number;
  /** How orders reach the simulated broker (default in-process; `nats` goes through JetStream and the executor). */
  readonly executor?: BacktestExecutor;
  /** Also sent every decision as it is made (recording the run: see RunRecording). */
  readonly audit?: DecisionSink;
  /** Spans of the decision chains (`thetis backtest --trace`, the bench); default none (the no-op). */
  readonly tracing?: TracingPort;
}

/** Two hours: a quiet ticker takes 120 bars per message (30 gave 810k bars/s on 500 tickers, 120 gave 880k). */
const DEFAULT_BATCH_MINUTES = 120;

/**
 * Replays a market through the real actor tree on a virtual clock, against the simulated broker,
 * in windows of `batchMinutes`. Each minute the clock advances (firing exit timers) and resting
 * orders meet the new quotes; then the bars of tickers holding a position go to the engine, and
 * after them the others: a quiet ticker is offered the rest of its window in one message
 * (Engine.scan) and takes it up to a bar it must act on, which comes through `onBar` at its
 * minute like every bar of a ticker that is not quiet. The runner waits until the tree is idle
 * between steps. Days end with day orders expiring and expiring contracts settling.
 * Deterministic: same market and config, same result, whatever the batch.
 */
export async function runBacktest(o: BacktestOptions): Promise<BacktestResult> {
  const t0 = performance.now();
  const market = await openMarket(o.marketDir);
  const tickers = market.tickers.map((t) => t.symbol);
  const data = new ReplayMarketData(market);
  const first = market.manifest.start;
  const clock = new VirtualClock(first ? (session(first)?.open ?? 0) : 0);
  const broker = new SimBroker({ cash: o.startingEquity, config: o.broker });
  // A ticker's share quote at its last close (a delta hedge's share orders), else an option's: a set
  // look-up, not an OCC parse, on this per-order, per-minute path.
  const shares = new Set(tickers);
  const quote = (symbol: string, now: number): OptionQuote | undefined => {
    if (!shares.has(symbol)) return data.quote(symbol, now);
    const spot = data.spot(symbol);
    return spot === undefined ? undefined : shareQuote(symbol, spot, now);
  };
  const orders = await openOrderPath(o.executor ?? { kind: 'in-process' }, broker, quote, () => clock.now(), o.logger ?? silentLogger);
  const { venue } = orders;
  const recorder = new BacktestRecorder();
  const audit = o.audit;
  const decisions: DecisionSink =
    audit === undefined
      ? recorder
      : {
          record: (e) => {
            recorder.record(e);
            audit.record(e);
          },
        };
  const runtime = createRuntime({ name: 'backtest', clock, logger: o.logger });
  const engine = Engine.start(
    runtime,
    { config: o.config, market: data, gateway: orders.gateway, decisions, trades: recorder, ...(o.kelly ? { kelly: o.kelly } : {}), ...(o.tracing ? { tracing: o.tracing } : {}) },
    { tickers, equity: o.startingEquity },
  );
  const totalBars = first && market.manifest.end ? tradingDays(first, market.manifest.end).length * 390 * tickers.length : 0;
  const equity: EquityPoint[] = [];
  const sampleMs = (o.sampleMinutes ?? 15) * MINUTE_MS;
  let bars = 0;
  let day: string | undefined;
  let lastTs = 0;
  const mark = (symbol: string) => {
    const q = quote(symbol, clock.now());
    return q ? (q.bid + q.ask) / 2 : undefined;
  };
  const sample = async (ts: number) => {
    const value = broker.equity(mark);
    engine.setEquity(value);
    const snap = await engine.portfolio();
    const g = snap.greeks;
    equity.push({ ts, equity: value, cash: broker.cash(), capitalAtRisk: g.capitalAtRisk, netDeltaShares: g.netDeltaShares, netVega: g.netVega, netGamma: g.netGamma, netTheta: g.netTheta, openPositions: g.openPositions });
  };
  const endDay = async (date: string) => {
    const close = session(date)?.close ?? clock.now();
    clock.advanceTo(Math.max(clock.now(), close));
    data.advanceTo(clock.now());
    venue.endOfDay(close);
    await engine.whenIdle();
    for (const s of broker.settleExpiry(date, (u) => data.spot(u) ?? 0, close)) engine.onSettlement(s.symbol, s.intrinsic, close);
    await engine.whenIdle();
    await sample(close);
  };
  try {
    const batch = o.batchMinutes ?? DEFAULT_BATCH_MINUTES;
    for await (const w of market.windows(batch)) {
      if (day !== undefined && w.date !== day) await endDay(day);
      day = w.date;
      data.setWindow(w);
      let tapes: Tape[] = w.series.map((t) => ({ symbol: t.symbol, bars: t.bars, i: 0 }));
      for (const ts of w.times) {
        const now = ts + MINUTE_MS;
        clock.advanceTo(now);
        data.advanceTo(now);
        venue.work(now);
        await engine.whenIdle();
        // One-minute batches send every bar on its own, the live path: the reference a scan must match.
        tapes = await deliverMinute(engine, ts, tapes, batch > 1);
        if (now - (equity.at(-1)?.ts ?? 0) >= sampleMs) await sample(now);
        lastTs = now;
      }
      for (const t of w.series) bars += t.bars.length;
      o.onProgress?.({ bars, totalBars, ts: lastTs });
    }
    if (day !== undefined) await endDay(day);
  } finally {
    runtime.stop();
    await orders.close();
  }
  const trades = [...recorder.trades].sort((a, b) => a.exitTs - b.exitTs || a.positionId.localeCompare(b.positionId));
  const counts = {
    signals: recorder.approved.signal ?? 0,
    entries: recorder.approved.order ?? 0,
    exits: recorder.approved.exit ?? 0,
    fills: recorder.approved.execution ?? 0,
    ...(o.config.hedging.delta.enabled ? { hedgeOrders: recorder.hedgeOrders } : {}),
    // The tree's health over the run: both are 0 in a clean run.
    actorCrashes: runtime.metrics.crashes,
    deadLetters: runtime.metrics.deadLetters,
  };
  return {
    meta: {
      seed: market.manifest.seed ?? 0,
      market: basename(resolve(o.marketDir)),
      tickers,
      start: first ?? nyDate(equity[0]?.ts ?? lastTs),
      end: market.manifest.end ?? nyDate(lastTs),
      bars,
      elapsedMs: Math.round(performance.now() - t0),
      // The first 12 hex digits of the digest a recorded run keeps whole.
      configDigest: configDigest(o.config).slice(0, 12),
    },
    startingEquity: o.startingEquity,
    endingEquity: equity.at(-1)?.equity ?? o.startingEquity,
    trades,
    equity,
    rejectCounts: recorder.rejectCounts,
    decisions: counts,
  };
}
