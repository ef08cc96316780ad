/** `thetis backtest`: the main job. The actor tree on a virtual clock over a market, a summary and a report. */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import { Command, Option } from 'commander';
import { validateKellyStats } from '../../domain/sizing/kelly.js';
import { computeStats, kellyStatsFrom } from '../../domain/stats/index.js';
import type { KellyStats } from '../../domain/values/stats.js';
import { configDigest } from '../../infra/backtest/config-digest.js';
import type { BacktestExecutor } from '../../infra/backtest/order-path.js';
import { RunRecording, type RecordOutcome } from '../../infra/backtest/record.js';
import { runBacktest } from '../../infra/backtest/run.js';
import { serviceLogger } from '../../infra/log/pino.js';
import { loadNatsSettingsFile } from '../../infra/nats/settings.js';
import { loadConfigFile } from '../../infra/config/file.js';
import { checkMarket } from '../../infra/market/load.js';
import { tracingFromEnv, type Tracing } from '../../infra/observability/tracing.js';
import { formatSummary, renderReport, summaryJson, writeKellyStats, writeReport } from '../../infra/report/index.js';
import { positiveNumber } from '../args.js';
import { fsReason, UsageError } from '../errors.js';
import { checkOutDir, underOut } from '../out.js';
import { ensureSampleMarket } from './generate-market.js';

/** Where the bundled sample market is generated, under `--out` (the default `out`: out/sample-market). */
export const SAMPLE_MARKET_SUBDIR = 'sample-market';
/** The sample market under the default `--out` (for commands without one, e.g. alpaca-standin). */
export const DEFAULT_MARKET_DIR = join('out', SAMPLE_MARKET_SUBDIR);

interface BacktestCliOptions {
  market?: string;
  config?: string;
  equity: number;
  out: string;
  json: boolean;
  progress: boolean;
  kelly: boolean;
  executor: 'in-process' | 'nats';
  natsConfig?: string;
  record: boolean;
  trace: boolean;
}

export function backtestCommand(): Command {
  return new Command('backtest')
    .description('Backtest the engine (the same actors, on a virtual clock, against the simulated broker) over a market')
    .option('--market <dir>', `market directory (default: the bundled sample market, generated into <out>/${SAMPLE_MARKET_SUBDIR})`)
    .option('--config <file>', 'JSON config overriding the rulebook defaults (see docs/rules.md)')
    .option('--equity <dollars>', 'starting equity', positiveNumber, 100_000)
    .option('--out <dir>', 'where every file it writes goes: report.html, the Kelly stats, the sample market', 'out')
    .option('--json', 'print the summary as JSON', false)
    .option('--no-progress', 'no progress bar')
    .option('--kelly', "size with half-Kelly from the stats a previous run with the same --out wrote (sizing.kelly.statsFile, under --out)", false)
    .addOption(
      new Option('--executor <kind>', 'how orders reach the simulated broker: straight, or over NATS JetStream (NATS_URL, default nats://127.0.0.1:4222) to the executor')
        .choices(['in-process', 'nats'])
        .default('in-process'),
    )
    .option('--nats-config <file>', 'JSON NATS settings for --executor nats (see docs/orders.md); the environment overrides them')
    .option('--no-record', 'do not record the run in the database (DATABASE_URL, else the SQLite file out/thetis.sqlite)')
    .option('--trace', 'trace the decision chains over OTLP to OTEL_EXPORTER_OTLP_ENDPOINT (sampled bars at OTEL_TRACES_SAMPLER_ARG, default 0.1; every order chain)', false)
    .action(async (opts: BacktestCliOptions) => {
      // Every user error is found here, before anything is written or the backtest starts.
      const config = loadConfigFile(opts.config);
      if (opts.market !== undefined) await checkMarket(opts.market);
      const kellyFile = underOut(opts.out, config.rules.sizing.kelly.statsFile);
      const kelly = opts.kelly ? readKelly(kellyFile) : undefined;
      checkOutDir(opts.out);
      const marketDir = opts.market ?? join(opts.out, SAMPLE_MARKET_SUBDIR);
      if (opts.market === undefined) await ensureSampleMarket(marketDir);
      let tracing: Tracing | undefined;
      if (opts.trace) {
        tracing = tracingFromEnv(process.env, 'thetis-backtest');
        if (tracing === undefined) throw new UsageError('--trace: set OTEL_EXPORTER_OTLP_ENDPOINT (e.g. http://localhost:4318) to say where the spans go');
      }
      const executor: BacktestExecutor = opts.executor === 'nats' ? { kind: 'nats', settings: loadNatsSettingsFile(opts.natsConfig) } : { kind: 'in-process' };
      // Started first: it opens the database (its driver only) and writes the run row while the backtest runs.
      const recording = opts.record ? RunRecording.fromEnv(process.env, { startedAt: Date.now(), market: basename(resolve(marketDir)), configDigest: configDigest(config) }) : undefined;
      const progress = opts.progress && !opts.json ? progressBar() : undefined;
      let result;
      try {
        // Warnings and errors (an actor's crash, a dead letter) as JSON lines on stderr: stdout keeps the summary.
        const logger = serviceLogger('thetis-backtest', process.env.LOG_LEVEL ?? 'warn', { destination: process.stderr });
        result = await runBacktest({ marketDir, config, startingEquity: opts.equity, executor, logger, ...(kelly ? { kelly } : {}), onProgress: progress?.update, ...(recording ? { audit: recording } : {}), ...(tracing ? { tracing } : {}) });
      } catch (e) {
        await tracing?.shutdown();
        progress?.stop();
        await recording?.discard();
        throw e;
      }
      progress?.stop();
      await tracing?.shutdown(); // flushes the spans left
      const stats = computeStats(result);
      // Written while the report is.
      const recorded = recording?.finish(result, stats);
      const reportPath = resolve(join(opts.out, 'report.html'));
      writeReport(reportPath, renderReport(result, stats));
      writeKellyStats(kellyFile, kellyStatsFrom(result.trades));
      const run = await recorded;
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ ...summaryJson(result, stats), report: reportPath, ...(run ? { run } : {}) }, null, 2)}\n`);
      } else {
        process.stdout.write(`${formatSummary(result, stats)}\n\nreport: ${reportPath}\nkelly stats: ${kellyFile}\n`);
        if (run?.recorded) process.stdout.write(`recorded: backtest run ${run.runId} in ${run.database}\n`);
      }
      if (run !== undefined && !run.recorded) process.stderr.write(`${notRecorded(run)}\n`);
    });
}

/** The warning for a run the database did not take (the backtest itself stands). */
function notRecorded(run: Extract<RecordOutcome, { recorded: false }>): string {
  const why = run.reason.includes(run.database) ? run.reason : `${run.database}: ${run.reason}`;
  return `thetis: warning: backtest run not recorded: ${why} (the backtest's summary and report stand; --no-record skips recording)`;
}

/** A progress bar on stderr with bars/s and ETA. */
function progressBar() {
  const bar = new SingleBar(
    { format: 'backtest |{bar}| {percentage}% | {value}/{total} bars | {speed} bars/s | ETA {eta_formatted}', stream: process.stderr, fps: 5, etaBuffer: 5000 },
    Presets.shades_classic,
  );
  const t0 = performance.now();
  let started = false;
  return {
    update: (p: { bars: number; totalBars: number }) => {
      const speed = Math.round(p.bars / Math.max(1e-3, (performance.now() - t0) / 1000));
      if (!started) bar.start(p.totalBars, p.bars, { speed });
      started = true;
      bar.update(p.bars, { speed });
    },
    stop: () => bar.stop(),
  };
}

/** The stats `--kelly` sizes with; a missing, unreadable or invalid file is a user error. */
function readKelly(path: string): KellyStats {
  if (!existsSync(path)) throw new UsageError(`--kelly: no stats at ${path}; run a backtest with the same --out without --kelly first`);
  let stats: KellyStats;
  try {
    stats = JSON.parse(readFileSync(path, 'utf8')) as KellyStats;
  } catch (e) {
    throw new UsageError(`--kelly: cannot read the stats at ${path}: ${e instanceof SyntaxError ? `not valid JSON (${e.message})` : fsReason(e)}`, { cause: e });
  }
  try {
    validateKellyStats(stats);
  } catch (e) {
    throw new UsageError(`--kelly: invalid stats at ${path}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  return stats;
}
