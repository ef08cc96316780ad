import { marketData } from '@alpacahq/alpaca-trade-api';
import { MINUTE_MS } from '../../../domain/values/time.js';
import { RequestLimiter } from './request-limiter.js';

/**
 * Alpaca's historical 1-minute stock bars over the real SDK (@alpacahq/alpaca-trade-api 4.0.2,
 * `StockApi.stockBarsRaw`: GET /v2/stocks/bars?symbols=A,B&timeframe=1Min&start&end&limit&feed&
 * sort&page_token → { bars: { A: [{t,o,h,l,c,v,n,vw}] }, next_page_token }), every page followed
 * until next_page_token is empty or repeats. Every attempt goes through the given RequestLimiter
 * (the one shared 200-a-minute limit of the key), set as the Configuration's `fetchApi`; the SDK's
 * own per-host limiter is off. The bars come back raw (the caller validates them as it does the
 * stream's).
 */
export interface BarHistoryOptions {
  readonly keyId: string;
  readonly secret: string;
  /** Market-data host (default https://data.alpaca.markets; a stand-in's URL). */
  readonly dataUrl?: string;
  /** Stock feed (default 'iex'). */
  readonly feed?: string;
  readonly limiter?: RequestLimiter;
  /** The fetch under the limiter (default globalThis.fetch). */
  readonly fetch?: typeof fetch;
  /** Per-attempt timeout (default 30 s). */
  readonly timeoutMs?: number;
  /** Retries the SDK makes on a GET (default 2). */
  readonly getRetries?: number;
}

/** One bar as REST gives it: `t` its open time, epoch ms (NaN when unreadable). */
export interface RestBar {
  readonly symbol: string;
  readonly ts: number;
  readonly tRaw: unknown;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

const MAX_PAGES = 1000;
const PAGE_LIMIT = 10_000;

interface WirePage {
  readonly bars?: Readonly<Record<string, readonly unknown[]>> | readonly unknown[] | null;
  readonly next_page_token?: string | null;
}

export class BarHistory {
  readonly limiter: RequestLimiter;
  /** REST requests made (pages), and pages that failed after the SDK's retries. */
  readonly stats = { requests: 0, failures: 0 };
  readonly #api: marketData.StockApi;
  readonly #feed: string;

  constructor(o: BarHistoryOptions) {
    this.limiter = o.limiter ?? new RequestLimiter();
    this.#feed = o.feed ?? 'iex';
    this.#api = new marketData.StockApi(
      new marketData.Configuration({
        keyId: o.keyId,
        secret: o.secret,
        fetchApi: this.limiter.wrapFetch(o.fetch ?? ((input, init) => fetch(input, init))),
        timeoutMs: o.timeoutMs ?? 30_000,
        retry: { maxRetries: o.getRetries ?? 2 },
        ...(o.dataUrl === undefined ? {} : { basePath: o.dataUrl.replace(/\/+$/, '') }),
      }),
    );
  }

  /**
   * The 1-minute bars of `symbols` opened in [from, to] (ms; Alpaca's end is inclusive), per symbol
   * oldest first. `last`: only the last that many bars of each symbol (asked newest first, one
   * symbol per request, so a quiet night does not cost pages).
   */
  async minuteBars(symbols: readonly string[], from: number, to: number, last?: number): Promise<Map<string, RestBar[]>> {
    const out = new Map<string, RestBar[]>(symbols.map((s) => [s, []]));
    if (symbols.length === 0 || !(to >= from)) return out;
    if (last !== undefined) {
      await Promise.all(
        symbols.map(async (s) => {
          const bars = await this.#pages([s], from, to, 'desc', Math.min(PAGE_LIMIT, last), last);
          out.set(s, (bars.get(s) ?? []).slice(0, last).reverse());
        }),
      );
      return out;
    }
    const bars = await this.#pages(symbols, from, to, 'asc', PAGE_LIMIT);
    for (const [s, list] of bars) if (out.has(s)) out.set(s, list);
    return out;
  }

  async #pages(symbols: readonly string[], from: number, to: number, sort: 'asc' | 'desc', limit: number, enough?: number): Promise<Map<string, RestBar[]>> {
    const out = new Map<string, RestBar[]>();
    const seen = new Set<string>();
    let pageToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      this.stats.requests++;
      let json: WirePage;
      try {
        const r = await this.#api.stockBarsRaw({
          symbols: symbols.join(','),
          timeframe: '1Min',
          start: new Date(from),
          end: new Date(to),
          limit,
          feed: this.#feed as marketData.StockHistoricalFeed,
          sort,
          ...(pageToken === undefined ? {} : { pageToken }),
        });
        json = (await r.raw.json()) as WirePage;
      } catch (error) {
        this.stats.failures++;
        throw error;
      }
      const bars = json.bars;
      if (bars !== null && bars !== undefined && !Array.isArray(bars)) {
        for (const [symbol, list] of Object.entries(bars as Record<string, readonly unknown[]>)) {
          const into = out.get(symbol) ?? [];
          out.set(symbol, into);
          if (Array.isArray(list)) for (const raw of list) into.push(restBar(symbol, raw));
        }
      }
      if (enough !== undefined && symbols.every((s) => (out.get(s)?.length ?? 0) >= enough)) break;
      const next = json.next_page_token;
      if (!next || seen.has(next)) break;
      seen.add(next);
      pageToken = next;
    }
    return out;
  }
}

function restBar(symbol: string, raw: unknown): RestBar {
  const b = (raw ?? {}) as Record<string, unknown>;
  const t = b['t'];
  const ts = typeof t === 'string' ? Date.parse(t) : Number.NaN;
  const num = (k: string): number => (typeof b[k] === 'number' ? (b[k] as number) : Number.NaN);
  return { symbol, ts, tRaw: t, open: num('o'), high: num('h'), low: num('l'), close: num('c'), volume: num('v') };
}

/** The open time of the last minute closed at `now`. */
export function lastClosedMinute(now: number): number {
  return Math.floor(now / MINUTE_MS) * MINUTE_MS - MINUTE_MS;
}
