import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateMarket, type GenerateResult } from '../../../src/infra/market/generate.js';
import { openMarket, type Market, type MarketWindow } from '../../../src/infra/market/load.js';
import type { Bar } from '../../../src/domain/values/bar.js';
import { nyDate, session, sessionMinutes } from '../../../src/domain/calendar/session.js';
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
  return { ts: w.times[0] ?? Number.NaN, rows: w.series.map((t) => ({ bar: t.bars.at(0) as Bar, atmIv: t.bars.atmIvAt(0) })) };
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
    // Bar 39: the last 30 one-minute log returns (bars 9→10 … 38→39), sample stdev, annualised, × ivPremium 1.1.
    const closes = rows.map((r) => Number(r.split(',')[4]));
    const returns = closes.slice(10).map((c, k) => Math.log(c / (closes[k + 9] as number)));
    const mean = returns.reduce((a, b) => a + b, 0) / returns.length;
    const variance = returns.reduce((a, r) => a + (r - mean) ** 2, 0) / (returns.length - 1);
    expect(ivs[39]).toBeCloseTo(Math.max(0.05, 1.1 * Math.sqrt(variance * 390 * 252)), 12);
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

/** Every window of a pass, at most `limit` of them (a guard against a reader that never ends). */
async function windowsOf(m: Market, minutes: number, limit = Number.POSITIVE_INFINITY): Promise<MarketWindow[]> {
  const out: MarketWindow[] = [];
  for await (const w of m.windows(minutes)) {
    out.push(w);
    if (out.length >= limit) break;
  }
  return out;
}

/** Each ticker's bars and ATM IVs over a whole pass, in delivery order. */
function perTicker(ws: readonly MarketWindow[]): Map<string, { bars: Bar[]; atmIv: number[] }> {
  const out = new Map<string, { bars: Bar[]; atmIv: number[] }>();
  for (const w of ws) {
    for (const t of w.series) {
      const acc = out.get(t.symbol) ?? { bars: [], atmIv: [] };
      acc.bars.push(...t.bars);
      acc.atmIv.push(...Array.from({ length: t.bars.length }, (_, k) => t.bars.atmIvAt(k)));
      out.set(t.symbol, acc);
    }
  }
  return out;
}

/** A window's shape as data: its date and, per ticker, the bar open times in minutes from T0. */
const shape = (w: MarketWindow) => ({ date: w.date, times: Array.from(w.times, (t) => (t - T0) / 60_000), series: w.series.map((t) => [t.symbol, Array.from(t.bars, (b) => (b.ts - T0) / 60_000)]) });

describe('openMarket windows', () => {
  let dir = '';
  let gen: GenerateResult;
  let market: Market;
  const MINUTES = [1, 7, 30, 390];
  const passes = new Map<number, MarketWindow[]>();
  beforeAll(async () => {
    dir = await tmp();
    // Thursday, Friday and the next Monday: a weekend inside the pass.
    gen = await generateMarket({ dir, seed: 11, tickers: 3, days: 3, start: '2025-06-05' });
    market = await openMarket(dir);
    for (const n of MINUTES) passes.set(n, await windowsOf(market, n));
  });
  const pass = (n: number): MarketWindow[] => passes.get(n) ?? [];

  it('delivers the same bars and ATM IVs per ticker, in the same order, whatever the window size', () => {
    const one = perTicker(pass(1));
    expect([...one.keys()]).toEqual(['ALFA', 'BRVO', 'CHRL'].slice(0, gen.manifest.tickers.length));
    for (const t of one.values()) {
      expect(t.bars).toHaveLength(3 * 390);
      expect(t.bars.every((b, i) => i === 0 || b.ts > (t.bars[i - 1]?.ts ?? 0))).toBe(true);
      expect(t.atmIv.every((v) => Number.isFinite(v) && v > 0)).toBe(true);
    }
    for (const n of [7, 30, 390]) expect(perTicker(pass(n))).toEqual(one);
  });

  it.each([1, 7, 30, 390])('windows(%i): each window is on one New York date, its times the sorted union of its bar times, spanning less than the window', (n) => {
    const ws = pass(n);
    expect(ws.length).toBeGreaterThan(0);
    const order = market.tickers.map((t) => t.symbol);
    let previousLast = Number.NEGATIVE_INFINITY;
    for (const w of ws) {
      const times = Array.from(w.times);
      const barTs = w.series.flatMap((t) => Array.from(t.bars, (b) => b.ts));
      expect(times).toEqual([...new Set(barTs)].sort((a, b) => a - b));
      expect(times.every((t, i) => i === 0 || t > (times[i - 1] ?? 0))).toBe(true);
      const first = times[0] ?? Number.NaN;
      const last = times[times.length - 1] ?? Number.NaN;
      expect(last - first).toBeLessThan(n * 60_000);
      expect(first).toBeGreaterThan(previousLast);
      previousLast = last;
      expect(barTs.every((ts) => nyDate(ts) === w.date)).toBe(true);
      // Only tickers with a bar, each with an ATM IV per bar, in manifest order.
      expect(w.series.every((t) => t.bars.length > 0 && Array.from(t.bars).every((b, k) => b.symbol === t.symbol && b.ts === t.bars.tsAt(k) && b.close === t.bars.closeAt(k) && t.bars.atmIvAt(k) > 0))).toBe(true);
      const idx = w.series.map((t) => order.indexOf(t.symbol));
      expect(idx.every((k, i) => k >= 0 && (i === 0 || k > (idx[i - 1] ?? -1)))).toBe(true);
    }
  });

  it('windows(30) cuts each full session into 13 windows of 30 minutes', () => {
    const ws = pass(30);
    expect(ws).toHaveLength(3 * 13);
    ws.forEach((w, i) => {
      const open = session(w.date)?.open ?? Number.NaN;
      expect(w.date).toBe(gen.days[Math.floor(i / 13)]);
      expect(Array.from(w.times)).toEqual(Array.from({ length: 30 }, (_, k) => open + ((i % 13) * 30 + k) * 60_000));
    });
  });

  it('windows(390) covers a whole session day per window', () => {
    const ws = pass(390);
    expect(ws.map((w) => w.date)).toEqual(gen.days);
    for (const w of ws) {
      expect(Array.from(w.times)).toEqual(sessionMinutes(w.date));
      expect(w.series.map((t) => t.bars.length)).toEqual([390, 390, 390]);
    }
  });

  it('leaves out tickers without a bar and starts a window at the first bar after a gap', async () => {
    const m = await openMarket(await handMade({ AAA: [row(0, 10), row(1, 10), row(2, 10), row(50, 10)], BBB: [row(2, 20), row(40, 20), row(41, 20), row(75, 20)] }, { plain: ['AAA'] }));
    expect((await windowsOf(m, 30)).map(shape)).toEqual([
      { date: '2025-06-02', times: [0, 1, 2], series: [['AAA', [0, 1, 2]], ['BBB', [2]]] },
      { date: '2025-06-02', times: [40, 41, 50], series: [['AAA', [50]], ['BBB', [40, 41]]] },
      { date: '2025-06-02', times: [75], series: [['BBB', [75]]] },
    ]);
  });

  it('ends a window at New York midnight', async () => {
    // 23:50 and 00:10 New York (EDT, UTC-4) on 2025-06-02/03.
    const m = await openMarket(await handMade({ AAA: [row(860, 10), row(880, 10)] }));
    expect((await windowsOf(m, 60, 5)).map(shape)).toEqual([
      { date: '2025-06-02', times: [860], series: [['AAA', [860]]] },
      { date: '2025-06-03', times: [880], series: [['AAA', [880]]] },
    ]);
  });

  // Around a DST switch the date ends at the midnight of its own offset, not the next day's.
  it('ends a window at New York midnight on the day before DST ends', async () => {
    const sat = Date.UTC(2025, 10, 2, 3, 30); // 23:30 EDT Saturday 2025-11-01
    const sun = Date.UTC(2025, 10, 2, 4, 30); // 00:30 EDT Sunday 2025-11-02
    expect([nyDate(sat), nyDate(sun)]).toEqual(['2025-11-01', '2025-11-02']);
    const m = await openMarket(await handMade({ AAA: [`${sat},10,10,10,10,1,0.3`, `${sun},10,10,10,10,1,0.3`] }));
    const ws = await windowsOf(m, 120, 5);
    expect(ws.map((w) => [w.date, Array.from(w.times)])).toEqual([
      ['2025-11-01', [sat]],
      ['2025-11-02', [sun]],
    ]);
  });

  it('reads a bar in the last hour before midnight on the day before DST starts', async () => {
    const sat = Date.UTC(2025, 2, 9, 4, 30); // 23:30 EST Saturday 2025-03-08
    const sun = Date.UTC(2025, 2, 9, 5, 30); // 00:30 EST Sunday 2025-03-09
    expect([nyDate(sat), nyDate(sun)]).toEqual(['2025-03-08', '2025-03-09']);
    const m = await openMarket(await handMade({ AAA: [`${sat},10,10,10,10,1,0.3`, `${sun},10,10,10,10,1,0.3`] }));
    const ws = await windowsOf(m, 120, 5);
    expect(ws.map((w) => [w.date, Array.from(w.times)])).toEqual([
      ['2025-03-08', [sat]],
      ['2025-03-09', [sun]],
    ]);
  });
});
