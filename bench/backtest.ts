/**
 * Backtest throughput: underlying bars per second through `runBacktest` (the actor tree on the
 * virtual clock, option chains priced on every entry signal, open positions quoted every minute,
 * the simulated broker), on a generated market; and the time a year of 1-minute bars for 500
 * tickers would take (extrapolated: the measured start-up, then 500 × 252 × 390 bars at the
 * measured steady rate).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../src/domain/config/index.js';
import { runBacktest } from '../src/infra/backtest/run.js';
import { generateMarket } from '../src/infra/market/generate.js';
import { openMarket } from '../src/infra/market/load.js';
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

async function timedRun(dir: string, batchMinutes: number): Promise<Timed> {
  const t0 = performance.now();
  let first: { at: number; bars: number } | undefined;
  const r = await runBacktest({
    marketDir: dir,
    config: loadConfig({}),
    startingEquity: 1_000_000,
    batchMinutes,
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
  for await (const w of (await openMarket(dir)).windows(30)) for (const t of w.series) bars += t.bars.length;
  return bars / ((performance.now() - t0) / 1000);
}

export interface BacktestBenchOptions {
  readonly tickers: number;
  readonly days: number;
  readonly dir: string;
  /** Days of the market also run bar by bar (batch 1), for the speed-up of batching. */
  readonly byBarDays: number;
}

export async function backtestBench(o: BacktestBenchOptions) {
  rmSync(o.dir, { recursive: true, force: true });
  const g0 = performance.now();
  await generateMarket({ dir: o.dir, seed: 42, tickers: o.tickers, days: o.days, start: '2025-06-02' });
  const generateSeconds = (performance.now() - g0) / 1000;
  const loaderBarsPerSec = await loaderRate(o.dir);
  const run = await timedRun(o.dir, 30);
  // The same engine bar by bar (the live path) on a shorter market, for the batching speed-up.
  const short = `${o.dir}-short`;
  rmSync(short, { recursive: true, force: true });
  await generateMarket({ dir: short, seed: 42, tickers: o.tickers, days: o.byBarDays, start: '2025-06-02' });
  const [byBar, batched] = [await timedRun(short, 1), await timedRun(short, 30)];
  rmSync(short, { recursive: true, force: true });
  return {
    tickers: o.tickers,
    days: o.days,
    bars: run.bars,
    seconds: round(run.seconds, 2),
    barsPerSec: round(run.bars / run.seconds),
    startupSeconds: round(run.startupSeconds, 2),
    steadyBarsPerSec: round(run.steadyBarsPerSec),
    trades: run.trades,
    maxOpenPositions: run.maxOpenPositions,
    yearOf500TickersSeconds: round(run.startupSeconds + YEAR_500_BARS / run.steadyBarsPerSec),
    generateSeconds: round(generateSeconds, 2),
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
