import { Alpaca, marketData, trading, streaming } from '@alpacahq/alpaca-trade-api';
import type { MarketDataPort } from '../../../actors/ports/market-data.js';
import { silentLogger, type Logger } from '../../../actors/runtime/logger.js';
import { addDays, nyDate } from '../../../domain/calendar/index.js';
import { inChainFilter, type ChainFilter } from '../../../domain/selection/chain-filter.js';
import type { ChainEntry } from '../../../domain/selection/types.js';
import { makeQuote, type OptionQuote } from '../../../domain/values/quote.js';
import { isoDateToUtcMs } from '../../../domain/values/time.js';
import { atmIvOf, contractFacts, OPTION_SKIP_REASONS, QUOTE_FLAWS, quoteFlaw, snapshotEntry, type ContractFacts, type OptionSkipReason, type QuoteFlaw, type SnapshotContext, type Translated, type TranslatedEntry } from './options-translate.js';
import { parseOptionContracts, parseOptionSnapshot, parseOptionSnapshots, type ParsedOptionSnapshot } from './options-wire.js';
import { RequestLimiter } from './request-limiter.js';
import { heartbeatOptions, type Heartbeat } from '../heartbeat.js';

/**
 * The live MarketDataPort over the real SDK (@alpacahq/alpaca-trade-api 4.0.2):
 *
 * - chain: option snapshots of the underlying (`OptionApi.optionChainRaw`, GET
 *   /v1beta1/options/snapshots/{underlying}, every page followed as the SDK's collectOptionChainBySymbol
 *   does: until next_page_token is empty or repeats), the filter sent as Alpaca's own query (type,
 *   strike and expiry bounds). Open interest, multiplier and deliverables from the trading API's option
 *   contracts (`AssetsApi.getOptionsContractsRaw`, GET /v2/options/contracts?underlying_symbols=…&
 *   status=active&show_deliverables=true&expiration_date_lte=…), fetched once per New York date and
 *   underlying and cached with that date. Translation (and the skip reasons) in options-translate.ts.
 * - quote: the latest quote of a symbol asked for: from the options stream (`optionStream`, msgpack
 *   `q` frames) laid over the last chain's quote of it (open interest and volume from there; greeks and
 *   IV dropped, being the old mid's: the domain fills them, see fillGreeks). A contract no chain read
 *   has listed since start (one held across a restart, a spread's wing) is quoted from the stream
 *   alone, its volume and open interest 0 (unknown): marks for its exits. A symbol asked for is
 *   subscribed; one not asked for in `unsubscribeAfterMs` is unsubscribed. A stream quote with a flaw
 *   (options-translate QUOTE_FLAWS: not a number, zero bid, crossed, … older than `maxQuoteAgeMs` at the
 *   latest time this client was given) is refused and counted by flaw; finer staleness (the exits'
 *   and liquidity's max ages) stays the domain's.
 * - bad data: a snapshot not of Alpaca's shape is skipped (MALFORMED_SNAPSHOT), one whose quote has a
 *   flaw too (BAD_QUOTE, counted by flaw in `badQuotes`): never the whole page for one bad snapshot.
 * - atmIv: from each chain fetched (options-translate atmIvOf), remembered per New York date; the
 *   latest date at or before `asOf` answers.
 * - rates: configured (defaults as the simulated market's: rate 0.04, dividend yield 0).
 *
 * Every REST attempt goes through one RequestLimiter (given, to share it with the broker's calls, or
 * its own), set as the `fetchApi` of both SDK Configurations, whose own per-host limiters are turned off.
 */
export interface AlpacaOptionsMarketDataOptions {
  /** APCA-API-KEY-ID. Never logged. */
  readonly keyId: string;
  /** APCA-API-SECRET-KEY. Never logged. */
  readonly secret: string;
  /** Trading host for the option contracts (default Alpaca's paper or live host, from `paper`). */
  readonly tradingUrl?: string;
  /** Market-data host (default https://data.alpaca.markets). */
  readonly dataUrl?: string;
  readonly paper?: boolean;
  /** The options stream's ws(s) URL (default Alpaca's `wss://stream.data.alpaca.markets/v1beta1/<feed>`). */
  readonly streamUrl?: string;
  /** How a silent options stream is noticed and replaced (default DEFAULT_HEARTBEAT). */
  readonly heartbeat?: Heartbeat;
  /** Stream quotes of the symbols asked for (default true). */
  readonly streamQuotes?: boolean;
  /** Option feed for snapshots and the stream (default 'indicative', the free one). */
  readonly feed?: 'indicative' | 'opra';
  /** Risk-free rate (default 0.04). */
  readonly rate?: number;
  /** Dividend yield, one for all or per underlying (default 0). */
  readonly dividendYield?: number | Readonly<Record<string, number>>;
  /** The underlying's latest price (e.g. the last bar's close), needed to compute missing greeks. */
  readonly spot?: (underlying: string, now: number) => number | undefined;
  /** The limiter every REST call of this key goes through (default: a new one, 200 a minute). */
  readonly limiter?: RequestLimiter;
  /** The fetch under the limiter (default globalThis.fetch). */
  readonly fetch?: typeof fetch;
  /** Per-attempt timeout (default 30 s, the SDK's). */
  readonly timeoutMs?: number;
  /** Retries the SDK makes on a GET (default 2, the SDK facade's). */
  readonly getRetries?: number;
  /** Contracts expiring within this many days are listed (default 60; Alpaca's default would stop at next weekend). */
  readonly maxDte?: number;
  /** ATM IV is read at the nearest expiry at least this many days out (default 7). */
  readonly atmIvMinDte?: number;
  /** Page size of the snapshot calls (default 1000, Alpaca's most). */
  readonly snapshotPageLimit?: number;
  /** Page size of the contracts calls (default 10000, Alpaca's most). */
  readonly contractsPageLimit?: number;
  /** A symbol not asked for this long is unsubscribed (default 15 min). */
  readonly unsubscribeAfterMs?: number;
  /** A quote (snapshot or stream) older than this is refused as STALE (default 15 min: a feed plainly behind). */
  readonly maxQuoteAgeMs?: number;
  readonly log?: Logger;
}

/** What the adapter went through. Every field only grows. */
export interface AlpacaOptionsStats {
  chainCalls: number;
  /** Narrow chains read in the background for today's ATM IV (atmIv). */
  atmIvReads: number;
  snapshotPages: number;
  contractsFetches: number;
  contractsPages: number;
  entries: number;
  /** Entries whose greeks (and IV) were computed here. */
  computedGreeks: number;
  skipped: number;
  skippedBy: Record<OptionSkipReason, number>;
  /** Snapshot quotes refused (skipped as BAD_QUOTE), per flaw. */
  badQuotes: Record<QuoteFlaw, number>;
  streamQuotes: number;
  streamQuotesRefused: number;
  /** Stream quotes refused, per flaw. */
  streamQuotesRefusedBy: Record<QuoteFlaw, number>;
}

/** A REST call failed (after the SDK's retries): the chain is unknown, never empty by accident. */
export class OptionDataUnavailableError extends Error {
  override readonly name = 'OptionDataUnavailableError';
}

interface ContractsOfDay {
  readonly date: string;
  readonly bySymbol: ReadonlyMap<string, Translated<ContractFacts>>;
}

interface LiveQuote {
  readonly bid: number;
  readonly ask: number;
  readonly ts: number;
}

const MAX_PAGES = 1000;

/** The strikes an ATM IV fetch asks for: within this fraction of the spot. */
const ATM_BAND = 0.03;

export class AlpacaOptionsMarketData implements MarketDataPort {
  readonly stats: AlpacaOptionsStats = {
    chainCalls: 0,
    atmIvReads: 0,
    snapshotPages: 0,
    contractsFetches: 0,
    contractsPages: 0,
    entries: 0,
    computedGreeks: 0,
    skipped: 0,
    skippedBy: Object.fromEntries(OPTION_SKIP_REASONS.map((r) => [r, 0])) as Record<OptionSkipReason, number>,
    badQuotes: zeroFlaws(),
    streamQuotes: 0,
    streamQuotesRefused: 0,
    streamQuotesRefusedBy: zeroFlaws(),
  };
  /** The contracts skipped by the last chain call, with their reasons. */
  lastSkipped: readonly { readonly symbol: string; readonly reason: OptionSkipReason; readonly detail?: string }[] = [];
  readonly limiter: RequestLimiter;
  readonly #o: AlpacaOptionsMarketDataOptions;
  readonly #options: marketData.OptionApi;
  readonly #assets: trading.AssetsApi;
  readonly #log: Logger;
  readonly #contracts = new Map<string, ContractsOfDay>();
  readonly #contractsInFlight = new Map<string, Promise<ContractsOfDay>>();
  /** Last chain quote per symbol. */
  readonly #quotes = new Map<string, OptionQuote>();
  /** The symbols in #quotes by their contracts' expiry: a contract expired is forgotten at the next day's first chain read. */
  readonly #byExpiry = new Map<string, Set<string>>();
  readonly #live = new Map<string, LiveQuote>();
  /** Subscribed symbol → the last time it was asked for. */
  readonly #wanted = new Map<string, number>();
  /** underlying → date → ATM IV. */
  readonly #atmIv = new Map<string, Map<string, number>>();
  /** underlying → its last ATM IV fetch (the date it was for, whether it is on its way, when a failed one may be tried again). */
  readonly #atmIvFetches = new Map<string, { readonly date: string; inFlight: boolean; retryAt: number }>();
  #stream: streaming.OptionDataStream | undefined;
  /** The latest time this client was given (chain, quote): stream quotes are judged stale against it. */
  #lastNow: number | undefined;

  constructor(options: AlpacaOptionsMarketDataOptions) {
    if (!options.keyId || !options.secret) throw new RangeError('AlpacaOptionsMarketData needs a keyId and a secret');
    this.#o = options;
    this.#log = options.log ?? silentLogger;
    this.limiter = options.limiter ?? new RequestLimiter();
    const shared = {
      keyId: options.keyId,
      secret: options.secret,
      fetchApi: this.limiter.wrapFetch(options.fetch ?? ((input, init) => fetch(input, init))),
      timeoutMs: options.timeoutMs ?? 30_000,
      retry: { maxRetries: options.getRetries ?? 2 },
      // No rateLimit: the SDK's limiter is per Configuration (per host); ours is shared, in fetchApi.
    };
    this.#options = new marketData.OptionApi(new marketData.Configuration({ ...shared, ...(options.dataUrl === undefined ? {} : { basePath: trimUrl(options.dataUrl) }) }));
    this.#assets = new trading.AssetsApi(
      new trading.Configuration({ ...shared, paper: options.paper ?? true, ...(options.tradingUrl === undefined ? {} : { basePath: trimUrl(options.tradingUrl) }) }),
    );
  }

  rates(underlying: string): { rate: number; dividendYield: number } {
    const q = this.#o.dividendYield;
    return { rate: this.#o.rate ?? 0.04, dividendYield: typeof q === 'number' ? q : (q?.[underlying] ?? 0) };
  }

  async chain(underlying: string, now: number, filter?: ChainFilter): Promise<readonly ChainEntry[]> {
    this.stats.chainCalls++;
    return this.#read(underlying, now, filter);
  }

  /** A chain read (for the engine, or for today's ATM IV): translated, remembered, its ATM IV noted. */
  async #read(underlying: string, now: number, filter?: ChainFilter): Promise<readonly ChainEntry[]> {
    this.#saw(now);
    this.#forgetExpired(nyDate(now));
    // The stream opened with the first chain, before any position: a held contract's subscription is then one frame.
    if (this.#o.streamQuotes !== false) this.#ensureStream();
    const [snapshots, contracts] = await Promise.all([this.#snapshots(underlying, filter), this.#contractsFor(underlying, now)]);
    const { rate, dividendYield } = this.rates(underlying);
    const spot = this.#o.spot?.(underlying, now);
    const ctx = { underlying, now, spot, rate, dividendYield, maxQuoteAgeMs: this.#maxAge() };
    const entries: ChainEntry[] = [];
    const skipped: { symbol: string; reason: OptionSkipReason; detail?: string }[] = [];
    for (const [symbol, raw] of snapshots) {
      const t = translate(symbol, parseOptionSnapshot(raw), contracts.bySymbol.get(symbol), ctx);
      if (!t.ok) {
        skipped.push({ symbol, reason: t.reason, ...(t.detail === undefined ? {} : { detail: t.detail }) });
        this.stats.skipped++;
        this.stats.skippedBy[t.reason]++;
        if (t.reason === 'BAD_QUOTE') this.stats.badQuotes[(t.detail as QuoteFlaw | undefined) ?? 'INVALID']++;
        continue;
      }
      const { entry } = t.value;
      if (filter !== undefined && !inChainFilter(entry.contract, filter)) continue;
      if (t.value.computedGreeks) this.stats.computedGreeks++;
      entries.push(entry);
      this.#remember(entry);
    }
    entries.sort(byExpiryStrikeRight);
    this.stats.entries += entries.length;
    this.lastSkipped = skipped;
    if (skipped.length > 0) this.#log.info({ underlying, skipped: skipped.length, reasons: countBy(skipped), flaws: flawsOf(skipped) }, 'option contracts skipped');
    const iv = atmIvOf(entries, now, spot, this.#o.atmIvMinDte ?? 7);
    if (iv !== undefined) this.#rememberAtmIv(underlying, nyDate(now), iv);
    return entries;
  }

  quote(symbol: string, now: number): OptionQuote | undefined {
    this.#saw(now);
    this.#want(symbol, now);
    const base = this.#quotes.get(symbol);
    const live = this.#live.get(symbol);
    if (base === undefined) return live === undefined ? undefined : makeQuote({ symbol, ts: live.ts, bid: live.bid, ask: live.ask, volume: 0, openInterest: 0 });
    if (live === undefined || live.ts <= base.ts) return base;
    return makeQuote({ symbol, ts: live.ts, bid: live.bid, ask: live.ask, volume: base.volume, openInterest: base.openInterest, ...(base.last === undefined ? {} : { last: base.last }) });
  }

  /**
   * Today's ATM IV (New York date of `asOf`), never an earlier day's: IV rank takes one observation a
   * day, and yesterday's value is not today's. Unknown today: a narrow chain (calls a few percent
   * around the spot, `atmIvMinDte` to `atmIvMinDte` + 38 days out) is fetched in the background, once
   * a day per underlying (again after a failure, at most every 5 minutes), and a later bar has it.
   */
  atmIv(underlying: string, asOf: number): number | undefined {
    const today = nyDate(asOf);
    const iv = this.#atmIv.get(underlying)?.get(today);
    if (iv === undefined) this.#fetchAtmIv(underlying, asOf, today);
    return iv;
  }

  #fetchAtmIv(underlying: string, now: number, date: string): void {
    const tried = this.#atmIvFetches.get(underlying);
    if (tried !== undefined && tried.date === date && (tried.inFlight || now < tried.retryAt)) return;
    const spot = this.#o.spot?.(underlying, now);
    if (spot === undefined || !(spot > 0)) return;
    const minDte = this.#o.atmIvMinDte ?? 7;
    const attempt = { date, inFlight: true, retryAt: Number.POSITIVE_INFINITY };
    this.#atmIvFetches.set(underlying, attempt);
    const filter: ChainFilter = { right: 'call', expiryFrom: addDays(date, minDte), expiryTo: addDays(date, minDte + 38), strikeMin: spot * (1 - ATM_BAND), strikeMax: spot * (1 + ATM_BAND) };
    this.stats.atmIvReads++;
    this.#read(underlying, now, filter).then(
      () => void (attempt.inFlight = false),
      (err: unknown) => {
        attempt.inFlight = false;
        attempt.retryAt = now + 5 * 60_000;
        this.#log.warn({ underlying, err: err instanceof Error ? err.message : String(err) }, 'ATM IV not read: tried again in 5 minutes');
      },
    );
  }


  /** A quote from the options stream (the stream's handler calls it; a test may too). Refused (counted by flaw) when it has one. */
  takeStreamQuote(q: { readonly symbol: string; readonly bidPrice: number; readonly askPrice: number; readonly timestamp: Date }): void {
    const ts = q.timestamp.getTime();
    const prev = this.#live.get(q.symbol);
    const flaw = quoteFlaw({ bid: q.bidPrice, ask: q.askPrice, ts }, this.#lastNow, this.#maxAge());
    if (flaw !== undefined) {
      this.stats.streamQuotesRefused++;
      this.stats.streamQuotesRefusedBy[flaw]++;
      this.#log.info({ symbol: q.symbol, flaw }, 'option stream quote refused');
      return;
    }
    this.stats.streamQuotes++;
    if (prev === undefined || ts >= prev.ts) this.#live.set(q.symbol, { bid: q.bidPrice, ask: q.askPrice, ts });
  }

  /** The symbols the stream is subscribed to. */
  subscribed(): readonly string[] {
    return [...this.#wanted.keys()].sort();
  }

  /** Closes the stream (if one was opened). */
  close(): void {
    this.#stream?.disconnect();
    this.#stream = undefined;
  }

  #saw(now: number): void {
    if (Number.isFinite(now) && (this.#lastNow === undefined || now > this.#lastNow)) this.#lastNow = now;
  }

  #maxAge(): number {
    return this.#o.maxQuoteAgeMs ?? 15 * 60_000;
  }

  #remember({ contract, quote }: ChainEntry): void {
    this.#quotes.set(quote.symbol, quote);
    let symbols = this.#byExpiry.get(contract.expiry);
    if (symbols === undefined) this.#byExpiry.set(contract.expiry, (symbols = new Set()));
    symbols.add(quote.symbol);
  }

  /**
   * Forgets the chain quotes of contracts that expired before `today` (a New York date): a process
   * that runs for weeks reads new contracts every day, and kept every one it had ever read.
   */
  #forgetExpired(today: string): void {
    for (const [expiry, symbols] of this.#byExpiry) {
      if (expiry >= today) continue;
      for (const symbol of symbols) this.#quotes.delete(symbol);
      this.#byExpiry.delete(expiry);
    }
  }

  #rememberAtmIv(underlying: string, date: string, iv: number): void {
    let days = this.#atmIv.get(underlying);
    if (days === undefined) this.#atmIv.set(underlying, (days = new Map()));
    days.set(date, iv);
  }

  #want(symbol: string, now: number): void {
    if (this.#o.streamQuotes === false) return;
    const fresh = !this.#wanted.has(symbol);
    this.#wanted.set(symbol, now);
    const stale = [...this.#wanted].filter(([, at]) => now - at > (this.#o.unsubscribeAfterMs ?? 15 * 60_000)).map(([s]) => s);
    for (const s of stale) {
      this.#wanted.delete(s);
      this.#live.delete(s);
    }
    if (!fresh && stale.length === 0) return;
    const stream = this.#ensureStream();
    if (stale.length > 0) stream.unsubscribeFromQuotes(stale);
    if (fresh) stream.subscribeForQuotes([symbol]);
  }

  #ensureStream(): streaming.OptionDataStream {
    if (this.#stream !== undefined) return this.#stream;
    const alpaca = new Alpaca({ keyId: this.#o.keyId, secret: this.#o.secret });
    const stream = alpaca.marketData.optionStream({ feed: this.#o.feed ?? 'indicative', ...(this.#o.streamUrl === undefined ? {} : { url: this.#o.streamUrl }), ...heartbeatOptions(this.#o.heartbeat) });
    stream.onQuote((q) => this.takeStreamQuote(q));
    stream.onError((err) => this.#log.warn({ err }, 'option stream error'));
    stream.connect();
    this.#stream = stream;
    return stream;
  }

  async #snapshots(underlying: string, filter: ChainFilter | undefined): Promise<[string, unknown][]> {
    const out: [string, unknown][] = [];
    const seen = new Set<string>();
    let pageToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const json = await this.#call('option snapshots', async () => {
        const r = await this.#options.optionChainRaw({
          underlyingSymbol: underlying,
          feed: this.#o.feed ?? 'indicative',
          limit: this.#o.snapshotPageLimit ?? 1000,
          ...(pageToken === undefined ? {} : { pageToken }),
          ...(filter === undefined
            ? {}
            : {
                type: filter.right,
                strikePriceGte: filter.strikeMin,
                strikePriceLte: filter.strikeMax,
                expirationDateGte: new Date(isoDateToUtcMs(filter.expiryFrom)),
                expirationDateLte: new Date(isoDateToUtcMs(filter.expiryTo)),
              }),
        });
        return parseOptionSnapshots(await r.raw.json());
      });
      this.stats.snapshotPages++;
      out.push(...Object.entries(json.snapshots ?? {}));
      const next = json.next_page_token;
      if (!next || seen.has(next)) break;
      seen.add(next);
      pageToken = next;
    }
    return out;
  }

  /** The contracts of the underlying for `now`'s New York date: cached per date, one fetch at a time. */
  #contractsFor(underlying: string, now: number): Promise<ContractsOfDay> {
    const date = nyDate(now);
    const cached = this.#contracts.get(underlying);
    if (cached?.date === date) return Promise.resolve(cached);
    const key = `${underlying}|${date}`;
    let pending = this.#contractsInFlight.get(key);
    if (pending === undefined) {
      pending = this.#fetchContracts(underlying, date).finally(() => this.#contractsInFlight.delete(key));
      this.#contractsInFlight.set(key, pending);
    }
    return pending;
  }

  async #fetchContracts(underlying: string, date: string): Promise<ContractsOfDay> {
    this.stats.contractsFetches++;
    const bySymbol = new Map<string, Translated<ContractFacts>>();
    const seen = new Set<string>();
    let pageToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const json = await this.#call('option contracts', async () => {
        const r = await this.#assets.getOptionsContractsRaw({
          underlyingSymbols: underlying,
          status: 'active',
          showDeliverables: true,
          expirationDateGte: new Date(isoDateToUtcMs(date)),
          expirationDateLte: new Date(isoDateToUtcMs(addDays(date, this.#o.maxDte ?? 60))),
          limit: this.#o.contractsPageLimit ?? 10_000,
          ...(pageToken === undefined ? {} : { pageToken }),
        });
        return parseOptionContracts(await r.raw.json());
      });
      this.stats.contractsPages++;
      for (const c of json.option_contracts ?? []) bySymbol.set(c.symbol, contractFacts(c));
      const next = json.next_page_token;
      if (!next || seen.has(next)) break;
      seen.add(next);
      pageToken = next;
    }
    const day = { date, bySymbol };
    const cached = this.#contracts.get(underlying);
    if (cached === undefined || cached.date <= date) this.#contracts.set(underlying, day);
    return day;
  }

  async #call<T>(what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      this.#log.warn({ what, error: message }, 'option data request failed');
      throw new OptionDataUnavailableError(`${what}: ${message}`, { cause: error });
    }
  }
}

function trimUrl(url: string): string {
  return url.replace(/\/+$/, '');
}

function byExpiryStrikeRight(a: ChainEntry, b: ChainEntry): number {
  if (a.contract.expiry !== b.contract.expiry) return a.contract.expiry < b.contract.expiry ? -1 : 1;
  if (a.contract.strike !== b.contract.strike) return a.contract.strike - b.contract.strike;
  return a.contract.right === b.contract.right ? 0 : a.contract.right === 'call' ? -1 : 1;
}

/** A parsed (or not) snapshot → its entry or why it is skipped. */
function translate(symbol: string, parsed: ParsedOptionSnapshot, facts: Translated<ContractFacts> | undefined, ctx: SnapshotContext): Translated<TranslatedEntry> {
  if (parsed.kind === 'malformed') return { ok: false, reason: 'MALFORMED_SNAPSHOT' };
  if (parsed.kind === 'quote-not-a-number') return { ok: false, reason: 'BAD_QUOTE', detail: 'NOT_A_NUMBER' };
  return snapshotEntry(symbol, parsed.snapshot, facts, ctx);
}

function zeroFlaws(): Record<QuoteFlaw, number> {
  return Object.fromEntries(QUOTE_FLAWS.map((f) => [f, 0])) as Record<QuoteFlaw, number>;
}

function flawsOf(skipped: readonly { reason: OptionSkipReason; detail?: string }[]): Partial<Record<string, number>> {
  const out: Partial<Record<string, number>> = {};
  for (const s of skipped) if (s.reason === 'BAD_QUOTE' && s.detail !== undefined) out[s.detail] = (out[s.detail] ?? 0) + 1;
  return out;
}

function countBy(skipped: readonly { reason: OptionSkipReason }[]): Partial<Record<OptionSkipReason, number>> {
  const out: Partial<Record<OptionSkipReason, number>> = {};
  for (const s of skipped) out[s.reason] = (out[s.reason] ?? 0) + 1;
  return out;
}
