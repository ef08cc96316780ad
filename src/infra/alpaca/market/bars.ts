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
 */
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
  /** Attempts per JetStream publish, the first included (default 5; same msg id each time). */
  readonly publishAttempts?: number;
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
}

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
  readonly stats: AlpacaBarsStats = { received: 0, bars: 0, updated: 0, duplicates: 0, refused: 0, refusedBy: {}, publishFailures: 0, reconnects: 0, reconnectAttempts: 0, connectionLimited: 0, errors: 0 };
  readonly #o: AlpacaBarsOptions;
  readonly #js: JetStreamClient;
  readonly #tickers: ReadonlySet<string>;
  readonly #stream: streaming.StockDataStream;
  /** Publishes in arrival order, one at a time. */
  #tail: Promise<void> = Promise.resolve();
  #stopped = false;

  private constructor(o: AlpacaBarsOptions) {
    this.#o = o;
    this.#js = jetstream(o.link.nc);
    this.#tickers = new Set(o.tickers);
    const alpaca = new Alpaca({ keyId: o.keyId, secret: o.secret });
    this.#stream = alpaca.marketData.stockStream({
      feed: o.feed ?? 'iex',
      ...(o.url === undefined ? {} : { url: o.url }),
      maxReconnectAttempts: streaming.UNLIMITED_RECONNECT_ATTEMPTS,
      initialReconnectMs: o.reconnectInitialMs ?? 1_000,
      maxReconnectMs: o.reconnectMaxMs ?? 30_000,
    });
    this.#stream.onBar((b) => this.#take(b, false));
    this.#stream.onUpdatedBar((b) => this.#take(b, true));
    this.#stream.onReconnecting((attempt) => {
      this.stats.reconnectAttempts += 1;
      o.log.warn({ attempt, feed: o.feed ?? 'iex' }, 'Alpaca market-data stream reconnecting');
    });
    this.#stream.onReconnected(() => {
      this.stats.reconnects += 1;
      o.log.info({ feed: o.feed ?? 'iex' }, 'Alpaca market-data stream reconnected: bars of the minutes missed are not replayed');
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

  /** Resolves once every bar received so far is published (or counted as lost). */
  idle(): Promise<void> {
    return this.#tail;
  }

  /** Closes the stream (no reconnect) and waits for the publishes in flight. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#stream.disconnect();
    await this.#tail;
  }

  #take(raw: streaming.StreamBar, updated: boolean): void {
    if (this.#stopped) return;
    this.stats.received += 1;
    const bar = this.#validate(raw, updated);
    if (bar === undefined) return;
    this.#tail = this.#tail.then(() => this.#publish(bar, updated));
  }

  #validate(raw: streaming.StreamBar, updated: boolean): Bar | undefined {
    const ts = raw.timestamp instanceof Date ? raw.timestamp.getTime() : Number.NaN;
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
    this.#o.log.warn({ reason, detail, symbol: raw.symbol, t: raw.timestampRaw, updated }, 'Alpaca bar refused');
    return undefined;
  }

  async #publish(bar: Bar, updated: boolean): Promise<void> {
    const attempts = Math.max(1, this.#o.publishAttempts ?? 5);
    for (let attempt = 1; ; attempt++) {
      try {
        const ack = updated ? await this.#publishUpdated(bar) : await publishBar(this.#js, this.#o.subjects, bar);
        if (updated) this.stats.updated += 1;
        else this.stats.bars += 1;
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
