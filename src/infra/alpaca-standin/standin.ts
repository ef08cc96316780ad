import { setTimeout as sleep } from 'node:timers/promises';
import { MINUTE_MS } from '../../domain/values/time.js';
import { openMarket, type Market, type MarketWindow } from '../market/load.js';
import { ReplayMarketData } from '../market/port.js';
import { CONTROL_PREFIX, StandinServer, type StandinKeys } from './server.js';
import { FaultQueue, parseFaults, type Fault } from './faults.js';
import { readJson, sendJson } from './http.js';
import type { SnapshotsEdit } from './market-rest.js';
import { MarketStreamStandin, type StandinBar } from './market-stream.js';
import { NewsStreamStandin } from './news.js';
import { OptionStreamStandin } from './option-stream.js';
import type { StandinRoutes } from './route.js';
import { standinRoutes } from './routes.js';
import { TradingStandin } from './trading.js';

/** What other route groups get to build themselves (e.g. market-rest.ts: snapshots, contracts, bars). */
export interface StandinContext {
  readonly market: Market;
  readonly data: ReplayMarketData;
  /** The stand-in's market clock, epoch ms (the close of the last minute replayed). */
  readonly now: () => number;
  /** What each option snapshots page goes out through: the option quote faults (faults.ts: bad-option-quote). */
  readonly editSnapshots: SnapshotsEdit;
}

export interface AlpacaStandinOptions {
  /** A market directory (or one already open), replayed minute by minute. */
  readonly market: string | Market;
  readonly port?: number;
  /** Market minutes per real second × 60 (60: a minute a second); 0: only by hand (step, POST /_standin/step). */
  readonly speed?: number;
  readonly keys: StandinKeys | readonly StandinKeys[];
  /** Starting cash of the simulated account, dollars (default 100 000). */
  readonly cash?: number;
  /** More REST groups, mounted after trading (default: routes.ts, the market-data REST group). */
  readonly routes?: readonly ((ctx: StandinContext) => StandinRoutes)[];
}

/** The state GET /_standin/state and POST /_standin/step answer. */
export interface StandinState {
  readonly now: string | null;
  readonly date: string | null;
  readonly minutes: number;
  readonly done: boolean;
  readonly speed: number;
  readonly faults: readonly Fault[];
}

/**
 * A local Alpaca: one loopback server (server.ts) speaking Alpaca's trading REST and trade_updates
 * stream over the simulated broker (trading.ts), the market-data stream (market-stream.ts) at
 * /v2/<feed>, the options stream (option-stream.ts) at /v1beta1/<feed>, and any other REST groups
 * given, all driven by a market directory replayed minute by minute: each minute its bars go out on the market-data stream (as Alpaca sends a bar once its
 * minute has closed), the quotes move, and working orders are offered them; at each day's end day
 * orders expire and that day's expiries settle.
 *
 * The control API (no keys, never faulted):
 *   GET    /_standin/state                     → StandinState
 *   POST   /_standin/step     {minutes?: 1}      → StandinState after replaying that many minutes
 *   POST   /_standin/faults   Fault | Fault[]    → {faults: pending}   (faults.ts lists the kinds)
 *   DELETE /_standin/faults                      → {faults: []}
 *   GET    /_standin/chain?underlying=SPY        → [{symbol, expiry, strike, right, bid, ask}] at the market clock
 *   GET    /_standin/quote?symbol=OCC            → the contract's quote, or 404
 */
export class AlpacaStandin {
  readonly data: ReplayMarketData;
  readonly trading: TradingStandin;
  readonly marketStream: MarketStreamStandin;
  /** The news stream at /v1beta1/news: the market's news file, each item once the clock reaches it (news.ts). */
  readonly newsStream: NewsStreamStandin;
  /** The options stream at /v1beta1/<feed>: each minute, the quotes of the contracts subscribed. */
  readonly optionStream: OptionStreamStandin;
  #now = Number.NaN;
  #date: string | undefined;
  #minutes = 0;
  #done = false;
  #previousBars: StandinBar[] = [];
  #windows: AsyncIterator<MarketWindow> | undefined;
  #stepping: Promise<unknown> = Promise.resolve();
  #running = false;
  #loop: Promise<void> | undefined;

  private constructor(
    readonly server: StandinServer,
    readonly faults: FaultQueue,
    readonly market: Market,
    readonly speed: number,
    keys: readonly StandinKeys[],
    cash: number,
  ) {
    this.data = new ReplayMarketData(market);
    this.trading = new TradingStandin({ keys, cash, quote: (symbol, now) => this.#quote(symbol, now), now: () => this.#now, spot: (underlying) => this.data.spot(underlying) });
    this.marketStream = MarketStreamStandin.attach(server.port, { credentials: keys });
    this.newsStream = new NewsStreamStandin(market.news, keys);
    this.optionStream = OptionStreamStandin.attach(server.port, { credentials: keys });
  }

  static async start(o: AlpacaStandinOptions): Promise<AlpacaStandin> {
    const keys = Array.isArray(o.keys) ? (o.keys as readonly StandinKeys[]) : [o.keys as StandinKeys];
    const market = typeof o.market === 'string' ? await openMarket(o.market) : o.market;
    const faults = new FaultQueue();
    const server = await StandinServer.start({ port: o.port ?? 0, keys, faults });
    const s = new AlpacaStandin(server, faults, market, o.speed ?? 0, keys, o.cash ?? 100_000);
    server.mount(s.trading.routes);
    const ctx: StandinContext = { market, data: s.data, now: () => s.#now, editSnapshots: (snaps) => faults.corruptSnapshots(snaps, s.#now, s.#minutes) };
    for (const make of o.routes ?? standinRoutes()) server.mount(make(ctx));
    server.mountControl(s.#control);
    server.upgrade(s.trading.handleUpgrade);
    server.upgrade((req, socket, head) => s.marketStream.handleUpgrade(req, socket, head));
    server.upgrade((req, socket, head) => s.newsStream.handleUpgrade(req, socket, head));
    server.upgrade((req, socket, head) => s.optionStream.handleUpgrade(req, socket, head));
    // The first minute, so there are quotes from the start.
    await s.step(1);
    if (s.speed > 0) s.#run();
    return s;
  }

  /** The URL to give Thetis's --alpaca-url: REST, ws://…/stream and ws://…/v2/<feed>. */
  get url(): string {
    return this.server.url;
  }

  /**
   * Awaited each minute between what happened during it (news, option quotes, fills at them) and its
   * bars: a replay that paces itself on its client waits there for the client to have taken them, so
   * the bars never overtake them (at Alpaca they arrive over the minute, well before its bar).
   */
  beforeBars: (() => Promise<void>) | undefined;

  /** The market clock: the close of the last minute replayed (epoch ms; NaN before the first). */
  get now(): number {
    return this.#now;
  }

  state(): StandinState {
    return {
      now: Number.isNaN(this.#now) ? null : new Date(this.#now).toISOString(),
      date: this.#date ?? null,
      minutes: this.#minutes,
      done: this.#done,
      speed: this.speed,
      faults: this.faults.pending(),
    };
  }

  /** Replays the next `minutes` minutes (serialised with the replay loop); resolves with the minutes replayed. */
  step(minutes = 1): Promise<number> {
    const run = this.#stepping.then(async () => {
      let n = 0;
      while (n < minutes && (await this.#minute())) n += 1;
      return n;
    });
    this.#stepping = run.catch(() => undefined);
    return run;
  }

  /** Adds faults (one or a list, as POST /_standin/faults takes them); a drop or a silence happens at once. */
  inject(raw: unknown): Fault[] {
    const faults = parseFaults(raw);
    for (const f of faults) {
      if (f.kind === 'drop') {
        if (f.stream !== 'market') this.trading.dropConnections();
        if (f.stream !== 'trading') this.marketStream.dropConnections();
        if (f.stream !== 'trading') this.optionStream.dropConnections();
      } else if (f.kind === 'silence') {
        if (f.stream !== 'market') this.trading.silenceConnections();
        if (f.stream !== 'trading') this.marketStream.silenceConnections();
        if (f.stream !== 'trading') this.optionStream.silenceConnections();
      } else this.faults.add(f);
    }
    return faults;
  }

  async close(): Promise<void> {
    this.#running = false;
    await this.#loop;
    await this.#stepping;
    await this.#windows?.return?.();
    this.trading.close();
    this.newsStream.close();
    await this.marketStream.close();
    await this.optionStream.close();
    await this.server.close();
  }

  #run(): void {
    this.#running = true;
    const pause = 60_000 / this.speed;
    this.#loop = (async () => {
      while (this.#running) {
        await sleep(pause);
        if (!this.#running || (await this.step(1)) === 0) break;
      }
    })();
  }

  #quote(symbol: string, now: number) {
    try {
      return this.data.quote(symbol, now);
    } catch {
      return undefined; // not an OCC symbol, or an underlying the market does not have
    }
  }

  /** One minute: its bars go out, the clock moves to its close, working orders meet the new quotes. */
  async #minute(): Promise<boolean> {
    if (this.#done) return false;
    this.#windows ??= this.market.windows(1)[Symbol.asyncIterator]();
    const next = await this.#windows.next();
    if (next.done === true) {
      this.#dayEnd();
      this.#done = true;
      return false;
    }
    const w = next.value;
    if (this.#date !== undefined && w.date !== this.#date) this.#dayEnd();
    const open = w.times[0] ?? this.#now;
    this.#date = w.date;
    this.data.setWindow(w);
    this.#now = open + MINUTE_MS;
    this.data.advanceTo(this.#now);
    this.#minutes += 1;
    const bars: StandinBar[] = [];
    for (const t of w.series) for (const b of t.bars) bars.push({ symbol: b.symbol, ts: b.ts, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume });
    // What happened during the minute goes out before its bar, as at Alpaca: the news, the option
    // quotes, the fills of resting orders at them; then the minute's bars.
    this.newsStream.advanceTo(this.#now);
    this.optionStream.publish(
      (symbol) => this.#quote(symbol, this.#now),
      (batch) => this.faults.corruptQuotes('stream', batch, this.#now, this.#minutes),
    );
    this.trading.work(this.#now);
    await this.beforeBars?.();
    const faults = this.faults.takeBars();
    this.marketStream.pushBars(bars);
    if (faults.has('duplicate-bar')) this.marketStream.pushBars(bars);
    if (faults.has('out-of-order-bar') && this.#previousBars.length > 0) this.marketStream.pushBars(this.#previousBars);
    this.#previousBars = bars;
    this.faults.minutePassed();
    return true;
  }

  /** The session's close: day orders expire, the day's expiries settle at the last closes. */
  #dayEnd(): void {
    const date = this.#date;
    if (date === undefined) return;
    this.trading.endOfDay(this.#now);
    this.trading.settle(date, (underlying) => this.data.spot(underlying) ?? Number.NaN, this.#now);
  }

  readonly #control: StandinRoutes = async (req, res, url) => {
    const method = req.method ?? 'GET';
    const path = url.pathname.slice(CONTROL_PREFIX.length);
    try {
      if (path === 'state' && method === 'GET') sendJson(res, 200, this.state());
      else if (path === 'step' && method === 'POST') {
        const body = (await readJson(req)) as { minutes?: unknown } | undefined;
        const minutes = body?.minutes ?? 1;
        if (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < 1) sendJson(res, 400, { message: 'minutes must be a whole number ≥ 1' });
        else {
          await this.step(minutes);
          sendJson(res, 200, this.state());
        }
      } else if (path === 'faults' && method === 'POST') {
        this.inject(await readJson(req));
        sendJson(res, 200, { faults: this.faults.pending() });
      } else if (path === 'faults' && method === 'DELETE') {
        this.faults.clear();
        sendJson(res, 200, { faults: [] });
      } else if (path === 'chain' && method === 'GET') {
        const chain = this.data.chain(url.searchParams.get('underlying') ?? '', this.#now);
        sendJson(res, 200, chain.map(({ contract: c, quote: q }) => ({ symbol: c.symbol, expiry: c.expiry, strike: c.strike, right: c.right, bid: q.bid, ask: q.ask })));
      } else if (path === 'quote' && method === 'GET') {
        const q = this.#quote(url.searchParams.get('symbol') ?? '', this.#now);
        if (q === undefined) sendJson(res, 404, { message: 'no quote' });
        else sendJson(res, 200, q);
      } else return false;
    } catch (e) {
      sendJson(res, 400, { message: e instanceof Error ? e.message : String(e) });
    }
    return true;
  };
}
