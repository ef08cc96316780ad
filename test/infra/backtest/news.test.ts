import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/domain/config/index.js';
import { runBacktest } from '../../../src/infra/backtest/run.js';
import { generateMarket } from '../../../src/infra/market/generate.js';
import { NEWS_FILE } from '../../../src/infra/market/news.js';
import type { BacktestResult } from '../../../src/infra/report/result.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'thetis-backtest-news-'));
  await generateMarket({ dir, seed: 7, tickers: 4, days: 5, start: '2025-06-02' });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

// $120,000: 0.5 % = $600 buys one $3.70 contract ($370), 0.625 % = $750 buys two ($740).
const run = () => runBacktest({ marketDir: dir, config: loadConfig({}), startingEquity: 120_000 });
const MIN = 60_000;

describe('a backtest replays the market\'s news file: sentiment scales the size, never the trade', () => {
  let without: BacktestResult;
  beforeAll(async () => {
    await rm(join(dir, NEWS_FILE), { force: true });
    without = await run();
  }, 60_000);

  const call = (r: BacktestResult) => r.trades.filter((t) => t.underlying === 'DLTA' && t.direction === 'bullish');

  it('without news: the DLTA call of this market, 1 contract at $3.70 ($600 risk at 0.5 % buys one $370 contract), and a DLTA put', () => {
    expect(without.trades.map((t) => [t.underlying, t.direction, t.qty, t.entryPrice])).toEqual([
      ['DLTA', 'bearish', 1, 4.4],
      ['DLTA', 'bullish', 1, 3.7],
    ]);
    expect(call(without)[0]?.entryReasons).toContain('SENTIMENT_NONE');
  });

  it('positive DLTA news 30 minutes before the call: 0.5 % × (1 + 0.25 × 1) = 0.625 % → $750 → 2 contracts, same call at the same minute', async () => {
    const entry = call(without)[0];
    if (entry === undefined) throw new Error('no trade to compare');
    const items = [
      { id: 'up', ts: entry.entryTs - 30 * MIN, headline: 'DLTA beats estimates and raises guidance', symbols: ['DLTA'] },
      // Published after the entry: not visible when it is sized (it would have scaled it down).
      { id: 'late', ts: entry.entryTs + MIN, headline: 'DLTA announces recall', symbols: ['DLTA'] },
      // Another ticker's news changes nothing for DLTA.
      { id: 'other', ts: entry.entryTs - 10 * MIN, headline: 'ALFA misses', symbols: ['ALFA'] },
    ];
    await writeFile(join(dir, NEWS_FILE), `${items.map((i) => JSON.stringify(i)).join('\n')}\n`);
    try {
      const withNews = await run();
      const t = call(withNews)[0];
      expect(call(withNews)).toHaveLength(1);
      expect([t?.symbol, t?.entryTs, t?.direction, t?.qty]).toEqual([entry.symbol, entry.entryTs, 'bullish', 2]);
      expect(t?.entryReasons).toEqual(expect.arrayContaining(['SENTIMENT_ALIGNED', 'SENTIMENT_POSITIVE', 'SENTIMENT_SCALED_UP']));
      expect(t?.entryReasons).not.toContain('SENTIMENT_NONE');
    } finally {
      await rm(join(dir, NEWS_FILE), { force: true });
    }
  }, 60_000);
});
