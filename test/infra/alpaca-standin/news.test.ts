import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Alpaca, marketData, streaming } from '@alpacahq/alpaca-trade-api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AlpacaStandin } from '../../../src/infra/alpaca-standin/standin.js';
import { AlpacaNews } from '../../../src/infra/alpaca/market/news.js';
import { generateMarket } from '../../../src/infra/market/generate.js';
import { NEWS_FILE } from '../../../src/infra/market/news.js';
import { eventually } from '../../helpers/eventually.js';
import { recordingLogger } from '../../helpers/logger.js';

const KEYS = { keyId: 'PKNEWSTEST', secret: 'news-test-secret' };
/** The sample market's first bar opens 2025-06-02 09:30 New York; the stand-in starts with that minute replayed (clock 13:31Z). */
const T0 = Date.UTC(2025, 5, 2, 13, 30);
const MIN = 60_000;
const ITEMS = [
  { id: 101, ts: T0 - 60 * MIN, headline: 'ALFA beats estimates', summary: 'record quarter', symbols: ['ALFA'] },
  { id: 102, ts: T0 + 2 * MIN + 30_000, headline: 'ALFA announces recall', symbols: ['ALFA'] },
  { id: 103, ts: T0 + 2 * MIN + 40_000, headline: 'BRVO upgraded', symbols: ['BRVO'] },
];

describe('the stand-in serves the market\'s news file as Alpaca does, through the real SDK', () => {
  let dir: string;
  let standin: AlpacaStandin | undefined;
  const streams: streaming.NewsStream[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'thetis-news-'));
    await generateMarket({ dir, seed: 7, tickers: 2, days: 1, start: '2025-06-02' });
    writeFileSync(join(dir, NEWS_FILE), ITEMS.map((i) => JSON.stringify(i)).join('\n'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(async () => {
    for (const s of streams.splice(0)) s.disconnect();
    await standin?.close();
    standin = undefined;
  });

  const api = (s: AlpacaStandin) => new marketData.NewsApi(new marketData.Configuration({ keyId: KEYS.keyId, secret: KEYS.secret, basePath: s.url }));

  it('REST /v1beta1/news: only what is published by the clock, newest first, paged', async () => {
    standin = await AlpacaStandin.start({ market: dir, keys: KEYS });
    expect(standin.now).toBe(T0 + MIN);
    const first = await api(standin).news({ symbols: 'ALFA', start: new Date(T0 - 1440 * MIN) });
    expect(first.news.map((n) => [n.id, n.headline, n.summary, n.symbols, n.createdAt.toISOString()])).toEqual([[101, 'ALFA beats estimates', 'record quarter', ['ALFA'], '2025-06-02T12:30:00.000Z']]);
    expect(first.nextPageToken).toBeNull();
    await standin.step(2); // clock 13:33Z: item 102 (13:32:30Z) is out
    const page1 = await api(standin).news({ symbols: 'ALFA', start: new Date(T0 - 1440 * MIN), limit: 1 });
    expect(page1.news.map((n) => n.id)).toEqual([102]);
    const page2 = await api(standin).news({ symbols: 'ALFA', start: new Date(T0 - 1440 * MIN), limit: 1, pageToken: page1.nextPageToken as string });
    expect(page2.news.map((n) => n.id)).toEqual([101]);
    expect(page2.nextPageToken).toBeNull();
    // start bounds it: from T0 on, only 102.
    expect((await api(standin).news({ symbols: 'ALFA', start: new Date(T0) })).news.map((n) => n.id)).toEqual([102]);
  });

  it('the news stream: auth, subscribe, then each item of a subscribed ticker once the clock reaches it', async () => {
    standin = await AlpacaStandin.start({ market: dir, keys: KEYS });
    const stream = new Alpaca({ keyId: KEYS.keyId, secret: KEYS.secret }).marketData.newsStream({ url: `${standin.url.replace('http:', 'ws:')}/v1beta1/news` });
    streams.push(stream);
    const got: streaming.StreamNews[] = [];
    const subscribed: unknown[] = [];
    stream.onNews((n) => got.push(n));
    stream.on('subscription', (s) => subscribed.push(s));
    stream.subscribeForNews(['ALFA']);
    stream.connect();
    expect((await stream.waitForAuthenticationResult(5_000)).authenticated).toBe(true);
    await eventually(() => expect(subscribed.length).toBeGreaterThan(0));
    await standin.step(1); // 13:32Z: nothing yet
    expect(got).toEqual([]);
    await standin.step(1); // 13:33Z: 102 (ALFA) goes out; 103 (BRVO) is not subscribed
    await eventually(() => expect(got.map((n) => [n.id, n.headline, n.symbols, n.createdAt?.toISOString()])).toEqual([[102, 'ALFA announces recall', ['ALFA'], '2025-06-02T13:32:30.000Z']]));
  });

  it('AlpacaNews: the recent past from REST at start, then the stream, kept per ticker', async () => {
    standin = await AlpacaStandin.start({ market: dir, keys: KEYS });
    const s = standin;
    const news = await AlpacaNews.start({
      keyId: KEYS.keyId,
      secret: KEYS.secret,
      tickers: ['ALFA'],
      log: recordingLogger(),
      dataUrl: s.url,
      url: `${s.url.replace('http:', 'ws:')}/v1beta1/news`,
      now: () => s.now,
    });
    try {
      const held = () => news.portNews('ALFA', s.now, 1440 * MIN).map((i) => i.id);
      expect(held()).toEqual(['101']);
      await s.step(2);
      await eventually(() => expect(held()).toEqual(['101', '102']));
      expect(news.portNews('ALFA', s.now, 1440 * MIN)[1]).toEqual({ id: '102', ts: ITEMS[1]?.ts, headline: 'ALFA announces recall', symbols: ['ALFA'] });
      expect(news.portNews('BRVO', s.now, 1440 * MIN)).toEqual([]);
      expect(news.stats).toMatchObject({ fetched: 1, streamed: 1, refused: 0, fetchFailures: 0 });
    } finally {
      news.stop();
    }
  });
});
