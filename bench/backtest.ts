/**
 * Backtest throughput: underlying bars per second through `runBacktest` (the actor tree on the
 * virtual clock, option chains priced on every entry signal, open positions quoted every minute,
 * the simulated broker), on a generated market; and the time a year of 1-minute bars for 500
 * tickers would take at that rate (extrapolated: 500 × 252 × 390 bars).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../src/domain/config/index.js';
import { runBacktest } from '../src/infra/backtest/run.js';
import { generateMarket } from '../src/infra/market/generate.js';
import { openMarket } from '../src/infra/market/load.js';
import { round } from './stats.js';

export const YEAR_500_BARS = 500 * 252 * 390;

export interface BacktestBenchResult {
  readonly tickers: number;
  readonly days: number;
  readonly bars: number;
  readonly seconds: number;
  readonly barsPerSec: number;
  readonly trades: number;
  readonly maxOpenPositions: number;
  readonly yearOf500TickersSeconds: number;
  readonly generateSeconds: number;
  /** The market loader alone (gunzip, CSV parse, validation, merge by minute): its share of the budget. */
  readonly loaderBarsPerSec: number;
}

/** Streams the whole market without the engine, bars per second. */
async function loaderRate(dir: string): Promise<number> {
  const t0 = performance.now();
  let bars = 0;
  for await (const w of (await openMarket(dir)).windows(30)) for (const t of w.series) bars += t.bars.length;
  return bars / ((performance.now() - t0) / 1000);
}

export async function backtestBench(o: { tickers: number; days: number; dir: string }): Promise<BacktestBenchResult> {
  rmSync(o.dir, { recursive: true, force: true });
  const g0 = performance.now();
  await generateMarket({ dir: o.dir, seed: 42, tickers: o.tickers, days: o.days, start: '2025-06-02' });
  const generateSeconds = (performance.now() - g0) / 1000;
  const loaderBarsPerSec = await loaderRate(o.dir);
  const t0 = performance.now();
  const r = await runBacktest({ marketDir: o.dir, config: loadConfig({}), startingEquity: 1_000_000 });
  const seconds = (performance.now() - t0) / 1000;
  const barsPerSec = r.meta.bars / seconds;
  return {
    tickers: o.tickers,
    days: o.days,
    bars: r.meta.bars,
    seconds: round(seconds, 2),
    barsPerSec: round(barsPerSec),
    trades: r.trades.length,
    maxOpenPositions: Math.max(0, ...r.equity.map((p) => p.openPositions)),
    yearOf500TickersSeconds: round(YEAR_500_BARS / barsPerSec),
    generateSeconds: round(generateSeconds, 2),
    loaderBarsPerSec: round(loaderBarsPerSec),
  };
}

export const BACKTEST_BENCH_DIR = join('out', 'bench', 'market');
