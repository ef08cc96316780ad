import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
// The msgpack library the SDK itself decodes with (a dependency of @alpacahq/alpaca-trade-api 4.0.2).
import { decode as msgpackDecode, encode as msgpackEncode } from '@msgpack/msgpack';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { STOCK_CHANNELS, STREAM_ERRORS, rfc3339, type StockChannel, type WireBar, type WireSubscription } from '../alpaca/market/wire.js';
import { openMarket, type Market } from '../market/load.js';
import type { Bar } from '../../domain/values/bar.js';

/**
 * A loopback stand-in for Alpaca's stock market-data stream (`/v2/<feed>`), speaking it as the
 * real SDK expects (read from @alpacahq/alpaca-trade-api 4.0.2, src/streaming/): msgpack frames
 * when the client asks for them (the SDK sends `Content-Type: application/msgpack` on the upgrade),
 * JSON text otherwise, as Alpaca does; every frame an array of messages keyed by `T`.
 *
 *   open                       → [{T:"success",msg:"connected"}]
 *   {action:"auth",key,secret} → [{T:"success",msg:"authenticated"}] | [{T:"error",code:402,msg:"auth failed"}]
 *   the key already has a live session on this feed → [{T:"error",code:406,msg:"connection limit exceeded"}], then close
 *   no auth within authTimeoutMs → [{T:"error",code:404,msg:"auth timeout"}], then close
 *   subscribe / unsubscribe before auth → 401 "not authenticated"; authenticating twice → 403
 *   {action:"subscribe",bars:[…],…} → [{T:"subscription",trades:[],quotes:[],bars:[…],updatedBars:[],…}]
 *   pushed bars → [{T:"b",S,o,h,l,c,v,t,n,vw}, …] (updated bars T:"u") to the sessions subscribed to
 *   the symbol (or to "*")
 *
 * Driven by the test (pushBar, pushUpdatedBar, sendFrames, dropConnections) or by a market
 * directory (replay). It imports the wire shapes and the market reader, never the engine.
 */
export interface StandinCredentials {
  readonly keyId: string;
  readonly secret: string;
}

export interface MarketStreamStandinOptions {
  /** The keys it accepts (any of them). */
  readonly credentials: StandinCredentials | readonly StandinCredentials[];
  /** Live sessions one key may hold per feed (Alpaca: 1). */
  readonly connectionLimit?: number;
  /** How long a connection may stay unauthenticated (Alpaca: about 10 s). */
  readonly authTimeoutMs?: number;
  /** How `t` goes out in msgpack frames: an RFC-3339 string (default) or a msgpack timestamp (ext −1), as Alpaca's msgpack feed does. */
  readonly timestamps?: 'rfc3339' | 'msgpack';
  /** Port on 127.0.0.1 (default: any free one). */
  readonly port?: number;
  /** The upgrade paths it takes, the feed captured as group 1 (default `/v2/<feed>`; option-stream.ts: `/v1beta1/<feed>`). */
  readonly paths?: RegExp;
}

/** A bar to push: the values as given (NaN and crossed ranges go out as they are: the stand-in does not judge). */
export interface StandinBar extends Bar {
  readonly tradeCount?: number;
  readonly vwap?: number;
}

/** A message pushed on a channel: its symbol, and its time as a Date (msgpack) or an RFC-3339 string. */
export interface StreamMessage {
  readonly S: string;
  readonly t: string | Date;
}

interface Session {
  readonly ws: WebSocket;
  readonly feed: string;
  readonly msgpack: boolean;
  key: string | undefined;
  readonly subs: Map<StockChannel, Set<string>>;
  authTimer: NodeJS.Timeout | undefined;
  /** Gone silent (a half-open link): nothing sent, nothing read, pings unanswered. */
  silent?: boolean;
}

/** What the stand-in saw, for tests (secrets never kept). */
export interface StandinStats {
  connections: number;
  authenticated: number;
  authFailures: number;
  connectionLimitRefusals: number;
  framesIn: number;
  framesOut: number;
}

const FEED_PATH = /^\/v2\/([a-z_]+)$/;

export class MarketStreamStandin {
  readonly stats: StandinStats = { connections: 0, authenticated: 0, authFailures: 0, connectionLimitRefusals: 0, framesIn: 0, framesOut: 0 };
  /** Every action a client sent, decoded, its secret replaced by '***'. */
  readonly actions: Record<string, unknown>[] = [];
  readonly #wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  readonly #sessions = new Set<Session>();
  readonly #keys: readonly StandinCredentials[];
  readonly #limit: number;
  readonly #authTimeoutMs: number;
  readonly #timestamps: 'rfc3339' | 'msgpack';
  readonly #paths: RegExp;

  private constructor(
    /** The server it owns (start), or undefined when attached to another's (attach). */
    private readonly server: Server | undefined,
    readonly port: number,
    o: MarketStreamStandinOptions,
  ) {
    this.#keys = Array.isArray(o.credentials) ? o.credentials : [o.credentials as StandinCredentials];
    this.#limit = o.connectionLimit ?? 1;
    this.#authTimeoutMs = o.authTimeoutMs ?? 10_000;
    this.#timestamps = o.timestamps ?? 'rfc3339';
    this.#paths = o.paths ?? FEED_PATH;
  }

  static async start(o: MarketStreamStandinOptions): Promise<MarketStreamStandin> {
    const server = createServer((_req, res) => {
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(o.port ?? 0, '127.0.0.1', resolve);
    });
    const standin = new MarketStreamStandin(server, (server.address() as AddressInfo).port, o);
    server.on('upgrade', (req, socket, head) => {
      if (!standin.handleUpgrade(req, socket, head)) socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    });
    return standin;
  }

  /**
   * The stream without a server of its own: the owner of the server (the stand-in's one server,
   * server.ts) hands it the upgrades of `/v2/<feed>` through handleUpgrade. `port` is the server's,
   * for url(); close() then ends the sessions only.
   */
  static attach(port: number, o: MarketStreamStandinOptions): MarketStreamStandin {
    return new MarketStreamStandin(undefined, port, o);
  }

  /** The stream URL for a feed, as the SDK's `stockStream({ url })` takes it. */
  url(feed = 'iex'): string {
    return `ws://127.0.0.1:${this.port}/v2/${feed}`;
  }

  /** Sessions authenticated now and not silent (optionally: with this key). */
  authenticatedSessions(keyId?: string): number {
    let n = 0;
    for (const s of this.#sessions) if (s.key !== undefined && s.silent !== true && (keyId === undefined || s.key === keyId)) n += 1;
    return n;
  }

  /** Whether some session is subscribed to `channel` for `symbol` (directly or by "*"). */
  subscribed(channel: StockChannel, symbol: string): boolean {
    for (const s of this.#sessions) if (wants(s, channel, symbol)) return true;
    return false;
  }

  /** The symbols some authenticated session is subscribed to on `channel` ("*" included as it is). */
  subscriptions(channel: StockChannel): Set<string> {
    const out = new Set<string>();
    for (const s of this.#sessions) if (s.key !== undefined) for (const symbol of s.subs.get(channel) ?? []) out.add(symbol);
    return out;
  }

  /** Sends minute bars (one frame per session, holding the bars it subscribed to); returns the sessions reached. */
  pushBars(bars: readonly StandinBar[]): number {
    return this.#fanOut('bars', bars.map((b) => this.#wireBar('b', b)));
  }

  pushBar(bar: StandinBar): number {
    return this.pushBars([bar]);
  }

  /** Sends updated bars (`T:"u"`: a late trade changed the bar of that minute) to the sessions subscribed to updatedBars. */
  pushUpdatedBar(bar: StandinBar): number {
    return this.#fanOut('updatedBars', [this.#wireBar('u', bar)]);
  }

  /**
   * Sends messages of a channel (each with its symbol `S`; `t` a Date goes out as a msgpack
   * timestamp, as an RFC-3339 string to a JSON client), one frame per session holding those it
   * subscribed to; returns the sessions reached.
   */
  pushMessages(channel: StockChannel, messages: readonly StreamMessage[]): number {
    return this.#fanOut(channel, messages);
  }

  /** Sends one raw frame (an array of anything) to every authenticated session, as is. */
  sendFrames(frames: readonly unknown[]): number {
    let n = 0;
    for (const s of this.#sessions) {
      if (s.key === undefined) continue;
      this.#send(s, frames);
      n += 1;
    }
    return n;
  }

  /** Cuts every connection without a close handshake (a network drop). */
  dropConnections(): void {
    for (const s of this.#sessions) s.ws.terminate();
  }

  /**
   * Every connection goes silent without closing (a half-open link): nothing more is sent on it and
   * nothing read from it, so the client's pings go unanswered. Alpaca's server drops a connection
   * that stops answering; the stand-in counts a silent one as gone for the connection limit.
   */
  silenceConnections(): void {
    for (const s of this.#sessions) {
      s.silent = true;
      s.ws.pause();
    }
  }

  /**
   * Replays a market directory (the bundled sample format, src/infra/market/): each minute's bars
   * of every ticker in one frame. `speed`: market minutes per real minute (60 → a minute a second);
   * omitted, as fast as the event loop allows. `minutes`: stop after this many minutes. Returns the
   * bars sent.
   */
  async replay(market: Market | string, o: { readonly speed?: number; readonly minutes?: number; readonly signal?: AbortSignal } = {}): Promise<number> {
    const m = typeof market === 'string' ? await openMarket(market) : market;
    const pause = o.speed === undefined || !Number.isFinite(o.speed) ? 0 : 60_000 / o.speed;
    let minutes = 0;
    let sent = 0;
    for await (const w of m.windows(1)) {
      if (o.signal?.aborted || (o.minutes !== undefined && minutes >= o.minutes)) break;
      const bars: StandinBar[] = [];
      for (const t of w.series) for (const b of t.bars) bars.push(b);
      this.pushBars(bars);
      sent += bars.length;
      minutes += 1;
      if (pause > 0) await sleep(pause);
      else await nextTurn();
    }
    return sent;
  }

  async close(): Promise<void> {
    for (const s of this.#sessions) {
      clearTimeout(s.authTimer);
      s.ws.terminate();
    }
    this.#sessions.clear();
    this.#wss.close();
    const server = this.server;
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  #wireBar(T: 'b' | 'u', b: StandinBar): WireBar {
    const t = this.#timestamps === 'msgpack' ? new Date(b.ts) : rfc3339(b.ts);
    return { T, S: b.symbol, o: b.open, h: b.high, l: b.low, c: b.close, v: b.volume, t, n: b.tradeCount ?? 0, vw: b.vwap ?? b.close };
  }

  #fanOut(channel: StockChannel, frames: readonly StreamMessage[]): number {
    let n = 0;
    for (const s of this.#sessions) {
      if (s.key === undefined) continue;
      const mine = frames.filter((f) => wants(s, channel, f.S));
      if (mine.length === 0) continue;
      // A JSON client gets t as a string whatever the msgpack setting.
      this.#send(s, s.msgpack ? mine : mine.map((f) => ({ ...f, t: f.t instanceof Date ? rfc3339(f.t.getTime()) : f.t })));
      n += 1;
    }
    return n;
  }

  /** Takes a WebSocket upgrade for `/v2/<feed>` (or its `paths`) and answers true; any other path: false, the socket untouched. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const feed = this.#paths.exec(new URL(req.url ?? '/', 'http://localhost').pathname)?.[1];
    if (feed === undefined) return false;
    const msgpack = /application\/msgpack/i.test(req.headers['content-type'] ?? '');
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#open(ws, feed, msgpack));
    return true;
  }

  #open(ws: WebSocket, feed: string, msgpack: boolean): void {
    const session: Session = { ws, feed, msgpack, key: undefined, subs: new Map(STOCK_CHANNELS.map((c) => [c, new Set<string>()])), authTimer: undefined };
    this.#sessions.add(session);
    this.stats.connections += 1;
    session.authTimer = setTimeout(() => {
      if (session.key !== undefined) return;
      this.#error(session, STREAM_ERRORS.authTimeout);
      ws.close();
    }, this.#authTimeoutMs);
    session.authTimer.unref();
    ws.on('close', () => {
      clearTimeout(session.authTimer);
      this.#sessions.delete(session);
    });
    ws.on('error', () => undefined);
    ws.on('message', (data: RawData, isBinary: boolean) => this.#message(session, data, isBinary));
    this.#send(session, [{ T: 'success', msg: 'connected' }]);
  }

  #message(s: Session, data: RawData, isBinary: boolean): void {
    this.stats.framesIn += 1;
    let msg: unknown;
    try {
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      msg = isBinary ? msgpackDecode(bytes) : JSON.parse(bytes.toString('utf8'));
    } catch {
      this.#error(s, STREAM_ERRORS.invalidSyntax);
      return;
    }
    if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) {
      this.#error(s, STREAM_ERRORS.invalidSyntax);
      return;
    }
    const action = msg as Record<string, unknown>;
    this.actions.push('secret' in action ? { ...action, secret: '***' } : action);
    switch (action.action) {
      case 'auth':
        this.#auth(s, action);
        return;
      case 'subscribe':
      case 'unsubscribe':
        if (s.key === undefined) {
          this.#error(s, STREAM_ERRORS.notAuthenticated);
          return;
        }
        this.#subscribe(s, action, action.action === 'subscribe');
        return;
      default:
        this.#error(s, STREAM_ERRORS.invalidSyntax);
    }
  }

  #auth(s: Session, a: Record<string, unknown>): void {
    if (s.key !== undefined) {
      this.#error(s, STREAM_ERRORS.alreadyAuthenticated);
      return;
    }
    const ok = this.#keys.some((k) => k.keyId === a.key && k.secret === a.secret);
    if (!ok) {
      this.stats.authFailures += 1;
      this.#error(s, STREAM_ERRORS.authFailed);
      return;
    }
    const key = a.key as string;
    let live = 0;
    for (const other of this.#sessions) if (other !== s && other.key === key && other.feed === s.feed && other.silent !== true) live += 1;
    if (live >= this.#limit) {
      this.stats.connectionLimitRefusals += 1;
      this.#error(s, STREAM_ERRORS.connectionLimit);
      s.ws.close();
      return;
    }
    s.key = key;
    clearTimeout(s.authTimer);
    this.stats.authenticated += 1;
    this.#send(s, [{ T: 'success', msg: 'authenticated' }]);
  }

  #subscribe(s: Session, a: Record<string, unknown>, add: boolean): void {
    for (const channel of STOCK_CHANNELS) {
      const symbols = a[channel];
      if (symbols === undefined) continue;
      if (!Array.isArray(symbols) || !symbols.every((x): x is string => typeof x === 'string' && x.length > 0)) {
        this.#error(s, STREAM_ERRORS.invalidSyntax);
        return;
      }
      const set = s.subs.get(channel);
      for (const symbol of symbols) {
        if (add) set?.add(symbol);
        else set?.delete(symbol);
      }
    }
    // Corrections and cancel errors follow trades, as on Alpaca.
    s.subs.set('corrections', new Set(s.subs.get('trades')));
    s.subs.set('cancelErrors', new Set(s.subs.get('trades')));
    const frame = Object.fromEntries(STOCK_CHANNELS.map((c) => [c, [...(s.subs.get(c) ?? [])]])) as Record<StockChannel, string[]>;
    const subscription: WireSubscription = { T: 'subscription', ...frame };
    this.#send(s, [subscription]);
  }

  #error(s: Session, e: { readonly code: number; readonly msg: string }): void {
    this.#send(s, [{ T: 'error', code: e.code, msg: e.msg }]);
  }

  #send(s: Session, frames: readonly unknown[]): void {
    if (s.ws.readyState !== s.ws.OPEN || s.silent === true) return;
    this.stats.framesOut += 1;
    s.ws.send(s.msgpack ? msgpackEncode(frames) : JSON.stringify(frames));
  }
}

function wants(s: Session, channel: StockChannel, symbol: string): boolean {
  if (s.key === undefined || s.silent === true) return false;
  const set = s.subs.get(channel);
  return set !== undefined && (set.has(symbol) || set.has('*'));
}
