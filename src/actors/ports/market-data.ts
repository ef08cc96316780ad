import type { ChainFilter } from '../../domain/selection/chain-filter.js';
import type { ChainEntry } from '../../domain/selection/types.js';
import type { NewsItem } from '../../domain/sentiment/news.js';
import type { OptionQuote } from '../../domain/values/quote.js';

/** Option market data the actors read: a simulated market in backtests, Alpaca live. */
export interface MarketDataPort {
  /**
   * The option chain for an underlying as of `now` (quotes may lack greeks; the actor fills
   * them), at least the part inside `filter` when one is given.
   */
  chain(underlying: string, now: number, filter?: ChainFilter): readonly ChainEntry[] | Promise<readonly ChainEntry[]>;
  /** The latest quote of one contract, or undefined when there is none. */
  quote(symbol: string, now: number): OptionQuote | undefined;
  /**
   * The underlying's at-the-money implied vol as of `asOf` (the open time of the bar being
   * judged), for IV rank and IV vs realized vol, when known. Live, the latest value.
   */
  atmIv?(underlying: string, asOf: number): number | undefined;
  /**
   * News tagged with the underlying, published in (asOf − lookbackMs, asOf], for its sentiment
   * (a market directory's news file in backtests, Alpaca's news live). Absent or empty: neutral.
   */
  news?(underlying: string, asOf: number, lookbackMs: number): readonly NewsItem[];
  /** Risk-free rate and the underlying's dividend yield, for Black-Scholes where greeks are missing. */
  rates(underlying: string): { readonly rate: number; readonly dividendYield: number };
}
