import type { MarketDataPort } from '../../actors/ports/market-data.js';
import type { ChainFilter } from '../../domain/selection/chain-filter.js';
import type { ChainEntry } from '../../domain/selection/types.js';
import type { NewsItem } from '../../domain/sentiment/news.js';
import { parseOcc } from '../../domain/values/contract.js';
import type { OptionQuote } from '../../domain/values/quote.js';
import { DAY_MS, isoDateToUtcMs, MINUTE_MS } from '../../domain/values/time.js';
import { chainAt, quoteAt } from './chain-model.js';
import type { Market, MarketWindow, WindowBars } from './load.js';

/** An underlying's price and ATM IV at one bar. */
interface Mark {
  readonly close: number;
  readonly atmIv: number;
}

/**
 * The engine's market data in a backtest: option chains and quotes priced from the replayed
 * market. The runner hands it each window of bars before the engine sees them and advances it
 * with the clock; a bar is visible once it has closed (its open time + 1 minute ≤ now).
 */
export class ReplayMarketData implements MarketDataPort {
  private series = new Map<string, Series>();
  /** Each ticker's last bar before the current window. */
  private readonly carried = new Map<string, Mark>();
  private now = Number.NEGATIVE_INFINITY;
  private readonly quotes = new Map<string, OptionQuote | undefined>();
  private quotesAt = Number.NaN;

  constructor(private readonly market: Market) {}

  /** The next window of bars: the previous window's last bars stay visible until replaced. */
  setWindow(w: MarketWindow): void {
    for (const [symbol, { bars }] of this.series) {
      const k = bars.length - 1;
      this.carried.set(symbol, { close: bars.closeAt(k), atmIv: bars.atmIvAt(k) });
    }
    this.series = new Map(w.series.map((s) => [s.symbol, { bars: s.bars, hint: 0 }]));
  }

  advanceTo(now: number): void {
    this.now = now;
  }

  /** The latest close of an underlying at the current time, if it has traded. */
  spot(underlying: string): number | undefined {
    return this.closedAt(underlying, this.now)?.close;
  }

  atmIv(underlying: string, asOf: number): number | undefined {
    const s = this.series.get(underlying);
    const i = s === undefined ? -1 : lastAtOrBefore(s, asOf);
    return s !== undefined && i >= 0 ? s.bars.atmIvAt(i) : this.carried.get(underlying)?.atmIv;
  }

  chain(underlying: string, now: number, filter?: ChainFilter): readonly ChainEntry[] {
    const m = this.closedAt(underlying, now);
    return m ? chainAt(this.market.params(underlying), m.close, m.atmIv, now, filter) : [];
  }

  /** A contract's quote at `now`, priced once per minute and symbol. */
  quote(symbol: string, now: number): OptionQuote | undefined {
    if (now !== this.quotesAt) {
      this.quotes.clear();
      this.quotesAt = now;
    }
    if (this.quotes.has(symbol)) return this.quotes.get(symbol);
    const contract = parseOcc(symbol);
    const m = this.closedAt(contract.underlying, now);
    const q = m && now < expiryEnd(contract.expiry) ? quoteAt(contract, this.market.params(contract.underlying), m.close, m.atmIv, now) : undefined;
    this.quotes.set(symbol, q);
    return q;
  }

  /** The market's news about `underlying` published in (asOf − lookbackMs, asOf]; none without a news file. */
  news(underlying: string, asOf: number, lookbackMs: number): readonly NewsItem[] {
    return this.market.news?.between(underlying, asOf - lookbackMs, asOf) ?? [];
  }

  rates(underlying: string): { rate: number; dividendYield: number } {
    const p = this.market.params(underlying);
    return { rate: p.rate, dividendYield: p.dividendYield };
  }

  /** The latest bar that has closed by `now`. */
  private closedAt(underlying: string, now: number): Mark | undefined {
    return this.markAt(underlying, now - MINUTE_MS);
  }

  /** The latest bar opened at or before `ts`: in the window, else the one carried over. */
  private markAt(underlying: string, ts: number): Mark | undefined {
    const s = this.series.get(underlying);
    const i = s === undefined ? -1 : lastAtOrBefore(s, ts);
    return s !== undefined && i >= 0 ? { close: s.bars.closeAt(i), atmIv: s.bars.atmIvAt(i) } : this.carried.get(underlying);
  }
}

/** A ticker's bars in the window, and where the last lookup landed. */
interface Series {
  readonly bars: WindowBars;
  hint: number;
}

/** Bar `i` of `bars` is the last one opened at or before `ts`. */
function isLastAtOrBefore(bars: WindowBars, i: number, ts: number): boolean {
  return i < bars.length && bars.tsAt(i) <= ts && (i + 1 === bars.length || bars.tsAt(i + 1) > ts);
}

/**
 * The index of the last bar opened at or before `ts`, or −1. A scan asks for each bar in turn,
 * so the last answer and the bar after it are tried first; otherwise a binary search.
 */
function lastAtOrBefore(s: Series, ts: number): number {
  const { bars, hint } = s;
  if (isLastAtOrBefore(bars, hint, ts)) return hint;
  if (isLastAtOrBefore(bars, hint + 1, ts)) return (s.hint = hint + 1);
  let lo = 0;
  let hi = bars.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (bars.tsAt(mid) <= ts) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0) s.hint = lo - 1;
  return lo - 1;
}

/** No quotes after 00:00 UTC of the day after expiry (the contract no longer exists). */
function expiryEnd(expiry: string): number {
  return isoDateToUtcMs(expiry) + DAY_MS;
}
