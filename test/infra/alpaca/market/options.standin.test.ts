import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { marketData } from '@alpacahq/alpaca-trade-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blackScholes } from '../../../../src/domain/pricing/black-scholes.js';
import { pricingYears } from '../../../../src/domain/selection/fill-greeks.js';
import type { ChainEntry } from '../../../../src/domain/selection/types.js';
import { makeBar, type Bar } from '../../../../src/domain/values/bar.js';
import { AlpacaOptionsMarketData } from '../../../../src/infra/alpaca/market/options.js';
import { chainModelSource, marketRoutes } from '../../../../src/infra/alpaca-standin/market-rest.js';
import { chainAt } from '../../../../src/infra/market/chain-model.js';
import { underlyingParams } from '../../../../src/infra/market/params.js';

const NOW = Date.parse('2026-03-10T15:00:00Z');
const SPOT = 500;
const PARAMS = underlyingParams({ symbol: 'SPY' });
const modelChain = (now: number): ChainEntry[] => chainAt(PARAMS, SPOT, 0.2, now);
const BARS: Bar[] = [0, 1, 2, 3, 4].map((i) =>
  makeBar({ symbol: 'SPY', ts: NOW - (5 - i) * 60_000, open: 500 + i, high: 501 + i, low: 499 + i, close: 500.5 + i, volume: 1000 + i }),
);

let server: Server;
let base: string;
let stripped: string;
let adjusted: string;

beforeEach(async () => {
  const chain = modelChain(NOW);
  stripped = (chain.find((e) => e.quote.greeks !== undefined && e.contract.right === 'put' && e.contract.strike === 495) as ChainEntry).contract.symbol;
  adjusted = (chain.find((e) => e.contract.right === 'call' && e.contract.strike === 505) as ChainEntry).contract.symbol;
  const routes = marketRoutes(
    chainModelSource({
      now: () => NOW,
      chain: (u, now) => (u === 'SPY' ? modelChain(now) : []),
      bars: (symbol, from, to) => BARS.filter((b) => b.symbol === symbol && b.ts >= from && b.ts < to),
      withoutGreeks: (s) => s === stripped,
      multiplier: (s) => (s === adjusted ? 10 : undefined),
    }),
  );
  server = createServer((req, res) => {
    void routes(req, res, new URL(req.url ?? '/', 'http://localhost')).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
});

describe('the stand-in market REST routes over the simulated market (chainModelSource), read by the real SDK', () => {
  it('a chain priced by the simulated market arrives as the same ChainEntry values', async () => {
    const md = new AlpacaOptionsMarketData({ keyId: 'k', secret: 's', dataUrl: base, tradingUrl: base, streamQuotes: false, spot: () => SPOT, getRetries: 0 });
    const chain = await md.chain('SPY', NOW);
    const model = modelChain(NOW);
    const bySymbol = new Map(chain.map((e) => [e.contract.symbol, e]));

    expect(md.lastSkipped).toContainEqual({ symbol: adjusted, reason: 'NON_STANDARD_MULTIPLIER', detail: 'multiplier 10, size 10' });
    expect(bySymbol.has(adjusted)).toBe(false);
    let same = 0;
    for (const m of model) {
      const got = bySymbol.get(m.contract.symbol);
      if (m.contract.symbol === adjusted) continue;
      if (m.quote.greeks !== undefined && m.contract.symbol !== stripped) {
        // Served with greeks: exactly the model's entry.
        expect(got).toEqual(m);
        same++;
      } else if (got !== undefined) {
        // Served without greeks: computed from the mid, which the computed IV reprices.
        const years = pricingYears(m.contract.expiry, NOW) as number;
        const bs = blackScholes({ right: m.contract.right, spot: SPOT, strike: m.contract.strike, years, vol: got.quote.iv as number, rate: 0.04, dividendYield: 0 });
        expect(Math.abs(bs.price - (got.quote.bid + got.quote.ask) / 2)).toBeLessThan(1e-6);
        expect(got.quote.greeks?.delta).toBe(bs.delta);
      } else {
        expect(md.lastSkipped.find((s) => s.symbol === m.contract.symbol)?.reason).toBe('NO_IV_SOLUTION');
      }
    }
    expect(same).toBeGreaterThan(model.length / 2);
    expect(bySymbol.get(stripped)?.quote.greeks).toBeDefined();
    expect(md.stats.computedGreeks).toBeGreaterThan(0);
  });

  it('serves stock bars on /v2/stocks/bars and /v2/stocks/{symbol}/bars, paginated', async () => {
    const stocks = new marketData.StockApi(new marketData.Configuration({ keyId: 'k', secret: 's', basePath: base }));
    const start = new Date(NOW - 10 * 60_000);
    const end = new Date(NOW);
    const first = await stocks.stockBars({ symbols: 'SPY', timeframe: '1Min', start, end, limit: 3 });
    expect(first.bars.SPY?.map((b) => b.c)).toEqual([500.5, 501.5, 502.5]);
    expect(first.nextPageToken).toBeTruthy();
    const second = await stocks.stockBars({ symbols: 'SPY', timeframe: '1Min', start, end, limit: 3, pageToken: first.nextPageToken as string });
    expect(second.bars.SPY?.map((b) => b.c)).toEqual([503.5, 504.5]);
    expect(second.nextPageToken).toBeNull();
    const single = await stocks.stockBarSingle({ symbol: 'SPY', timeframe: '1Min', start, end });
    expect(single.symbol).toBe('SPY');
    expect(single.bars.map((b) => [b.t.getTime(), b.o, b.h, b.l, b.c, b.v])).toEqual(BARS.map((b) => [b.ts, b.open, b.high, b.low, b.close, b.volume]));
  });
});
