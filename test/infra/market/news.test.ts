import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { openMarket } from '../../../src/infra/market/load.js';
import { NEWS_FILE } from '../../../src/infra/market/news.js';
import { ReplayMarketData } from '../../../src/infra/market/port.js';
import { tempDirs } from './fixtures.js';

const tmp = tempDirs();
const T0 = Date.UTC(2025, 5, 2, 13, 30);
const MIN = 60_000;

/** A one-ticker market (ALFA, two bars) with the news lines given (none: no news file). */
async function market(newsLines?: string[]): Promise<string> {
  const dir = await tmp();
  await mkdir(join(dir, 'bars'));
  await writeFile(join(dir, 'manifest.json'), JSON.stringify({ format: 'thetis-market', version: 1, tickers: [{ symbol: 'ALFA' }] }));
  await writeFile(join(dir, 'bars', 'ALFA.csv.gz'), gzipSync(`ts,open,high,low,close,volume,iv\n${T0},10,10.1,9.9,10,1000,0.3\n${T0 + MIN},10,10.1,9.9,10,1000,0.3\n`));
  if (newsLines !== undefined) await writeFile(join(dir, NEWS_FILE), `${newsLines.join('\n')}\n`);
  return dir;
}

const line = (o: object) => JSON.stringify(o);

describe('a market directory\'s news file (news.jsonl)', () => {
  it('no news file: no news, the port serves none (neutral)', async () => {
    const m = await openMarket(await market());
    expect(m.news).toBeUndefined();
    expect(new ReplayMarketData(m).news('ALFA', T0 + 10 * MIN, 1440 * MIN)).toEqual([]);
  });

  it('reads the items (blank lines skipped, numeric ids as strings, extra fields ignored) and serves each from its ts on', async () => {
    const dir = await market([
      line({ id: 'b', ts: T0 + 2 * MIN, headline: 'ALFA misses', symbols: ['ALFA'] }),
      '',
      line({ id: 7, ts: T0, headline: 'ALFA beats', summary: 'record quarter', symbols: ['ALFA', 'BRVO'], author: 'x', url: 'https://example.com' }),
    ]);
    const data = new ReplayMarketData(await openMarket(dir));
    const first = { id: '7', ts: T0, headline: 'ALFA beats', summary: 'record quarter', symbols: ['ALFA', 'BRVO'] };
    // Before T0 nothing; at T0 the first item (published exactly then); from T0 + 2 min both, oldest first.
    expect(data.news('ALFA', T0 - 1, 60 * MIN)).toEqual([]);
    expect(data.news('ALFA', T0, 60 * MIN)).toEqual([first]);
    expect(data.news('ALFA', T0 + 2 * MIN, 60 * MIN).map((i) => i.id)).toEqual(['7', 'b']);
    // The lookback: (asOf − lookback, asOf] — at T0 + 2 min with 2 minutes back, T0 is out.
    expect(data.news('ALFA', T0 + 2 * MIN, 2 * MIN).map((i) => i.id)).toEqual(['b']);
    // Filed under every ticker it names.
    expect(data.news('BRVO', T0 + 2 * MIN, 60 * MIN).map((i) => i.id)).toEqual(['7']);
  });

  it('a bad line is a user error naming the file, the line and what is wrong', async () => {
    const good = line({ id: 'a', ts: T0, headline: 'ALFA beats', symbols: ['ALFA'] });
    const cases: [string, RegExp][] = [
      ['{not json', /news\.jsonl:2: not valid JSON/],
      [line({ id: 'b', ts: T0, symbols: ['ALFA'] }), /news\.jsonl:2: invalid news item: headline: /],
      [line({ id: 'b', ts: T0, headline: 'x', symbols: [] }), /news\.jsonl:2: invalid news item: symbols: /],
      [line({ id: 'b', ts: T0, headline: 'x', symbols: ['alfa'] }), /news\.jsonl:2: invalid news item: symbols\.0: a ticker is/],
      [line({ id: 'b', ts: T0 / 1000, headline: 'x', symbols: ['ALFA'] }), /news\.jsonl:2: invalid news item: ts: ts 1748871000 is in epoch seconds/],
      [line({ id: 'b', ts: '2025-06-02', headline: 'x', symbols: ['ALFA'] }), /news\.jsonl:2: invalid news item: ts: /],
    ];
    for (const [bad, message] of cases) {
      const dir = await market([good, bad]);
      await expect(openMarket(dir)).rejects.toThrow(message);
      await expect(openMarket(dir)).rejects.toMatchObject({ name: 'MarketDataError', line: 2, file: join(dir, NEWS_FILE) });
    }
  });
});
