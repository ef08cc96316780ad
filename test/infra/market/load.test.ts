import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateMarket } from '../../../src/infra/market/generate.js';
import { openMarket, type MarketWindow } from '../../../src/infra/market/load.js';
import type { Bar } from '../../../src/domain/values/bar.js';
import { tempDirs } from './fixtures.js';

const tmp = tempDirs();
const HEADER = 'ts,open,high,low,close,volume,iv';
const T0 = Date.UTC(2025, 5, 2, 13, 30);

interface MinuteBatch {
  readonly ts: number;
  readonly rows: readonly { readonly bar: Bar; readonly atmIv: number }[];
}

/** One-minute windows, as batches of each ticker's bar at that minute. */
function asBatch(w: MarketWindow): MinuteBatch {
  expect(w.times).toHaveLength(1);
  return { ts: w.times[0] ?? Number.NaN, rows: w.series.map((t) => ({ bar: t.bars[0] as Bar, atmIv: t.atmIv[0] as number })) };
}

async function collect(dir: string): Promise<MinuteBatch[]> {
  const out: MinuteBatch[] = [];
  for await (const w of (await openMarket(dir)).windows(1)) out.push(asBatch(w));
  return out;
}

/** A hand-made market: tickers → CSV lines (without header); `.gz` unless `plain`. */
async function handMade(tickers: Record<string, string[]>, opts: { plain?: string[]; manifest?: unknown } = {}): Promise<string> {
  const dir = await tmp();
  await mkdir(join(dir, 'bars'));
  for (const [symbol, rows] of Object.entries(tickers)) {
    const text = `${[HEADER, ...rows].join('\n')}\n`;
    if (opts.plain?.includes(symbol)) await writeFile(join(dir, 'bars', `${symbol}.csv`), text);
    else await writeFile(join(dir, 'bars', `${symbol}.csv.gz`), gzipSync(text));
  }
  const manifest = opts.manifest ?? {
    format: 'thetis-market',
    version: 1,
    tickers: Object.keys(tickers).map((symbol) => (opts.plain?.includes(symbol) ? { symbol, file: `bars/${symbol}.csv` } : { symbol })),
  };
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

const row = (minute: number, close: number, iv = '0.3000'): string => `${T0 + minute * 60_000},${close},${close + 0.1},${close - 0.1},${close},1000,${iv}`;

describe('openMarket round trip', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await tmp();
    await generateMarket({ dir, seed: 3, tickers: 2, days: 2, start: '2025-06-02' });
  });

  it('streams every bar once, merged in time order, tickers in manifest order', async () => {
    const batches = await collect(dir);
    expect(batches).toHaveLength(780);
    expect(batches.every((b, i) => i === 0 || b.ts > (batches[i - 1]?.ts ?? 0))).toBe(true);
    expect(batches.every((b) => b.rows.map((r) => r.bar.symbol).join() === 'ALFA,BRVO' && b.rows.every((r) => r.bar.ts === b.ts))).toBe(true);
  });

  it('returns the file contents', async () => {
    const lines = gunzipSync(await readFile(join(dir, 'bars/BRVO.csv.gz'))).toString('utf8').split('\n');
    const [ts, open, high, low, close, volume, iv] = (lines[100] ?? '').split(',').map(Number);
    const batch = (await collect(dir))[99]; // lines[0] is the header
    expect(batch?.rows[1]).toEqual({ bar: { symbol: 'BRVO', ts, open, high, low, close, volume }, atmIv: iv });
  });

  it('gives ticker params with defaults and a fresh pass each time', async () => {
    const m = await openMarket(dir);
    expect(m.params('ALFA').rate).toBe(0.04);
    expect(() => m.params('NOPE')).toThrow(/NOPE/);
    let n = 0;
    for await (const w of m.windows(1)) for (const t of w.series) n += t.bars.length;
    for await (const w of m.windows(390)) for (const t of w.series) n += t.bars.length;
    expect(n).toBe(2 * 1560);
  });
});

describe('openMarket merge and user data', () => {
  it('merges tickers with different minutes in time order, plain CSV too', async () => {
    const dir = await handMade({ AAA: [row(0, 10), row(2, 10.1), row(3, 10.2)], BBB: [row(1, 20), row(2, 20.1), row(5, 20.2)] }, { plain: ['BBB'] });
    const batches = await collect(dir);
    expect(batches.map((b) => [(b.ts - T0) / 60_000, b.rows.map((r) => r.bar.symbol).join('+')])).toEqual([
      [0, 'AAA'], [1, 'BBB'], [2, 'AAA+BBB'], [3, 'AAA'], [5, 'BBB'],
    ]);
  });

  it('derives IV from realized vol when the iv column is empty', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => row(i, Number((100 * (1 + 0.001 * Math.sin(i))).toFixed(2)), ''));
    const dir = await handMade({ AAA: rows }, { manifest: { format: 'thetis-market', version: 1, tickers: [{ symbol: 'AAA', fallbackIv: 0.42 }] } });
    const ivs = (await collect(dir)).map((b) => b.rows[0]?.atmIv ?? 0);
    expect(ivs.slice(0, 10)).toEqual(Array(10).fill(0.42));
    expect(ivs[39]).not.toBe(0.42);
    expect(ivs.every((v) => v >= 0.05 && Number.isFinite(v))).toBe(true);
  });
});

describe('openMarket errors', () => {
  it.each([
    ['a NaN close', [row(0, 10), `${T0 + 60_000},10,10.1,9.9,abc,1000,0.3`], /AAA\.csv\.gz:3: close is not a finite number/],
    ['high below low', [row(0, 10), row(1, 10), `${T0 + 120_000},10,9,11,10,1000,0.3`], /AAA\.csv\.gz:4: .*high\/low/],
    ['an out-of-order ts', [row(0, 10), row(2, 10), row(1, 10)], /AAA\.csv\.gz:4: ts .* is before/],
    ['a duplicate ts', [row(0, 10), row(0, 10)], /AAA\.csv\.gz:3: ts .* duplicates/],
    ['a short row', [row(0, 10), '1,2,3'], /AAA\.csv\.gz:3: expected 7 fields/],
    ['a negative volume', [`${T0},10,10.1,9.9,10,-5,0.3`], /AAA\.csv\.gz:2: volume must be >= 0/],
  ])('names the file and line for %s', async (_what, rows, message) => {
    const dir = await handMade({ AAA: rows });
    await expect(collect(dir)).rejects.toThrow(message);
  });

  it('rejects a wrong header', async () => {
    const dir = await handMade({ AAA: [] });
    await writeFile(join(dir, 'bars/AAA.csv.gz'), gzipSync('time,o,h,l,c\n'));
    await expect(collect(dir)).rejects.toThrow(/AAA\.csv\.gz:1: expected the header/);
  });

  it('rejects a corrupt gzip file', async () => {
    const dir = await handMade({ AAA: [row(0, 10)] });
    await writeFile(join(dir, 'bars/AAA.csv.gz'), Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5]));
    await expect(collect(dir)).rejects.toThrow(/AAA\.csv\.gz:0: cannot read/);
  });

  it('names the manifest field that is wrong', async () => {
    const dir = await handMade({ AAA: [row(0, 10)] }, { manifest: { format: 'thetis-market', version: 1, tickers: [{ symbol: 'AAA', skewSlope: 'steep' }] } });
    await expect(openMarket(dir)).rejects.toThrow(/manifest\.json: invalid manifest:\n {2}tickers\.0\.skewSlope/);
    const v2 = await handMade({ AAA: [row(0, 10)] }, { manifest: { format: 'thetis-market', version: 2, tickers: [{ symbol: 'AAA' }] } });
    await expect(openMarket(v2)).rejects.toThrow(/version/);
  });

  it('names a missing bars file and a missing manifest', async () => {
    const dir = await handMade({ AAA: [row(0, 10)] });
    await rm(join(dir, 'bars/AAA.csv.gz'));
    await expect(openMarket(dir)).rejects.toThrow(/tickers\.0 \(AAA\): bars file .*AAA\.csv\.gz is missing/);
    await expect(openMarket(join(dir, 'nowhere'))).rejects.toThrow(/manifest\.json: cannot read/);
  });
});
