import { setTimeout as sleep } from 'node:timers/promises';
import { Alpaca, streaming } from '@alpacahq/alpaca-trade-api';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import type { Logger } from '../../../actors/runtime/logger.js';
import { DomainError } from '../../../domain/errors.js';
import { makeBar, type Bar } from '../../../domain/values/bar.js';
import { MINUTE_MS } from '../../../domain/values/time.js';
import { ensureBarsStream, publishBar } from '../../nats/bar-feed.js';
import type { NatsLink } from '../../nats/connection.js';
import type { NatsSettings } from '../../nats/settings.js';
import { msgIds, type Subjects } from '../../nats/subjects.js';
import { BarHistory, lastClosedMinute, type RestBar } from './history.js';
import type { RequestLimiter } from './request-limiter.js';
import { heartbeatOptions, type Heartbeat } from '../heartbeat.js';

/**
 * Alpaca's live 1-minute bars into JetStream: the real SDK's stock stream
 * (`alpaca.marketData.stockStream({ feed, url })`, msgpack, `subscribeForBars` and
 * `subscribeForUpdatedBars` for the configured tickers), each bar made a domain Bar (open time =
 * Alpaca's `t`) and published on `<ns>.bars.<TICKER>` with publishBar (msg id `<SYMBOL>:<open ts>`:
 * a repeat, e.g. after a reconnect, is dropped by JetStream).
 *
 * A bar that fails validation (NaN, high < low, a bad time, a symbol not configured) is refused:
 * counted by reason, logged, never published, never a crash.
 *
 * Updated bars (`T:"u"`: late trades changed a minute already sent) are published on the same
 * subject with the msg id `<SYMBOL>:<open ts>:u:<values>`: distinct from the original's (which
 * JetStream would drop as a duplicate), the same for a repeat of the same correction. They carry the
 * header `Thetis-Bar: updated`. On the stream the last message of a (symbol, minute) is the bar's
 * final value. What the engine does with one today: it takes it like any bar and its Underlying
 * actor refuses it as DUPLICATE_BAR (the minute it last took) or OUT_OF_ORDER_BAR (a later minute
 * came first), recorded as a `bar` decision with that reason: the features keep the first value.
 * An updated bar for a minute whose bar was refused or never arrived is taken as that minute's bar.
 *
 * Reconnects are the SDK's (websocket.ts): exponential backoff with jitter from
 * `reconnectInitialMs` to `reconnectMaxMs`, for ever here, re-authenticating and re-subscribing
 * after each. Alpaca does not replay the bars missed meanwhile. A second connection with the same
 * key gets Alpaca's 406 "connection limit exceeded" and is closed: the SDK retries with backoff
 * (the other session may be a dead one Alpaca still holds, about 90 s); `start` gives up after
 * `authTimeoutMs` with a StreamBusyError.
 *
 * With `history` (REST, through the shared RequestLimiter; history.ts):
 * - Warm-up: at start every ticker's last `warmupBars` 1-minute bars (default 60: the longest
 *   default indicator lookback is SMA20 plus its 20-bar slope, 40 bars, then ATR(14) Wilder and the
 *   30-bar realized vol; 60 leaves room) opened in the `warmupLookbackMs` before `now()` (default 5
 *   days: a long weekend) are fetched (one request per ticker, newest first, limit N) and published
 *   oldest first. The stream connects at the same time; its bars of a ticker are held until that
 *   ticker's warm-up is published, so no stream bar overtakes the history.
 * - Backfill: after every reconnect (the SDK's `onReconnected`, emitted when it has re-authenticated
 *   and re-sent the subscriptions, before any bar of the new connection) the bars from the minute
 *   after the last one published per ticker up to `now()` are fetched (one paged request for all
 *   tickers) and published, oldest first, before the stream bars of that ticker received meanwhile
 *   (held while the backfill runs). A REST bar is taken only when its minute has closed (its open +
 *   1 min ≤ `now()`, or a later stream bar of the ticker is held): Alpaca may serve the minute in
 *   progress, whose final bar the stream sends. A repeat of a bar already published is dropped by
 *   the msg id anyway. A reconnect during a warm-up or a backfill runs another backfill after it.
 * - A failed fetch is logged and retried with backoff (`historyRetryMs` doubling, at most 30 s) up
 *   to `historyAttempts` times (default 6, about 30 s in all with the default 1 s). When it keeps
 *   failing the held bars are published after all, over the gap: counted in `stats.gaps` and logged
 *   as an error with reason GAP, the tickers and the first missing minute (the engine then sees a
 *   jump in time, never a bar out of order). The minutes lost are not fetched again.
 * Without `history`, stream only (nothing fetched, the minutes of a reconnect are lost).
 */
export interface AlpacaBarsHistoryOptions {
  /** The market-data REST host (default https://data.alpaca.markets; a stand-in's URL). */
  readonly dataUrl?: string;
  /** The limiter every REST call of this key goes through (share the composition root's; default a new one, 200 a minute). */
  readonly limiter?: RequestLimiter;
  /** Bars per ticker published at start (default 60; 0: no warm-up). */
  readonly warmupBars?: number;
  /** How far back from `now()` the warm-up looks for them (default 5 days). */
  readonly warmupLookbackMs?: number;
  /** Backfill after each reconnect (default true). */
  readonly backfill?: boolean;
  /** Attempts per warm-up or backfill fetch, the first included (default 6). */
  readonly historyAttempts?: number;
  /** First wait after a failed fetch, doubling up to 30 s (default 1 s). */
  readonly historyRetryMs?: number;
  /** The fetch under the limiter (default globalThis.fetch). */
  readonly fetch?: typeof fetch;
  /** Per-attempt timeout (default 30 s). */
  readonly timeoutMs?: number;
  /** Retries the SDK makes on a GET within one attempt (default 2). */
  readonly getRetries?: number;
}

export interface AlpacaBarsOptions {
  /** APCA-API-KEY-ID. Never logged. */
  readonly keyId: string;
  /** APCA-API-SECRET-KEY. Never logged. */
  readonly secret: string;
  /** The tickers whose bars go to the engine. */
  readonly tickers: readonly string[];
  /** The NATS connection the bars are published on (the bars stream is made if missing). */
  readonly link: NatsLink;
  readonly settings: NatsSettings;
  readonly subjects: Subjects;
  readonly log: Logger;
  /** Alpaca's stock feed (default 'iex', the free one). */
  readonly feed?: streaming.StockFeed;
  /** The stream's ws(s) URL (a local stand-in); default Alpaca's `wss://stream.data.alpaca.markets/v2/<feed>`. */
  readonly url?: string;
  /** Also take updated bars (default true). */
  readonly updatedBars?: boolean;
  /** First reconnect wait (default 1 s, the SDK's), doubling per attempt. */
  readonly reconnectInitialMs?: number;
  /** Longest reconnect wait (default 30 s). */
  readonly reconnectMaxMs?: number;
  /** How long `start` waits for the stream to authenticate (default 30 s). */
  readonly authTimeoutMs?: number;
  /** How a silent connection is noticed and replaced (default DEFAULT_HEARTBEAT); its missed minutes are then backfilled. */
  readonly heartbeat?: Heartbeat;
  /** Attempts per JetStream publish, the first included (default 5; same msg id each time). */
  readonly publishAttempts?: number;
  /** REST warm-up and backfill (see above); absent: stream only. */
  readonly history?: AlpacaBarsHistoryOptions;
  /**
   * The venue's time, epoch ms, read at each warm-up and backfill (default Date.now; against a stand-in
   * replaying a recorded market, its clock: GET /v2/clock).
   */
  readonly now?: () => number | Promise<number>;
}

/** Why a bar was refused. */
export type BarRefusal = 'NOT_FINITE' | 'NOT_POSITIVE' | 'NEGATIVE' | 'BAD_RANGE' | 'BAD_SYMBOL' | 'BAD_TIMESTAMP' | 'NOT_MINUTE_ALIGNED' | 'UNKNOWN_SYMBOL' | 'INVALID';

/** What the client went through. Every field only grows. */
export interface AlpacaBarsStats {
  /** Bars received from the stream (minute bars and updated bars). */
  received: number;
  /** Minute bars published (a JetStream duplicate included). */
  bars: number;
  /** Updated bars published. */
  updated: number;
  /** Publishes JetStream answered as a duplicate (a bar it already had). */
  duplicates: number;
  /** Bars refused, all reasons. */
  refused: number;
  refusedBy: Partial<Record<BarRefusal, number>>;
  /** Bars lost: JetStream did not take them after every attempt. */
  publishFailures: number;
  /** Reconnects the SDK completed (re-authenticated and re-subscribed). */
  reconnects: number;
  /** Reconnect attempts the SDK started. */
  reconnectAttempts: number;
  /** 406 "connection limit exceeded" answers. */
  connectionLimited: number;
  /** Other errors the stream reported (socket errors, unreadable frames, error frames). */
  errors: number;
  /** Warm-up bars published from REST (a JetStream duplicate included). */
  warmupBars: number;
  /** Backfilled bars published from REST after reconnects (a JetStream duplicate included). */
  backfilledBars: number;
  /** Backfills started (one per reconnect, more when a reconnect came during one). */
  backfills: number;
  /** Warm-up or backfill fetches that failed (each attempt). */
  historyFailures: number;
  /** Warm-ups or backfills given up after every attempt: later bars published over the gap (reason GAP). */
  gaps: number;
  /** Stream bars held while a ticker's warm-up or backfill ran. */
  held: number;
}

type Source = 'stream' | 'warmup' | 'backfill';

interface Held {
  readonly bar: Bar;
  readonly updated: boolean;
}

/** What a validator reads of a bar, from the stream or from REST (the stream's are read into the same shape). */
type RawBar = RestBar;

/** The keys were refused (401/402/404): the SDK does not retry them. The message names the code, never a key. */
export class StreamAuthError extends Error {
  override readonly name = 'StreamAuthError';
  constructor(
    message: string,
    readonly code: number | undefined,
  ) {
    super(message);
  }
}

/** The stream did not authenticate in time; `connectionLimited`: Alpaca answered 406 (another session holds this key's stream). */
export class StreamBusyError extends Error {
  override readonly name = 'StreamBusyError';
  constructor(
    message: string,
    readonly connectionLimited: boolean,
  ) {
    super(message);
  }
}

export const UPDATED_BAR_HEADER = 'Thetis-Bar';

/** The msg id of an updated bar: its own per distinct value, so JetStream keeps it beside the original and drops a repeat of it. */
export function updatedBarMsgId(bar: Bar): string {
  return `${msgIds.bar(bar)}:u:${bar.open}/${bar.high}/${bar.low}/${bar.close}/${bar.volume}`;
}

const CONNECTION_LIMIT = 'connection limit exceeded';
const REFUSALS = new Set<string>(['NOT_FINITE', 'NOT_POSITIVE', 'NEGATIVE', 'BAD_RANGE', 'BAD_SYMBOL']);

export class AlpacaBars {
  readonly stats: AlpacaBarsStats = {
    received: 0,
    bars: 0,
    updated: 0,
    duplicates: 0,
    refused: 0,
    refusedBy: {},
    publishFailures: 0,
    reconnects: 0,
    reconnectAttempts: 0,
    connectionLimited: 0,
    errors: 0,
    warmupBars: 0,
    backfilledBars: 0,
    backfills: 0,
    historyFailures: 0,
    gaps: 0,
    held: 0,
  };
  readonly #o: AlpacaBarsOptions;
  readonly #js: JetStreamClient;
  readonly #tickers: ReadonlySet<string>;
  readonly #stream: streaming.StockDataStream;
  /** Publishes in arrival order, one at a time. */
  #tail: Promise<void> = Promise.resolve();
  #stopped = false;
  readonly #history: BarHistory | undefined;
  readonly #now: () => number | Promise<number>;
  /** The open time of the last minute bar queued for publishing, per ticker. */
  readonly #last = new Map<string, number>();
  /** Tickers whose warm-up or backfill runs: their stream bars wait in #held. */
  readonly #filling = new Set<string>();
  readonly #held = new Map<string, Held[]>();
  /** Tickers that reconnected while filling → how many of their held bars came before: another backfill follows. */
  readonly #again = new Map<string, number>();
  readonly #abort = new AbortController();
  readonly #fills = new Set<Promise<void>>();

  private constructor(o: AlpacaBarsOptions) {
    this.#o = o;
    this.#js = jetstream(o.link.nc);
    this.#tickers = new Set(o.tickers);
    this.#now = o.now ?? Date.now;
    const h = o.history;
    this.#history =
      h === undefined
        ? undefined
        : new BarHistory({
            keyId: o.keyId,
            secret: o.secret,
            feed: o.feed ?? 'iex',
            ...(h.dataUrl === undefined ? {} : { dataUrl: h.dataUrl }),
            ...(h.limiter === undefined ? {} : { limiter: h.limiter }),
            ...(h.fetch === undefined ? {} : { fetch: h.fetch }),
            ...(h.timeoutMs === undefined ? {} : { timeoutMs: h.timeoutMs }),
            ...(h.getRetries === undefined ? {} : { getRetries: h.getRetries }),
          });
    const alpaca = new Alpaca({ keyId: o.keyId, secret: o.secret });
    this.#stream = alpaca.marketData.stockStream({
      feed: o.feed ?? 'iex',
      ...(o.url === undefined ? {} : { url: o.url }),
      maxReconnectAttempts: streaming.UNLIMITED_RECONNECT_ATTEMPTS,
      initialReconnectMs: o.reconnectInitialMs ?? 1_000,
      maxReconnectMs: o.reconnectMaxMs ?? 30_000,
      ...heartbeatOptions(o.heartbeat),
    });
    this.#stream.onBar((b) => this.#take(b, false));
    this.#stream.onUpdatedBar((b) => this.#take(b, true));
    this.#stream.onReconnecting((attempt) => {
      this.stats.reconnectAttempts += 1;
      o.log.warn({ attempt, feed: o.feed ?? 'iex' }, 'Alpaca market-data stream reconnecting');
    });
    this.#stream.onReconnected(() => {
      this.stats.reconnects += 1;
      if (this.#history !== undefined && (o.history?.backfill ?? true)) {
        o.log.info({ feed: o.feed ?? 'iex' }, 'Alpaca market-data stream reconnected: backfilling the minutes missed from REST');
        this.#backfillAll();
      } else o.log.info({ feed: o.feed ?? 'iex' }, 'Alpaca market-data stream reconnected: bars of the minutes missed are not replayed');
    });
    this.#stream.onError((message) => {
      const text = String(message);
      if (text === CONNECTION_LIMIT) {
        this.stats.connectionLimited += 1;
        o.log.warn({ code: 406 }, 'Alpaca market-data stream: connection limit exceeded (another session holds this key); retrying with backoff');
      } else {
        this.stats.errors += 1;
        o.log.error({ error: text }, 'Alpaca market-data stream error');
      }
    });
  }

  /**
   * Connects, authenticates and subscribes to the tickers' bars (again after every reconnect).
   * Throws StreamAuthError when the keys are refused, StreamBusyError when the stream did not
   * authenticate within `authTimeoutMs` (a 406 connection limit, or nothing answering).
   */
  static async start(o: AlpacaBarsOptions): Promise<AlpacaBars> {
    if (o.tickers.length === 0) throw new Error('AlpacaBars: no tickers to subscribe to');
    await ensureBarsStream(o.link, o.subjects, o.settings);
    const client = new AlpacaBars(o);
    const s = client.#stream;
    // Subscriptions are kept by the SDK and sent after each authentication (resubscribe()).
    s.subscribeForBars([...o.tickers]);
    if (o.updatedBars ?? true) s.subscribeForUpdatedBars([...o.tickers]);
    // The warm-up runs while the stream connects: the stream's bars wait for it.
    if (client.#history !== undefined && (o.history?.warmupBars ?? 60) > 0) client.#fill([...client.#tickers], 'warmup');
    s.connect();
    const timeoutMs = o.authTimeoutMs ?? 30_000;
    const result = await s.waitForAuthenticationResult(timeoutMs);
    if (result.authenticated) {
      o.log.info({ feed: o.feed ?? 'iex', tickers: o.tickers }, 'Alpaca market-data stream authenticated: taking bars');
      return client;
    }
    s.disconnect();
    client.#stopped = true;
    if (result.status === streaming.STREAM_AUTH_STATUS.SERVER_REJECTED) {
      throw new StreamAuthError(`Alpaca market-data stream refused the API keys (${result.code ?? '?'} ${result.message}): check APCA_API_KEY_ID and APCA_API_SECRET_KEY and the data subscription for feed '${o.feed ?? 'iex'}'`, result.code);
    }
    const limited = client.stats.connectionLimited > 0;
    throw new StreamBusyError(
      limited
        ? `Alpaca market-data stream: connection limit exceeded (406) for ${timeoutMs} ms: another client uses this key's '${o.feed ?? 'iex'}' stream (or Alpaca still holds a dead one, up to about 90 s)`
        : `Alpaca market-data stream did not authenticate within ${timeoutMs} ms (${result.message})`,
      limited,
    );
  }

  /** Resolves once every warm-up and backfill running has ended and every bar received so far is published (or counted as lost). */
  async idle(): Promise<void> {
    while (this.#fills.size > 0) await Promise.all([...this.#fills]);
    await this.#tail;
  }

  /** Closes the stream (no reconnect) and waits for the publishes in flight. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#abort.abort();
    this.#stream.disconnect();
    await Promise.all([...this.#fills]);
    await this.#tail;
  }

  #take(raw: streaming.StreamBar, updated: boolean): void {
    if (this.#stopped) return;
    this.stats.received += 1;
    const ts = raw.timestamp instanceof Date ? raw.timestamp.getTime() : Number.NaN;
    const bar = this.#validate({ symbol: raw.symbol, ts, tRaw: raw.timestampRaw, open: raw.open, high: raw.high, low: raw.low, close: raw.close, volume: raw.volume }, updated, 'stream');
    if (bar === undefined) return;
    if (this.#filling.has(bar.symbol)) {
      this.stats.held += 1;
      const held = this.#held.get(bar.symbol) ?? [];
      held.push({ bar, updated });
      this.#held.set(bar.symbol, held);
      return;
    }
    this.#enqueue(bar, updated, 'stream');
  }

  #enqueue(bar: Bar, updated: boolean, source: Source): void {
    if (!updated && bar.ts > (this.#last.get(bar.symbol) ?? Number.NEGATIVE_INFINITY)) this.#last.set(bar.symbol, bar.ts);
    this.#tail = this.#tail.then(() => this.#publish(bar, updated, source));
  }

  /** After a reconnect: a backfill of every ticker with a bar published, or another one after the fill running. */
  #backfillAll(): void {
    const now: string[] = [];
    for (const s of this.#tickers) {
      if (this.#filling.has(s)) this.#again.set(s, this.#held.get(s)?.length ?? 0);
      else if (this.#last.has(s)) now.push(s);
    }
    if (now.length > 0) this.#fill(now, 'backfill');
  }

  /** Fetches the tickers' history (with retries), then publishes it and the stream bars held meanwhile. */
  #fill(symbols: readonly string[], kind: 'warmup' | 'backfill'): void {
    if (kind === 'backfill') this.stats.backfills += 1;
    for (const s of symbols) this.#filling.add(s);
    const run = this.#fetch(symbols, kind)
      .catch(() => undefined)
      .then((bars) => {
        if (this.#stopped) return;
        const again: string[] = [];
        for (const s of symbols) if (this.#release(s, bars?.bars.get(s), bars?.now ?? Number.NEGATIVE_INFINITY, kind)) again.push(s);
        if (bars === undefined) {
          this.stats.gaps += 1;
          const from = kind === 'warmup' ? undefined : Math.min(...symbols.map((s) => (this.#last.get(s) ?? Number.NaN) + MINUTE_MS));
          this.#o.log.error({ reason: 'GAP', kind, tickers: symbols, from }, `bar ${kind} failed after every attempt: later bars published over the gap`);
        }
        if (again.length > 0) this.#fill(again, 'backfill');
      });
    this.#fills.add(run);
    void run.finally(() => this.#fills.delete(run));
  }

  /** The REST bars for a warm-up or a backfill, and the venue's time they were asked at; undefined when every attempt failed (or stopped). */
  async #fetch(symbols: readonly string[], kind: 'warmup' | 'backfill'): Promise<{ readonly bars: Map<string, RestBar[]>; readonly now: number } | undefined> {
    const history = this.#history as BarHistory;
    const h = this.#o.history ?? {};
    const attempts = Math.max(1, h.historyAttempts ?? 6);
    for (let attempt = 1; !this.#stopped; attempt++) {
      try {
        const now = await this.#now();
        // Alpaca's end is inclusive (of the bars' open times): up to the last minute closed now.
        const to = lastClosedMinute(now);
        if (kind === 'warmup') return { bars: await history.minuteBars(symbols, now - (h.warmupLookbackMs ?? 5 * 86_400_000), to, h.warmupBars ?? 60), now };
        const from = Math.min(...symbols.map((s) => (this.#last.get(s) ?? now) + MINUTE_MS));
        return { bars: await history.minuteBars(symbols, from, to), now };
      } catch (error) {
        this.stats.historyFailures += 1;
        const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        if (attempt >= attempts) {
          this.#o.log.error({ kind, tickers: symbols, attempts, error: message }, `bar ${kind} from REST failed`);
          return undefined;
        }
        const waitMs = Math.min(30_000, (h.historyRetryMs ?? 1_000) * 2 ** (attempt - 1));
        this.#o.log.warn({ kind, tickers: symbols, attempt, waitMs, error: message }, `bar ${kind} from REST failed: retrying`);
        await sleep(waitMs, undefined, { signal: this.#abort.signal }).catch(() => undefined);
      }
    }
    return undefined;
  }

  /**
   * Queues a ticker's REST bars (newer than its last, closed, older than its first held bar), then
   * its held bars, and lets its stream bars through again. True when a reconnect came meanwhile:
   * only the bars held before it are queued, the ticker stays held for the next backfill.
   */
  #release(symbol: string, bars: readonly RestBar[] | undefined, now: number, kind: 'warmup' | 'backfill'): boolean {
    const held = this.#held.get(symbol) ?? [];
    // The first minute bar held (an updated bar held is a correction of a minute, maybe an old one: no bound).
    const firstHeld = held.reduce((m, h) => (h.updated ? m : Math.min(m, h.bar.ts)), Number.POSITIVE_INFINITY);
    const closedBefore = Math.max(now + 1 - MINUTE_MS, firstHeld === Number.POSITIVE_INFINITY ? Number.NEGATIVE_INFINITY : firstHeld);
    for (const raw of bars ?? []) {
      const last = this.#last.get(symbol) ?? Number.NEGATIVE_INFINITY;
      if (!(raw.ts > last && raw.ts < closedBefore && raw.ts < firstHeld)) continue;
      const bar = this.#validate(raw, false, kind);
      if (bar !== undefined) this.#enqueue(bar, false, kind);
    }
    const cut = this.#again.get(symbol);
    this.#again.delete(symbol);
    for (const h of held.slice(0, cut ?? held.length)) this.#enqueue(h.bar, h.updated, 'stream');
    if (cut !== undefined) {
      this.#held.set(symbol, held.slice(cut));
      return true;
    }
    this.#held.delete(symbol);
    this.#filling.delete(symbol);
    return false;
  }

  #validate(raw: RawBar, updated: boolean, source: Source): Bar | undefined {
    const ts = raw.ts;
    let reason: BarRefusal | undefined;
    let detail = '';
    if (!this.#tickers.has(raw.symbol)) reason = 'UNKNOWN_SYMBOL';
    else if (!Number.isFinite(ts)) reason = 'BAD_TIMESTAMP';
    else if (ts % MINUTE_MS !== 0) reason = 'NOT_MINUTE_ALIGNED';
    if (reason === undefined) {
      try {
        return makeBar({ symbol: raw.symbol, ts, open: raw.open, high: raw.high, low: raw.low, close: raw.close, volume: raw.volume });
      } catch (error) {
        reason = error instanceof DomainError && REFUSALS.has(error.code) ? (error.code as BarRefusal) : 'INVALID';
        detail = error instanceof Error ? error.message : String(error);
      }
    }
    this.stats.refused += 1;
    this.stats.refusedBy[reason] = (this.stats.refusedBy[reason] ?? 0) + 1;
    this.#o.log.warn({ reason, detail, symbol: raw.symbol, t: raw.tRaw, updated, source }, 'Alpaca bar refused');
    return undefined;
  }

  async #publish(bar: Bar, updated: boolean, source: Source): Promise<void> {
    const attempts = Math.max(1, this.#o.publishAttempts ?? 5);
    for (let attempt = 1; ; attempt++) {
      try {
        const ack = updated ? await this.#publishUpdated(bar) : await publishBar(this.#js, this.#o.subjects, bar);
        if (updated) this.stats.updated += 1;
        else this.stats.bars += 1;
        if (source === 'warmup') this.stats.warmupBars += 1;
        else if (source === 'backfill') this.stats.backfilledBars += 1;
        if (ack.duplicate) this.stats.duplicates += 1;
        return;
      } catch (error) {
        if (attempt >= attempts) {
          this.stats.publishFailures += 1;
          this.#o.log.error({ symbol: bar.symbol, ts: bar.ts, updated, attempts, error: error instanceof Error ? error.message : String(error) }, 'bar not published to JetStream: lost');
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 100 * 2 ** (attempt - 1))));
      }
    }
  }

  #publishUpdated(bar: Bar) {
    const h = natsHeaders();
    h.set(UPDATED_BAR_HEADER, 'updated');
    return this.#js.publish(this.#o.subjects.bar(bar.symbol), JSON.stringify(bar), { msgID: updatedBarMsgId(bar), headers: h });
  }
}
