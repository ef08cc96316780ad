import { setTimeout as sleep } from 'node:timers/promises';
import { Alpaca, marketData, streaming } from '@alpacahq/alpaca-trade-api';
import { z } from 'zod';
import type { Logger } from '../../../actors/runtime/logger.js';
import type { NewsItem } from '../../../domain/sentiment/news.js';
import { RequestLimiter } from './request-limiter.js';

/**
 * Alpaca's news for the configured tickers, kept in memory for their sentiment (the market port's
 * `news`). At start, and again after each reconnect of the stream, REST `GET /v1beta1/news?symbols=…
 * &start=…&sort=desc&limit=50` (the SDK's NewsApi, through the shared RequestLimiter; at most
 * `maxPages` pages) fills the recent past; the SDK's news stream (`alpaca.marketData.newsStream`,
 * `/v1beta1/news`, frames `T:"n"`) adds items as they are published. An item is filed under each
 * configured ticker it names, by its `created_at`; an id already held is not added twice; items older
 * than `retainMs` before `now()` are dropped. A bad item (no id, no headline, an unreadable time) is
 * refused, counted and logged, never a crash. News is an extra: a failed fetch, or a stream that does
 * not authenticate, is logged and the session runs on (the SDK keeps reconnecting); without news
 * every ticker's sentiment is neutral.
 */
export interface AlpacaNewsOptions {
  readonly keyId: string;
  readonly secret: string;
  readonly tickers: readonly string[];
  readonly log: Logger;
  /** Market-data REST host (default https://data.alpaca.markets; a stand-in's URL). */
  readonly dataUrl?: string;
  /** The news stream's ws(s) URL (default Alpaca's wss://stream.data.alpaca.markets/v1beta1/news). */
  readonly url?: string;
  readonly limiter?: RequestLimiter;
  /** How much news is kept and fetched at start (default a day: signals.sentiment.windowMinutes). */
  readonly retainMs?: number;
  /** REST pages of 50 at most per fetch (default 10). */
  readonly maxPages?: number;
  /** How long `start` waits for the stream to authenticate before running on without it (default 10 s). */
  readonly authTimeoutMs?: number;
  /** The venue's time (default Date.now; the market clock against a stand-in). */
  readonly now?: () => number;
  readonly fetch?: typeof fetch;
}

/** One article as REST and the stream carry it (the fields the scorer reads; the rest is ignored). */
export const wireNewsSchema = z.object({
  id: z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]),
  headline: z.string().min(1),
  summary: z.string().optional().nullable(),
  created_at: z.string().refine((t) => Number.isFinite(Date.parse(t)), 'not an RFC-3339 time'),
  symbols: z.array(z.string()).default([]),
});
export type WireNews = z.input<typeof wireNewsSchema>;

const wireNewsPageSchema = z.object({ news: z.array(z.unknown()).default([]), next_page_token: z.string().nullable().optional() });

/** A wire article as a NewsItem, or the reason it is refused. */
export function newsItemOf(raw: unknown): NewsItem | string {
  const p = wireNewsSchema.safeParse(raw);
  if (!p.success) return p.error.issues.map((i) => `${i.path.map(String).join('.') || '(item)'}: ${i.message}`).join('; ');
  const { id, headline, summary, created_at: createdAt, symbols } = p.data;
  return { id: String(id), ts: Date.parse(createdAt), headline, ...(summary ? { summary } : {}), symbols };
}

const PAGE_LIMIT = 50;
const DAY_MS = 86_400_000;

export class AlpacaNews {
  /** Every field only grows. */
  readonly stats = { fetched: 0, streamed: 0, kept: 0, refused: 0, fetchFailures: 0, reconnects: 0 };
  readonly #o: AlpacaNewsOptions;
  readonly #tickers: ReadonlySet<string>;
  readonly #api: marketData.NewsApi;
  readonly #stream: streaming.NewsStream;
  readonly #now: () => number;
  readonly #retainMs: number;
  readonly #bySymbol = new Map<string, NewsItem[]>();
  readonly #ids = new Set<string>();
  #latest = Number.NEGATIVE_INFINITY;
  #stopped = false;

  private constructor(o: AlpacaNewsOptions) {
    this.#o = o;
    this.#tickers = new Set(o.tickers);
    this.#now = o.now ?? Date.now;
    this.#retainMs = o.retainMs ?? DAY_MS;
    const limiter = o.limiter ?? new RequestLimiter();
    this.#api = new marketData.NewsApi(
      new marketData.Configuration({
        keyId: o.keyId,
        secret: o.secret,
        fetchApi: limiter.wrapFetch(o.fetch ?? ((input, init) => fetch(input, init))),
        timeoutMs: 30_000,
        retry: { maxRetries: 2 },
        ...(o.dataUrl === undefined ? {} : { basePath: o.dataUrl.replace(/\/+$/, '') }),
      }),
    );
    this.#stream = new Alpaca({ keyId: o.keyId, secret: o.secret }).marketData.newsStream({
      ...(o.url === undefined ? {} : { url: o.url }),
      maxReconnectAttempts: streaming.UNLIMITED_RECONNECT_ATTEMPTS,
    });
    this.#stream.onNews((n) => this.#take({ id: n.idRaw ?? n.id, headline: n.headline, summary: n.summary, created_at: n.createdAt?.toISOString() ?? '', symbols: n.symbols }, 'stream'));
    this.#stream.onReconnected(() => {
      this.stats.reconnects += 1;
      // Items published while the stream was down: fetched again from the last one held.
      void this.#fetch(Math.max(this.#latest, this.#now() - this.#retainMs));
    });
    this.#stream.onError((message) => o.log.warn({ error: String(message) }, 'Alpaca news stream error'));
  }

  /** Fetches the recent news, then connects the stream (waiting at most authTimeoutMs for its authentication, again for its subscription). */
  static async start(o: AlpacaNewsOptions): Promise<AlpacaNews> {
    const client = new AlpacaNews(o);
    if (o.tickers.length === 0) return client;
    await client.#fetch(client.#now() - client.#retainMs);
    client.#stream.subscribeForNews([...o.tickers]);
    client.#stream.connect();
    const subscribed = new Promise<void>((resolve) => client.#stream.on('subscription', () => resolve()));
    const result = await client.#stream.waitForAuthenticationResult(o.authTimeoutMs ?? 10_000);
    // Started = subscribed: no item published from here on is missed.
    if (result.authenticated) await Promise.race([subscribed, sleep(o.authTimeoutMs ?? 10_000, undefined, { ref: false })]);
    if (result.authenticated) o.log.info({ tickers: o.tickers.length, items: client.stats.kept }, 'Alpaca news stream authenticated: news sentiment live');
    else o.log.warn({ status: result.status, message: result.message }, 'Alpaca news stream not authenticated: running on (sentiment from the news fetched so far)');
    return client;
  }

  /** The market port's `news` (MarketDataPort.news) over what is held. */
  readonly portNews = (underlying: string, asOf: number, lookbackMs: number): readonly NewsItem[] => this.between(underlying, asOf - lookbackMs, asOf);

  /** The items naming `symbol` published in (from, to], oldest first. */
  between(symbol: string, from: number, to: number): readonly NewsItem[] {
    return (this.#bySymbol.get(symbol) ?? []).filter((i) => i.ts > from && i.ts <= to);
  }

  stop(): void {
    this.#stopped = true;
    this.#stream.disconnect();
  }

  async #fetch(from: number): Promise<void> {
    let pageToken: string | undefined;
    try {
      for (let page = 0; page < (this.#o.maxPages ?? 10); page++) {
        const r = await this.#api.newsRaw({ symbols: [...this.#tickers].join(','), start: new Date(from), sort: 'desc', limit: PAGE_LIMIT, ...(pageToken === undefined ? {} : { pageToken }) });
        const json = wireNewsPageSchema.parse(await r.raw.json());
        for (const raw of json.news) this.#take(raw, 'rest');
        if (!json.next_page_token) break;
        pageToken = json.next_page_token;
      }
    } catch (error) {
      this.stats.fetchFailures += 1;
      this.#o.log.warn({ error: error instanceof Error ? error.message : String(error) }, 'Alpaca news not fetched: sentiment from what is held');
    }
  }

  #take(raw: unknown, source: 'rest' | 'stream'): void {
    if (this.#stopped) return;
    this.stats[source === 'rest' ? 'fetched' : 'streamed'] += 1;
    const item = newsItemOf(raw);
    if (typeof item === 'string') {
      this.stats.refused += 1;
      this.#o.log.warn({ source, reason: item }, 'Alpaca news item refused');
      return;
    }
    if (this.#ids.has(item.id)) return;
    this.#ids.add(item.id);
    this.#latest = Math.max(this.#latest, item.ts);
    const cutoff = this.#now() - this.#retainMs;
    for (const symbol of new Set(item.symbols)) {
      if (!this.#tickers.has(symbol)) continue;
      const list = (this.#bySymbol.get(symbol) ?? []).filter((i) => i.ts > cutoff);
      let at = list.length;
      while (at > 0 && (list[at - 1] as NewsItem).ts > item.ts) at -= 1;
      list.splice(at, 0, item);
      this.#bySymbol.set(symbol, list);
    }
    this.stats.kept += 1;
  }
}
