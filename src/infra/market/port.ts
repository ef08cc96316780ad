import type { MarketDataPort } from '../../actors/ports/market-data.js';
import type { ChainFilter } from '../../domain/selection/chain-filter.js';
import type { ChainEntry } from '../../domain/selection/types.js';
import { parseOcc } from '../../domain/values/contract.js';
import type { OptionQuote } from '../../domain/values/quote.js';
import { DAY_MS, isoDateToUtcMs } from '../../domain/values/time.js';
import { chainAt, quoteAt } from './chain-model.js';
import type { Market, MinuteRow } from './load.js';

/**
 * The engine's market data in a backtest: option chains and quotes priced from the replayed
 * market at the latest minute. The runner calls `observe` with each minute's rows first.
 */
export class ReplayMarketData implements MarketDataPort {
  private readonly latest = new Map<string, MinuteRow>();
  private readonly quotes = new Map<string, OptionQuote | undefined>();
  private quotesAt = Number.NaN;

  constructor(private readonly market: Market) {}

  observe(rows: readonly MinuteRow[]): void {
    for (const row of rows) this.latest.set(row.bar.symbol, row);
  }

  /** The latest close of an underlying, if it has traded. */
  spot(underlying: string): number | undefined {
    return this.latest.get(underlying)?.bar.close;
  }

  atmIv(underlying: string): number | undefined {
    return this.latest.get(underlying)?.atmIv;
  }

  chain(underlying: string, now: number, filter?: ChainFilter): readonly ChainEntry[] {
    const row = this.latest.get(underlying);
    return row ? chainAt(this.market.params(underlying), row.bar.close, row.atmIv, now, filter) : [];
  }

  /** A contract's quote at `now`, priced once per minute and symbol. */
  quote(symbol: string, now: number): OptionQuote | undefined {
    if (now !== this.quotesAt) {
      this.quotes.clear();
      this.quotesAt = now;
    }
    if (this.quotes.has(symbol)) return this.quotes.get(symbol);
    const contract = parseOcc(symbol);
    const row = this.latest.get(contract.underlying);
    const q = row && now < expiryEnd(contract.expiry) ? quoteAt(contract, this.market.params(contract.underlying), row.bar.close, row.atmIv, now) : undefined;
    this.quotes.set(symbol, q);
    return q;
  }

  rates(underlying: string): { rate: number; dividendYield: number } {
    const p = this.market.params(underlying);
    return { rate: p.rate, dividendYield: p.dividendYield };
  }
}

/** No quotes after 00:00 UTC of the day after expiry (the contract no longer exists). */
function expiryEnd(expiry: string): number {
  return isoDateToUtcMs(expiry) + DAY_MS;
}
