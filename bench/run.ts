/**
 * `npm run bench [-- --quick]`: bar throughput through the actor tree beside bare nact loops
 * measured in the same process, and bar → order-intent latency (out/bench/actors.json); then the
 * order path over NATS JetStream beside a bare nats.js publish loop (out/bench/orders.json), and
 * database writes on PostgreSQL and SQLite (out/bench/persistence.json), and the portfolio risk authority at 10 and 5,000 open
 * positions (out/bench/portfolio.json). Not a test: the figures depend on the machine and on what else runs on it.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { SERVICE_NODE_FLAGS } from '../src/app/node-flags.js';
import { NatsUnreachableError } from '../src/infra/nats/connection.js';
import { loadNatsSettings } from '../src/infra/nats/settings.js';
import { BACKTEST_BENCH_DIR, backtestBench } from './backtest.js';
import { ordersBench } from './orders.js';
import { bareNactFanout } from './nact-fanout.js';
import { bareNactLoop } from './nact-loop.js';
import { latencySummary, median, round } from './stats.js';
import { treeBench, type TreeBenchOptions, type TreeBenchResult } from './tree.js';

const TARGETS = { barsPerSec: 1_000_000, ratio: 0.7 } as const;
const OUT_DIR = 'out/bench';

const quick = process.argv.includes('--quick');
/** With positions: every other ticker breaks out in the warm-up. Without: the bar path alone. */
const TREE: TreeBenchOptions = { tickers: 500, warmupMinutes: 60, minutes: quick ? 30 : 240, positions: true };
const FLAT: TreeBenchOptions = { tickers: 500, warmupMinutes: 60, minutes: quick ? 100 : 300, positions: false };
const ROUNDS = quick ? 1 : 3;
const FLAT_ROUNDS = quick ? 1 : 5;

async function treeRounds(opts: TreeBenchOptions, n: number): Promise<TreeBenchResult[]> {
  const out: TreeBenchResult[] = [];
  for (let i = 0; i < n; i++) out.push(await treeBench(opts));
  return out;
}

/** Both bare nact shapes with the measured window's message count, `n` times each. */
async function bareRounds(n: number): Promise<{ loop: number[]; fanout: number[] }> {
  const loop: number[] = [];
  const fanout: number[] = [];
  for (let i = 0; i < n; i++) {
    loop.push((await bareNactLoop(TREE.minutes * TREE.tickers)).msgsPerSec);
    fanout.push((await bareNactFanout(TREE.tickers, TREE.minutes)).msgsPerSec);
  }
  return { loop, fanout };
}

function treeSummary(opts: TreeBenchOptions, results: readonly TreeBenchResult[]) {
  const last = results[results.length - 1] as TreeBenchResult;
  const heap = last.heapUsedMb;
  return {
    ...opts,
    rounds: results.length,
    barsPerRound: last.bars,
    barsPerSec: round(median(results.map((r) => r.barsPerSec))),
    barsPerSecRounds: results.map((r) => round(r.barsPerSec)),
    openPositions: last.openPositions,
    heapUsedMb: { before: round(heap.before, 1), after: round(heap.after, 1), retained: round(heap.retained, 1) },
    decisions: last.decisions,
    trades: last.trades,
    deadLetters: last.deadLetters,
  };
}

const BACKTEST = { tickers: quick ? 50 : 500, days: quick ? 2 : 40, byBarDays: quick ? 1 : 2, rounds: quick ? 1 : 3, dir: BACKTEST_BENCH_DIR };
const BACKTEST_ONLY = '--backtest-only';
const ORDERS_ONLY = '--orders-only';
const PERSISTENCE_ONLY = '--persistence-only';
const PORTFOLIO_ONLY = '--portfolio-only';
const LIVE_ONLY = '--live-only';
const OBSERVABILITY_ONLY = '--observability-only';

/**
 * The backtest and the order path are measured in processes of their own: the tree benchmarks run
 * the same actor code over other ports (the call sites they leave polymorphic would slow the
 * backtest down), and leave a large heap whose collections would land in the order path's tail.
 * The order path runs with the services' node flags (SERVICE_NODE_FLAGS), as the engine and executor do.
 */
function inItsOwnProcess<T>(flag: string, nodeFlags: readonly string[] = []): T {
  const entry = fileURLToPath(new URL('../bin/bench.js', import.meta.url));
  const args = [...process.execArgv, ...nodeFlags, entry, flag, ...(quick ? ['--quick'] : [])];
  return JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })) as T;
}

if (process.argv.includes(BACKTEST_ONLY)) {
  process.stdout.write(JSON.stringify(await backtestBench(BACKTEST)));
  process.exit(0);
}

/** The order path over NATS JetStream (needs a nats-server with JetStream at NATS_URL); `skipped` says why when there is none. */
async function ordersReport(): Promise<Record<string, unknown>> {
  try {
    return { ...(await ordersBench({ settings: loadNatsSettings(), orders: quick ? 2_000 : 20_000, latencyTickers: quick ? 100 : 400, latencyWarmupRounds: quick ? 1 : 3, latencyRounds: quick ? 1 : 3 })) };
  } catch (e) {
    if (!(e instanceof NatsUnreachableError)) throw e;
    return { skipped: e.message };
  }
}

if (process.argv.includes(ORDERS_ONLY)) {
  process.stdout.write(JSON.stringify(await ordersReport()));
  process.exit(0);
}

if (process.argv.includes(PERSISTENCE_ONLY)) {
  const { persistenceBench } = await import('./persistence.js'); // the ORM loads in this process only
  const postgresUrl = process.env.THETIS_BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  process.stdout.write(JSON.stringify(await persistenceBench({ intents: quick ? 300 : 2_000, decisions: quick ? 5_000 : 50_000, rehydrate: quick ? 100 : 1_000, postgresUrl })));
  process.exit(0);
}

/** The risk authority at 10 and 5,000 open positions (bench/portfolio.ts): writes out/bench/portfolio.json itself. */
if (process.argv.includes(PORTFOLIO_ONLY)) {
  const { portfolioBench } = await import('./portfolio.js');
  const portfolio = { generatedAt: new Date().toISOString(), mode: quick ? 'quick' : 'full', ...(await portfolioBench({ positions: 5_000, few: 10, approvals: quick ? 500 : 2_000, referencePositions: quick ? 1_000 : 5_000 })) };
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(`${OUT_DIR}/portfolio.json`, `${JSON.stringify(portfolio, null, 2)}\n`);
  process.stdout.write(JSON.stringify(portfolio));
  process.exit(0);
}

/** The live path (bench/live.ts): the Alpaca stand-in → the SDK stream → JetStream → the engine service; writes out/bench/live.json. */
if (process.argv.includes(LIVE_ONLY)) {
  const { liveBench } = await import('./live.js');
  let live: Record<string, unknown>;
  try {
    live = await liveBench({ settings: loadNatsSettings(), tickers: 500, minutes: quick ? 10 : 60, latencyTickers: quick ? 100 : 600, latencySeconds: quick ? 10 : 30 });
  } catch (e) {
    if (!(e instanceof NatsUnreachableError)) throw e;
    live = { skipped: e.message };
  }
  const report = { generatedAt: new Date().toISOString(), mode: quick ? 'quick' : 'full', ...live };
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(`${OUT_DIR}/live.json`, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(JSON.stringify(report));
  process.exit(0);
}

/** Tracing's cost on the backtest (bench/observability.ts): writes out/bench/observability.json. */
if (process.argv.includes(OBSERVABILITY_ONLY)) {
  const { observabilityBench } = await import('./observability.js'); // OpenTelemetry loads in this process only
  const report = { generatedAt: new Date().toISOString(), mode: quick ? 'quick' : 'full', ...(await observabilityBench({ dir: BACKTEST.dir, tickers: BACKTEST.tickers, days: BACKTEST.days, rounds: quick ? 3 : 3 })) };
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(`${OUT_DIR}/observability.json`, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(JSON.stringify(report));
  process.exit(0);
}

const started = performance.now();
await bareRounds(1); // JIT warm-up, not reported
const bare = await bareRounds(ROUNDS);
const flat = treeSummary(FLAT, await treeRounds(FLAT, FLAT_ROUNDS));
const treeResults = await treeRounds(TREE, ROUNDS);
const tree = treeSummary(TREE, treeResults);
const serial = await treeBench({ ...TREE, minutes: 1, serialWarmup: true });
const backtest = inItsOwnProcess<Awaited<ReturnType<typeof backtestBench>>>(BACKTEST_ONLY);
const bareLoop = median(bare.loop);
const bareFanout = median(bare.fanout);

const report = {
  generatedAt: new Date().toISOString(),
  mode: quick ? 'quick' : 'full',
  machine: { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown' },
  tree,
  treeNoPositions: flat,
  bareNact: {
    messages: TREE.minutes * TREE.tickers,
    msgsPerSec: round(bareLoop),
    msgsPerSecRounds: bare.loop.map((x) => round(x)),
    note: 'bench/nact-loop.ts bareNactLoop: every message queued on one actor',
  },
  bareNactFanout: {
    actors: TREE.tickers,
    messages: TREE.minutes * TREE.tickers,
    msgsPerSec: round(bareFanout),
    msgsPerSecRounds: bare.fanout.map((x) => round(x)),
    note: 'one bare nact actor per ticker, one message each per minute: the shape of the tree benchmark',
  },
  ratio: round(tree.barsPerSec / bareLoop, 3),
  ratioFanout: round(tree.barsPerSec / bareFanout, 3),
  ratioNoPositions: round(flat.barsPerSec / bareLoop, 3),
  latencyUs: latencySummary(
    treeResults.flatMap((r) => r.latencies),
    "engine.onBar → gateway submit() in the warm-up, every ticker's bar of the minute fed at once: includes queueing behind them",
  ),
  latencyIsolatedUs: latencySummary(serial.latencies, 'the same, one bar at a time with the tree idle in between'),
  backtest: { ...backtest, targetYearOf500TickersSeconds: 60, note: 'runBacktest on a generated market; the year is extrapolated: start-up + 500 × 252 × 390 bars at the steady rate' },
  targets: {
    ...TARGETS,
    met: { barsPerSec: tree.barsPerSec >= TARGETS.barsPerSec, ratio: tree.barsPerSec / bareLoop >= TARGETS.ratio },
  },
  elapsedSeconds: round((performance.now() - started) / 1_000, 1),
};

mkdirSync(OUT_DIR, { recursive: true });
const json = JSON.stringify(report, null, 2);
writeFileSync(`${OUT_DIR}/actors.json`, `${json}\n`);
console.log(json);

const persistence = { generatedAt: new Date().toISOString(), mode: quick ? 'quick' : 'full', ...inItsOwnProcess<Record<string, unknown>>(PERSISTENCE_ONLY) };
writeFileSync(`${OUT_DIR}/persistence.json`, `${JSON.stringify(persistence, null, 2)}\n`);
console.log(JSON.stringify(persistence, null, 2));

console.log(JSON.stringify(inItsOwnProcess<Record<string, unknown>>(PORTFOLIO_ONLY), null, 2)); // it writes out/bench/portfolio.json

console.log(JSON.stringify(inItsOwnProcess<Record<string, unknown>>(OBSERVABILITY_ONLY), null, 2)); // it writes out/bench/observability.json

const orders = inItsOwnProcess<Record<string, unknown>>(ORDERS_ONLY, SERVICE_NODE_FLAGS);
if ('skipped' in orders) console.error(`orders benchmark skipped: ${String(orders.skipped)}`);
else {
  const ordersJson = JSON.stringify({ generatedAt: new Date().toISOString(), mode: quick ? 'quick' : 'full', ...orders }, null, 2);
  writeFileSync(`${OUT_DIR}/orders.json`, `${ordersJson}\n`);
  console.log(ordersJson);
}
process.exit(0);
