import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { decode as msgpackDecode, encode as msgpackEncode } from '@msgpack/msgpack';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { NewsItem } from '../../domain/sentiment/news.js';
import { STREAM_ERRORS, rfc3339 } from '../alpaca/market/wire.js';
import type { NewsBook } from '../market/news.js';
import { sendJson } from './http.js';
import type { StandinRoutes } from './route.js';
import type { StandinKeys } from './server.js';

/**
 * Alpaca's news, served from the market directory's news file (news.jsonl) as the replay clock
 * reaches each item (an item exists from its `ts` on):
 *
 *   GET /v1beta1/news?symbols=A,B&start&end&sort=desc|asc&limit=1..50&page_token
 *     → {news:[{id, headline, author, created_at, updated_at, summary, content, url, images, symbols, source}], next_page_token}
 *   WebSocket /v1beta1/news, as market-stream.ts speaks it (msgpack when asked, else JSON):
 *     open → [{T:"success",msg:"connected"}]; {action:"auth",key,secret} → authenticated | 402;
 *     {action:"subscribe",news:["A"|"*"]} → [{T:"subscription",news:[…]}] (before auth: 401);
 *     each item, once the clock reaches it → [{T:"n", id, headline, summary, author, created_at, …, symbols, source}]
 *
 * Alpaca's ids are integers: an item's id goes out as a number when it is one, else as its
 * 1-based place in the file's time order (the same on REST and the stream).
 */
export interface WireNewsArticle {
  readonly id: number;
  readonly headline: string;
  readonly author: string;
  readonly created_at: string;
  readonly updated_at: string;
  readonly summary: string;
  readonly content: string;
  readonly url: string;
  readonly images: readonly unknown[];
  readonly symbols: readonly string[];
  readonly source: string;
}

const NEWS_PATH = '/v1beta1/news';
const MAX_LIMIT = 50;

function article(item: NewsItem, place: number): WireNewsArticle {
  const t = rfc3339(item.ts);
  const id = /^\d+$/.test(item.id) ? Number(item.id) : place;
  return { id, headline: item.headline, author: '', created_at: t, updated_at: t, summary: item.summary ?? '', content: '', url: '', images: [], symbols: item.symbols, source: 'thetis-standin' };
}

/** The wire articles of a book, each with its place in the file's time order. */
function articles(book: NewsBook | undefined): { readonly item: NewsItem; readonly wire: WireNewsArticle }[] {
  return (book?.items ?? []).map((item, k) => ({ item, wire: article(item, k + 1) }));
}

/** GET /v1beta1/news over the items published by `now()`. */
export function newsRoutes(book: NewsBook | undefined, now: () => number): StandinRoutes {
  const all = articles(book);
  return async (req, res, url) => {
    if (url.pathname !== NEWS_PATH || (req.method ?? 'GET') !== 'GET') return false;
    const q = url.searchParams;
    const symbols = new Set((q.get('symbols') ?? '').split(',').filter((s) => s.length > 0));
    const start = q.has('start') ? Date.parse(q.get('start') as string) : Number.NEGATIVE_INFINITY;
    const end = Math.min(q.has('end') ? Date.parse(q.get('end') as string) : Number.POSITIVE_INFINITY, now());
    const limit = Number(q.get('limit') ?? 10);
    const sort = q.get('sort') ?? 'desc';
    const offset = Number(q.get('page_token') ? Buffer.from(q.get('page_token') as string, 'base64').toString('utf8') : 0);
    if (Number.isNaN(start) || Number.isNaN(end) || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT || (sort !== 'asc' && sort !== 'desc') || !Number.isInteger(offset)) {
      sendJson(res, 422, { code: 42210000, message: 'invalid news request' });
      return true;
    }
    const hits = all.filter(({ item }) => item.ts >= start && item.ts <= end && (symbols.size === 0 || item.symbols.some((s) => symbols.has(s))));
    if (sort === 'desc') hits.reverse();
    const page = hits.slice(offset, offset + limit);
    const next = offset + limit < hits.length ? Buffer.from(String(offset + limit)).toString('base64') : null;
    sendJson(res, 200, { news: page.map((h) => h.wire), next_page_token: next });
    return true;
  };
}

interface Session {
  readonly ws: WebSocket;
  readonly msgpack: boolean;
  authenticated: boolean;
  readonly subs: Set<string>;
}

/** The news WebSocket: items go out as `advanceTo` passes their time. */
export class NewsStreamStandin {
  readonly #wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  readonly #sessions = new Set<Session>();
  readonly #all: ReturnType<typeof articles>;
  /** The next item not yet sent. */
  #next = 0;

  constructor(
    book: NewsBook | undefined,
    private readonly keys: readonly StandinKeys[],
  ) {
    this.#all = articles(book);
  }

  /** Sends the items published up to `now` not sent yet (an item before the stand-in's first minute is REST's only). */
  advanceTo(now: number): void {
    const due: WireNewsArticle[] = [];
    while (this.#next < this.#all.length && (this.#all[this.#next]?.item.ts as number) <= now) due.push((this.#all[this.#next++] as { wire: WireNewsArticle }).wire);
    if (due.length === 0) return;
    for (const s of this.#sessions) {
      const mine = due.filter((a) => s.authenticated && (s.subs.has('*') || a.symbols.some((x) => s.subs.has(x))));
      if (mine.length > 0) this.#send(s, mine.map((a) => ({ T: 'n', ...a })));
    }
  }

  /** Takes the upgrade of /v1beta1/news; any other path: false, the socket untouched. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== NEWS_PATH) return false;
    const msgpack = /application\/msgpack/i.test(req.headers['content-type'] ?? '');
    this.#wss.handleUpgrade(req, socket, head, (ws) => {
      const s: Session = { ws, msgpack, authenticated: false, subs: new Set() };
      this.#sessions.add(s);
      ws.on('close', () => this.#sessions.delete(s));
      ws.on('error', () => undefined);
      ws.on('message', (data: RawData, isBinary: boolean) => this.#message(s, data, isBinary));
      this.#send(s, [{ T: 'success', msg: 'connected' }]);
    });
    return true;
  }

  close(): void {
    for (const s of this.#sessions) s.ws.terminate();
    this.#sessions.clear();
    this.#wss.close();
  }

  #message(s: Session, data: RawData, isBinary: boolean): void {
    let a: Record<string, unknown>;
    try {
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      a = (isBinary ? msgpackDecode(bytes) : JSON.parse(bytes.toString('utf8'))) as Record<string, unknown>;
    } catch {
      return this.#error(s, STREAM_ERRORS.invalidSyntax);
    }
    if (a?.action === 'auth') {
      if (s.authenticated) return this.#error(s, STREAM_ERRORS.alreadyAuthenticated);
      if (!this.keys.some((k) => k.keyId === a.key && k.secret === a.secret)) return this.#error(s, STREAM_ERRORS.authFailed);
      s.authenticated = true;
      return this.#send(s, [{ T: 'success', msg: 'authenticated' }]);
    }
    if (a?.action !== 'subscribe' && a?.action !== 'unsubscribe') return this.#error(s, STREAM_ERRORS.invalidSyntax);
    if (!s.authenticated) return this.#error(s, STREAM_ERRORS.notAuthenticated);
    const symbols = a.news ?? [];
    if (!Array.isArray(symbols) || !symbols.every((x): x is string => typeof x === 'string' && x.length > 0)) return this.#error(s, STREAM_ERRORS.invalidSyntax);
    for (const x of symbols) {
      if (a.action === 'subscribe') s.subs.add(x);
      else s.subs.delete(x);
    }
    this.#send(s, [{ T: 'subscription', news: [...s.subs] }]);
  }

  #error(s: Session, e: { readonly code: number; readonly msg: string }): void {
    this.#send(s, [{ T: 'error', code: e.code, msg: e.msg }]);
  }

  #send(s: Session, frames: readonly unknown[]): void {
    if (s.ws.readyState === s.ws.OPEN) s.ws.send(s.msgpack ? msgpackEncode(frames) : JSON.stringify(frames));
  }
}
