/** `thetis paper` and `thetis live`: the live engine on Alpaca (paper unless asked for live in so many words). */
import { Command, InvalidArgumentError, Option } from 'commander';
import { alpacaKeysFromEnv } from '../../app/executor.js';
import { startTradingSession } from '../../app/paper.js';
import { loadConfigFile } from '../../infra/config/file.js';
import { databaseFrom } from '../../infra/db/settings.js';
import { heldSecrets, serviceLogger } from '../../infra/log/pino.js';
import { loadNatsSettingsFile } from '../../infra/nats/settings.js';
import { engineCounters } from '../../infra/observability/engine-counters.js';
import { observeSession } from '../../infra/observability/engine.js';
import { DEFAULT_HEALTH_PORT } from '../../infra/observability/http.js';
import { Ops } from '../../infra/observability/ops.js';
import { serviceNameFromEnv, tracingFromEnv } from '../../infra/observability/tracing.js';
import { wholeNumber } from '../args.js';

interface TradeCliOptions {
  tickers?: string[];
  config?: string;
  alpacaUrl?: string;
  natsConfig?: string;
  executor: 'in-process' | 'separate';
  clock: 'wall' | 'market';
  confirmLiveTrading?: boolean;
  healthPort: number;
  traceRatio?: number;
}

/** A commander parser for the trace sampling ratio, 0..1. */
function traceRatio(raw: string): number {
  const r = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(r) || r < 0 || r > 1) throw new InvalidArgumentError(`expected a ratio from 0 to 1, got '${raw}'`);
  return r;
}

const TICKER = /^[A-Z][A-Z0-9.]{0,5}$/;

function tickers(value: string): string[] {
  const list = value.split(',').map((t) => t.trim().toUpperCase()).filter((t) => t.length > 0);
  const bad = list.filter((t) => !TICKER.test(t));
  if (list.length === 0 || bad.length > 0) throw new InvalidArgumentError(`tickers must be symbols such as SPY,QQQ${bad.length > 0 ? ` (not ${bad.join(', ')})` : ''}`);
  return list;
}

function tradeCommand(name: 'paper' | 'live'): Command {
  const live = name === 'live';
  const command = new Command(name)
    .description(
      live
        ? 'Trade the LIVE Alpaca account (real money): needs --confirm-live-trading, and says which account it trades.'
        : 'Paper-trade on Alpaca: market data from Alpaca, orders over NATS JetStream to the executor, state in the database (keys in APCA_API_KEY_ID / APCA_API_SECRET_KEY).',
    )
    .option('--tickers <list>', 'the underlyings to trade, e.g. SPY,QQQ (default: the tickers the config names)', tickers)
    .option('--config <file>', 'JSON config overriding the rulebook defaults (see docs/rules.md)')
    .option('--alpaca-url <url>', "send every Alpaca call to this host (a local stand-in: thetis alpaca-standin) instead of Alpaca's")
    .option('--nats-config <file>', 'JSON NATS settings (see docs/orders.md); the environment overrides them')
    .addOption(new Option('--executor <where>', 'run the executor in this process, or leave it to a thetis executor of its own').choices(['in-process', 'separate']).default('in-process'))
    .addOption(new Option('--clock <clock>', 'wall: the real clock; market: time moves with the bars (a stand-in replaying a recorded market)').choices(['wall', 'market']).default('wall'))
    .addOption(new Option('--health-port <n>', 'port of /healthz, /readyz and /metrics (0: none; see docs/operations.md)').env('THETIS_HEALTH_PORT').argParser(wholeNumber(0)).default(DEFAULT_HEALTH_PORT))
    .addOption(
      new Option('--trace-ratio <r>', 'bars traced, 0..1 (default OTEL_TRACES_SAMPLER_ARG, else 0.1; every chain that produces an order is traced); traces go to OTEL_EXPORTER_OTLP_ENDPOINT').argParser(traceRatio),
    );
  if (live) command.option('--confirm-live-trading', 'yes, trade the live account with real money');
  return command.action(async (opts: TradeCliOptions) => {
    if (live && opts.confirmLiveTrading !== true) throw new TradeUsageError('thetis live trades real money: add --confirm-live-trading to go on (thetis paper trades the paper account)');
    const config = loadConfigFile(opts.config);
    const list = opts.tickers ?? Object.keys(config.tickers);
    if (list.length === 0) throw new TradeUsageError('name the tickers to trade: --tickers SPY,QQQ (or list them under "tickers" in the config)');
    const keys = alpacaKeysFromEnv();
    const nats = loadNatsSettingsFile(opts.natsConfig);
    const database = databaseFrom(process.env);
    // Every line is cleaned of the secrets this process holds, whatever field or message they reach.
    const log = serviceLogger(`thetis-${name}`, undefined, { secrets: heldSecrets(keys, nats, database) });
    const ops = await Ops.start(opts.healthPort, log, serviceNameFromEnv(process.env, 'thetis-engine'));
    // Tracing is on when an OTLP endpoint is set (OTEL_EXPORTER_OTLP_ENDPOINT): the engine's spans, and the in-process executor's under a service of its own.
    const traceOptions = { meter: ops.metrics.meter, ...(opts.traceRatio === undefined ? {} : { ratio: opts.traceRatio }) };
    const engineTracing = tracingFromEnv(process.env, 'thetis-engine', traceOptions);
    const executorTracing = opts.executor === 'in-process' && engineTracing !== undefined ? tracingFromEnv({ ...process.env, OTEL_SERVICE_NAME: 'thetis-executor' }, 'thetis-executor', traceOptions) : undefined;
    if (engineTracing !== undefined) log.info({ service: engineTracing.serviceName, ratio: engineTracing.ratio }, 'tracing on: spans to the OTLP endpoint');
    const stopTracing = async () => void (await Promise.all([engineTracing?.shutdown(), executorTracing?.shutdown()]));
    const session = await startTradingSession({
      config,
      tickers: list,
      alpaca: { ...keys, live, ...(opts.alpacaUrl === undefined ? {} : { url: opts.alpacaUrl }) },
      nats,
      database,
      log,
      executor: opts.executor,
      clock: opts.clock,
      counters: engineCounters(ops.metrics.meter),
      tracing: { ...(engineTracing === undefined ? {} : { engine: engineTracing }), ...(executorTracing === undefined ? {} : { executor: executorTracing }) },
    }).catch(async (error: unknown) => {
      await stopTracing();
      await ops.stop();
      throw error;
    });
    const observed = observeSession(ops.metrics.meter, session, config.risk.maxTotalRiskPct);
    ops.server.ready(observed.checks);
    process.stdout.write(`thetis ${name}: trading ${list.join(', ')} on Alpaca account ${session.account.number} (${live ? 'LIVE, real money' : 'paper'}), equity $${session.account.equity.toFixed(2)}; SIGINT or SIGTERM stops it\n`);
    await new Promise<void>((resolve) => {
      const onSignal = (signal: NodeJS.Signals) => {
        log.info({ signal }, 'shutting down');
        resolve();
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
    });
    await session.stop();
    observed.stop();
    await stopTracing(); // flushes the spans left
    await ops.stop();
  });
}

/** A command line that cannot go on (live not confirmed, no tickers): one line, exit 2. */
export class TradeUsageError extends Error {
  override readonly name = 'TradeUsageError';
}

export const paperCommand = (): Command => tradeCommand('paper');
export const liveCommand = (): Command => tradeCommand('live');
