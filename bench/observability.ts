/**
 * Tracing's cost on the backtest (out/bench/observability.json): bars per second through
 * `runBacktest` with tracing off (the no-op port: the default) and on (the OpenTelemetry adapter at
 * the default sampling, its BatchSpanProcessor exporting to an in-process exporter that takes every
 * span and discards it), measured in one process, the runs interleaved (off, on, off, on, …) after a
 * warm-up of each, the median of each reported. `droppedSpans`: spans dropped for want of room in
 * the export queue or lost in failed exports, over every traced run (0: nothing silently lost).
 */
import { loadConfig } from '../src/domain/config/index.js';
import { runBacktest } from '../src/infra/backtest/run.js';
import { DEFAULT_SAMPLE_RATIO, Tracing } from '../src/infra/observability/tracing.js';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { benchMarket } from './backtest.js';
import { median, round } from './stats.js';

export interface ObservabilityBenchOptions {
  readonly dir: string;
  readonly tickers: number;
  readonly days: number;
  /** Timed runs of each (after one warm-up run of each). */
  readonly rounds: number;
}

interface Run {
  readonly bars: number;
  readonly seconds: number;
  readonly trades: number;
}

async function timed(dir: string, tracing: Tracing | undefined): Promise<Run> {
  const t0 = performance.now();
  const r = await runBacktest({ marketDir: dir, config: loadConfig({}), startingEquity: 1_000_000, ...(tracing === undefined ? {} : { tracing }) });
  return { bars: r.meta.bars, seconds: (performance.now() - t0) / 1_000, trades: r.trades.length };
}

export async function observabilityBench(o: ObservabilityBenchOptions) {
  await benchMarket(o.dir, o.tickers, o.days);
  let exportedSpans = 0;
  const exporter: SpanExporter = {
    export: (spans, done) => {
      exportedSpans += spans.length;
      done({ code: 0 });
    },
    shutdown: () => Promise.resolve(),
  };
  const tracings: Tracing[] = [];
  const traced = () => {
    const t = new Tracing({ serviceName: 'thetis-bench', ratio: DEFAULT_SAMPLE_RATIO, exporter });
    tracings.push(t);
    return t;
  };
  // Warm-up (JIT, the market's pages in the OS cache): one of each, not reported.
  await timed(o.dir, undefined);
  const warm = traced();
  await timed(o.dir, warm);
  await warm.shutdown();
  const off: Run[] = [];
  const on: Run[] = [];
  let droppedSpans = 0;
  let endedSpans = 0;
  for (let i = 0; i < o.rounds; i += 1) {
    off.push(await timed(o.dir, undefined));
    const tracing = traced();
    on.push(await timed(o.dir, tracing));
    await tracing.shutdown();
    droppedSpans += tracing.droppedSpans;
    endedSpans += tracing.stats.ended;
  }
  const rate = (r: Run) => r.bars / r.seconds;
  const barsPerSecOff = median(off.map(rate));
  const barsPerSecOn = median(on.map(rate));
  return {
    tickers: o.tickers,
    days: o.days,
    bars: off[0]?.bars ?? 0,
    rounds: o.rounds,
    sampleRatio: DEFAULT_SAMPLE_RATIO,
    barsPerSecOff: round(barsPerSecOff),
    barsPerSecOn: round(barsPerSecOn),
    /** on / off: 1 is free; the budget is ≥ 0.9 (tracing costs at most 10 %). */
    ratio: round(barsPerSecOn / barsPerSecOff, 3),
    droppedSpans,
    spansPerTracedRun: round(endedSpans / o.rounds),
    spansExported: exportedSpans,
    barsPerSecOffRounds: off.map((r) => round(rate(r))),
    barsPerSecOnRounds: on.map((r) => round(rate(r))),
    sameTrades: [...off, ...on].every((r) => r.trades === off[0]?.trades),
    target: { maxCost: 0.1, met: barsPerSecOn / barsPerSecOff >= 0.9 },
    note: 'runBacktest, tracing off (no-op port) vs on (OpenTelemetry, default sampling, BatchSpanProcessor to an in-process discarding exporter), interleaved in one process; medians',
  };
}
