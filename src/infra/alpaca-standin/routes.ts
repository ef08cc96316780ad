import { join } from 'node:path';
import { makeBar, type Bar } from '../../domain/values/bar.js';
import { MINUTE_MS } from '../../domain/values/time.js';
import { readBarFile } from '../market/bar-reader.js';
import type { Market } from '../market/load.js';
import { barsFileOf } from '../market/manifest.js';
import { calendarRoutes } from './calendar.js';
import { chainModelSource, marketRoutes } from './market-rest.js';
import { newsRoutes } from './news.js';
import type { StandinRoutes } from './route.js';
import type { StandinContext } from './standin.js';

/**
 * The REST groups the stand-in serves besides trading (trading.ts is mounted by AlpacaStandin
 * itself): the market-data group of market-rest.ts (option snapshots, option contracts, stock bars)
 * over the replayed market at the stand-in's clock. Stock bars (1Min) come from the market
 * directory's bars files (marketBarReader), only those whose minute has closed by the clock: what
 * Alpaca's history would hold at that time. Add further groups here.
 */
export function standinRoutes(): Array<(ctx: StandinContext) => StandinRoutes> {
  return [
    (ctx) => newsRoutes(ctx.market.news, ctx.now),
    (ctx) => calendarRoutes(ctx.now),
    (ctx) => {
      const bars = marketBarReader(ctx.market);
      return marketRoutes(
        chainModelSource({
          now: ctx.now,
          chain: (underlying, now) => {
            try {
              return ctx.data.chain(underlying, now);
            } catch {
              return []; // an underlying the market does not have
            }
          },
          bars: (symbol, from, to) => bars(symbol, from, Math.min(to, ctx.now() - MINUTE_MS + 1)),
        }),
        ctx.editSnapshots,
      );
    },
  ];
}

/**
 * A symbol's bars opened in [from, to), oldest first, read from its bars file in the market
 * directory: the whole file once, at the first request for the symbol (a stand-in's market is small),
 * kept as columns. An unknown symbol: none.
 */
export function marketBarReader(market: Market): (symbol: string, from: number, to: number) => Promise<readonly Bar[]> {
  const files = new Map<string, Promise<Columns>>();
  return async (symbol, from, to) => {
    const entry = market.tickers.find((t) => t.symbol === symbol);
    if (entry === undefined || !(to > from)) return [];
    let file = files.get(symbol);
    if (file === undefined) {
      file = readColumns(join(market.dir, barsFileOf(entry)), symbol);
      files.set(symbol, file);
      file.catch(() => files.delete(symbol));
    }
    const c = await file;
    const out: Bar[] = [];
    for (let i = lowerBound(c.ts, from); i < c.ts.length && (c.ts[i] as number) < to; i++) {
      out.push(makeBar({ symbol, ts: c.ts[i] as number, open: c.open[i] as number, high: c.high[i] as number, low: c.low[i] as number, close: c.close[i] as number, volume: c.volume[i] as number }));
    }
    return out;
  };
}

interface Columns {
  readonly ts: number[];
  readonly open: number[];
  readonly high: number[];
  readonly low: number[];
  readonly close: number[];
  readonly volume: number[];
}

async function readColumns(path: string, symbol: string): Promise<Columns> {
  const c: Columns = { ts: [], open: [], high: [], low: [], close: [], volume: [] };
  for await (const chunk of readBarFile(path, symbol)) {
    for (let i = 0; i < chunk.length; i++) {
      c.ts.push(chunk.ts[i] as number);
      c.open.push(chunk.open[i] as number);
      c.high.push(chunk.high[i] as number);
      c.low.push(chunk.low[i] as number);
      c.close.push(chunk.close[i] as number);
      c.volume.push(chunk.volume[i] as number);
    }
  }
  return c;
}

/** The first index whose value is ≥ x (values ascending). */
function lowerBound(values: readonly number[], x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((values[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
