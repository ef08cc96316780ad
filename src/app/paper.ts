import type { MarketDataPort } from '../actors/ports/market-data.js';
import type { Logger } from '../actors/runtime/logger.js';
import type { Config } from '../domain/config/load.js';
import { addDays } from '../domain/calendar/dates.js';
import { nyDate } from '../domain/calendar/session.js';
import type { SessionCalendar } from '../domain/calendar/session-calendar.js';
import { chooseCalendar } from '../domain/calendar/venue-calendar.js';
import { AlpacaBars } from '../infra/alpaca/market/bars.js';
import { AlpacaNews } from '../infra/alpaca/market/news.js';
import { AlpacaOptionsMarketData } from '../infra/alpaca/market/options.js';
import { RequestLimiter } from '../infra/alpaca/market/request-limiter.js';
import { AlpacaRest } from '../infra/alpaca/rest.js';
import type { DatabaseSettings } from '../infra/db/settings.js';
import { connectNats } from '../infra/nats/connection.js';
import type { NatsSettings } from '../infra/nats/settings.js';
import { subjects } from '../infra/nats/subjects.js';
import { startEngineService, type RunningEngine } from './engine-service.js';
import { startExecutor, type AlpacaAccess, type RunningExecutor } from './executor.js';
import type { EngineCounters } from '../infra/observability/engine-counters.js';
import type { TracingPort } from '../actors/ports/tracing.js';
import type { NatsLink } from '../infra/nats/connection.js';

/** Days of the venue's calendar read at start. */
const CALENDAR_DAYS = 8 * 7;

export interface TradingSessionOptions {
  readonly config: Config;
  readonly tickers: readonly string[];
  readonly alpaca: AlpacaAccess;
  readonly nats: NatsSettings;
  readonly database: DatabaseSettings;
  readonly log: Logger;
  /** Run the executor in this process (default), or leave it to a `thetis executor` of its own. */
  readonly executor: 'in-process' | 'separate';
  /** 'wall' (default): the real clock; 'market': time moves with the bars (a stand-in replaying a recorded market). */
  readonly clock?: 'wall' | 'market';
  /** How often the account's equity is read again for sizing (wall ms; default 60 s). */
  readonly equityEveryMs?: number;
  /** Counts decisions, orders, executions and bars for /metrics. */
  readonly counters?: EngineCounters;
  /** Spans (OpenTelemetry): the engine's, and the in-process executor's; default none. */
  readonly tracing?: { readonly engine?: TracingPort; readonly executor?: TracingPort };
}

export interface TradingSession {
  readonly engine: RunningEngine;
  /** For metrics and readiness: the market-data stream, its NATS connection, the executor in this process. */
  readonly bars: AlpacaBars;
  readonly barsLink: NatsLink;
  readonly executor: RunningExecutor | undefined;
  /** Option chains and quotes (its stats count the quotes taken from the option stream). */
  readonly market: AlpacaOptionsMarketData;
  readonly account: { readonly number: string; readonly equity: number };
  /** The shutdown order: stop taking bars, stop the engine (entries halted, working entries cancelled), stop the executor. */
  stop(): Promise<void>;
}

export class AccountUnusableError extends Error {
  override readonly name = 'AccountUnusableError';
}

/**
 * `thetis paper` and `thetis live`: the live engine on Alpaca. Option chains and quotes from
 * Alpaca's market data (one request limiter for every REST call), 1-minute bars from the stock
 * stream into JetStream, orders over JetStream to the executor (in this process by default), state
 * in the database, the account's equity for sizing, read at start and every minute.
 */
export async function startTradingSession(o: TradingSessionOptions): Promise<TradingSession> {
  const { log, alpaca } = o;
  const rest = new AlpacaRest({
    keyId: alpaca.keyId,
    secret: alpaca.secret,
    paper: !alpaca.live,
    ...(alpaca.url === undefined ? {} : { restUrl: alpaca.url }),
    timeoutMs: 30_000,
    getRetries: 3,
    retryBaseMs: 500,
    maxBackoffMs: 10_000,
  });
  const account = await rest.account();
  if (!account.ok) throw new AccountUnusableError(`Alpaca account not readable: ${describe(account.failure)}`);
  const { account_number: number, status, trading_blocked: blocked } = account.value;
  const equity = Number(account.value.equity);
  if (status !== 'ACTIVE' || blocked === true || !(equity > 0)) throw new AccountUnusableError(`Alpaca account ${number} cannot trade (status ${status}${blocked === true ? ', trading blocked' : ''}, equity ${account.value.equity})`);
  log.warn({ account: number, equity, live: alpaca.live }, alpaca.live ? 'LIVE trading on this account, with real money' : 'paper trading on this account');

  // On the market clock (a stand-in replaying a recorded market), time starts at the venue's.
  let clockStart: number | undefined;
  if (o.clock === 'market') {
    const venue = await rest.clock();
    if (!venue.ok) throw new AccountUnusableError(`Alpaca clock not readable: ${describe(venue.failure)}`);
    clockStart = Date.parse(venue.value.timestamp);
  }
  const calendar = await readCalendar(rest, clockStart ?? Date.now(), log);
  const executor: RunningExecutor | undefined = o.executor === 'in-process' ? await startExecutor(o.nats, alpaca, log, o.tracing?.executor === undefined ? {} : { tracing: o.tracing.executor }) : undefined;
  const host = alpaca.url === undefined ? undefined : new URL(alpaca.url);
  const wsBase = host === undefined ? undefined : `${host.protocol === 'https:' ? 'wss:' : 'ws:'}//${host.host}`;
  const lastClose = new Map<string, number>();
  // One limit of 200 requests a minute for every market-data REST call (chains, contracts, bar history).
  const limiter = new RequestLimiter();
  const market = new AlpacaOptionsMarketData({
    keyId: alpaca.keyId,
    secret: alpaca.secret,
    paper: !alpaca.live,
    ...(alpaca.url === undefined ? {} : { tradingUrl: alpaca.url, dataUrl: alpaca.url }),
    ...(wsBase === undefined ? {} : { streamUrl: `${wsBase}/v1beta1/indicative` }),
    ...(alpaca.heartbeat === undefined ? {} : { heartbeat: alpaca.heartbeat }),
    spot: (underlying) => lastClose.get(underlying),
    limiter,
    log,
  });
  // News for sentiment (scales confidence and size, never direction): the last window from REST, then the news stream.
  const news = await AlpacaNews.start({ keyId: alpaca.keyId, secret: alpaca.secret, tickers: o.tickers, log, limiter, retainMs: o.config.rules.signals.sentiment.windowMinutes * 60_000, ...(wsBase === undefined ? {} : { dataUrl: alpaca.url, url: `${wsBase}/v1beta1/news` }), ...(clockStart === undefined ? {} : { now: () => clockStart as number }) });
  // What the actors read: Alpaca's option data, and the news.
  const port: MarketDataPort = {
    chain: (underlying, now, filter) => market.chain(underlying, now, filter),
    quote: (symbol, now) => market.quote(symbol, now),
    atmIv: (underlying, asOf) => market.atmIv(underlying, asOf),
    rates: (underlying) => market.rates(underlying),
    news: news.portNews,
  };
  const engine = await startEngineService({
    config: o.config,
    tickers: o.tickers,
    equity,
    database: o.database,
    nats: o.nats,
    market: port,
    clock: o.clock ?? 'wall',
    calendar,
    ...(clockStart === undefined ? {} : { clockStart }),
    log,
    onBarTaken: (bar) => lastClose.set(bar.symbol, bar.close),
    ...(o.counters === undefined ? {} : { counters: o.counters }),
    ...(o.tracing?.engine === undefined ? {} : { tracing: o.tracing.engine }),
  });
  const link = await connectNats(o.nats, 'thetis-bars', log);
  const bars = await AlpacaBars.start({
    keyId: alpaca.keyId,
    secret: alpaca.secret,
    tickers: o.tickers,
    link,
    settings: o.nats,
    subjects: subjects(o.nats.namespace),
    log,
    ...(wsBase === undefined ? {} : { url: `${wsBase}/v2/iex` }),
    // Indicators warm up from REST history at start, and a reconnect's gap is filled before later bars.
    history: { limiter, ...(alpaca.url === undefined ? {} : { dataUrl: alpaca.url }) },
    // On the market clock the venue's time is its clock's (the engine's lags by the bars still on their way).
    ...(o.clock === 'market' ? { now: () => venueTime(rest) } : {}),
    ...(alpaca.heartbeat === undefined ? {} : { heartbeat: alpaca.heartbeat }),
  });
  const equityTimer = setInterval(() => {
    void rest.account().then((a) => {
      if (a.ok && Number(a.value.equity) > 0) engine.engine.setEquity(Number(a.value.equity));
      else if (!a.ok) log.warn({ failure: describe(a.failure) }, 'account equity not refreshed');
    });
  }, o.equityEveryMs ?? 60_000);
  equityTimer.unref();

  return {
    engine,
    bars,
    barsLink: link,
    executor,
    market,
    account: { number, equity },
    stop: async () => {
      clearInterval(equityTimer);
      await bars.stop();
      news.stop();
      await link.drain();
      await engine.stop();
      market.close();
      await executor?.stop();
      log.info({}, 'trading session stopped');
    },
  };
}

/**
 * The venue's sessions for the coming weeks (GET /v2/calendar; later days by the rules), each day
 * it and the rules disagree on logged once (the venue wins). Unreadable or empty: trading goes on by
 * the rules (NYSE holidays and early closes), with a warning.
 */
async function readCalendar(rest: AlpacaRest, now: number, log: Logger): Promise<SessionCalendar> {
  const range = { from: nyDate(now), to: addDays(nyDate(now), CALENDAR_DAYS) };
  const read = await rest.calendar(range.from, range.to);
  const choice = chooseCalendar(read.ok ? read.value : undefined, range);
  if (choice.source === 'rules') log.warn({ ...range, failure: read.ok ? 'no trading day listed' : describe(read.failure) }, 'venue calendar not readable: sessions by the rules');
  for (const d of choice.disagreements) log.warn({ ...d }, 'venue calendar and the rules disagree on this day: following the venue');
  return choice.calendar;
}

/** The venue's time (GET /v2/clock); a failure throws (a backfill then retries). */
async function venueTime(rest: AlpacaRest): Promise<number> {
  const c = await rest.clock();
  if (!c.ok) throw new Error(`Alpaca clock not readable: ${describe(c.failure)}`);
  return Date.parse(c.value.timestamp);
}

function describe(failure: { readonly kind: string; readonly status?: number; readonly message?: string }): string {
  return failure.status === undefined ? `${failure.kind}${failure.message === undefined ? '' : `: ${failure.message}`}` : `HTTP ${failure.status}`;
}
