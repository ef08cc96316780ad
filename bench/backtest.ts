/**
 * Backtest throughput: underlying bars per second through `runBacktest` (the actor tree on the
 * virtual clock, option chains priced on every entry signal, open positions quoted every minute,
 * the simulated broker), on a generated market (kept in out/bench between runs); and the time
 * a year of 1-minute bars for 500 tickers would take (extrapolated: the measured start-up, then
 * 500 × 252 × 390 bars at the measured steady rate). The market runs a few times and the median
 * run is reported (this machine's rate moves by several percent from run to run).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../src/domain/config/index.js';
import { runBacktest } from '../src/infra/backtest/run.js';
import { tradingDaysFrom } from '../src/domain/calendar/trading-days.js';
import { GENERATOR_VERSION, generateMarket } from '../src/infra/market/generate.js';
import { openMarket } from '../src/infra/market/load.js';
import { readManifest } from '../src/infra/market/manifest.js';
import { round } from './stats.js';

export const YEAR_500_BARS = 500 * 252 * 390;

interface Timed {
  readonly bars: number;
  readonly seconds: number;
  /** Until the first window was judged: worker start, first reads, first window. */
  readonly startupSeconds: number;
  /** Bars per second after the first window. */
  readonly steadyBarsPerSec: number;
  readonly trades: number;
  readonly maxOpenPositions: number;
}

/** One backtest of the market in `dir`; batches of `batchMinutes` (the runner's default when undefined). */
async function timedRun(dir: string, batchMinutes?: number): Promise<Timed> {
  const t0 = performance.now();
  let first: { at: number; bars: number } | undefined;
  const r = await runBacktest({
    marketDir: dir,
    config: loadConfig({}),
    startingEquity: 1_000_000,
    ...(batchMinutes === undefined ? {} : { batchMinutes }),
    onProgress: (p) => {
      first ??= { at: performance.now(), bars: p.bars };
    },
  });
  const end = performance.now();
  const f = first ?? { at: end, bars: r.meta.bars };
  return {
    bars: r.meta.bars,
    seconds: (end - t0) / 1000,
    startupSeconds: (f.at - t0) / 1000,
    steadyBarsPerSec: (r.meta.bars - f.bars) / ((end - f.at) / 1000),
    trades: r.trades.length,
    maxOpenPositions: Math.max(0, ...r.equity.map((p) => p.openPositions)),
  };
}

/** Streams the whole market without the engine, bars per second (worker start included). */
async function loaderRate(dir: string): Promise<number> {
  const t0 = performance.now();
  let bars = 0;
  for await (const w of (await openMarket(dir)).windows(120)) for (const t of w.series) bars += t.bars.length;
  return bars / ((performance.now() - t0) / 1000);
}

const SEED = 42;
const START = '2025-06-02';

/**
 * Generates the bench market into `dir` unless it already holds it (same generator, seed and
 * size: generation is deterministic); the seconds it took, or undefined when reused.
 */
export async function benchMarket(dir: string, tickers: number, days: number): Promise<number | undefined> {
  const m = await readManifest(dir).catch(() => undefined);
  const end = tradingDaysFrom(START, days).at(-1);
  if (m?.generator === GENERATOR_VERSION && m.seed === SEED && m.tickers.length === tickers && m.start === START && m.end === end) return undefined;
  rmSync(dir, { recursive: true, force: true });
  const t0 = performance.now();
  await generateMarket({ dir, seed: SEED, tickers, days, start: START });
  return (performance.now() - t0) / 1000;
}

export interface BacktestBenchOptions {
  readonly tickers: number;
  readonly days: number;
  readonly dir: string;
  /** Days of the market also run bar by bar (batch 1), for the speed-up of batching. */
  readonly byBarDays: number;
  /** Runs of the whole market: the figures are the median run's (by steady rate), all runs listed. */
  readonly rounds: number;
}

export async function backtestBench(o: BacktestBenchOptions) {
  const generateSeconds = await benchMarket(o.dir, o.tickers, o.days);
  const loaderBarsPerSec = await loaderRate(o.dir);
  const runs: Timed[] = [];
  for (let i = 0; i < o.rounds; i += 1) runs.push(await timedRun(o.dir));
  const run = [...runs].sort((a, b) => a.steadyBarsPerSec - b.steadyBarsPerSec)[runs.length >> 1] as Timed;
  // The same engine bar by bar (the live path) on a shorter market, for the batching speed-up.
  const short = `${o.dir}-short`;
  await benchMarket(short, o.tickers, o.byBarDays);
  const [byBar, batched] = [await timedRun(short, 1), await timedRun(short)];
  return {
    tickers: o.tickers,
    days: o.days,
    bars: run.bars,
    seconds: round(run.seconds, 2),
    barsPerSec: round(run.bars / run.seconds),
    startupSeconds: round(run.startupSeconds, 2),
    steadyBarsPerSec: round(run.steadyBarsPerSec),
    steadyBarsPerSecRounds: runs.map((r) => round(r.steadyBarsPerSec)),
    trades: run.trades,
    sameTradesEveryRound: runs.every((r) => r.trades === run.trades),
    maxOpenPositions: run.maxOpenPositions,
    yearOf500TickersSeconds: round(run.startupSeconds + YEAR_500_BARS / run.steadyBarsPerSec),
    // Undefined when the market of an earlier run was reused.
    generateSeconds: generateSeconds === undefined ? undefined : round(generateSeconds, 2),
    // The market reader alone (worker thread: gunzip, parse, windows), start-up included.
    loaderBarsPerSec: round(loaderBarsPerSec),
    batching: {
      days: o.byBarDays,
      byBarBarsPerSec: round(byBar.bars / byBar.seconds),
      batchedBarsPerSec: round(batched.bars / batched.seconds),
      speedup: round(byBar.seconds / batched.seconds, 2),
      sameTrades: byBar.trades === batched.trades,
    },
  };
}

export const BACKTEST_BENCH_DIR = join('out', 'bench', 'market');
