/**
 * Opens a market directory (manifest.json + one bars file per ticker) and streams every
 * ticker's bars in time-ordered windows, without loading a whole file.
 */
import { on } from 'node:events';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { BarRun } from '../../actors/messages.js';
import { makeBar, type Bar } from '../../domain/values/bar.js';
import type { Mutable } from '../../domain/values/numbers.js';
import { moduleWorker, siblingModule } from '../worker/module-worker.js';
import { MarketDataError, readBarFile } from './bar-reader.js';
import { timestampUnitProblem } from './csv.js';
import { barsFileOf, ManifestError, readManifest, type Manifest, type TickerEntry } from './manifest.js';
import { readNewsFile, type NewsBook } from './news.js';
import type { UnderlyingParams } from './params.js';
import { reviveReadError, type ReaderJob, type ReaderReply } from './reader-protocol.js';
import { PACKED_COLUMNS, type PackedWindow } from './window-reader.js';

/**
 * A ticker's bars in a window, oldest first (an array, or the loader's columns that build each
 * bar when asked: a bar then lives only as long as its judgement).
 */
export interface WindowBars extends BarRun, Iterable<Bar> {
  /** The bars from `start` on. */
  slice(start: number): WindowBars;
  /** Bar `index`'s close (0 ≤ index < length), read without building the bar. */
  closeAt(index: number): number;
  /** The ATM IV at bar `index` (from the file, or derived from realized vol). */
  atmIvAt(index: number): number;
}

/** One ticker's bars in a window. */
export interface TickerBars {
  readonly symbol: string;
  readonly bars: WindowBars;
}

/** Every ticker's bars over at most `minutes` minutes of one New York date. */
export interface MarketWindow {
  readonly date: string;
  /** The distinct bar open times in the window, ascending. */
  readonly times: ArrayLike<number> & Iterable<number>;
  /** The tickers with a bar in the window, in manifest order. */
  readonly series: readonly TickerBars[];
}

export interface Market {
  readonly dir: string;
  readonly manifest: Manifest;
  readonly tickers: readonly TickerEntry[];
  /** The market's news (news.jsonl), when it has a news file: absent, every ticker's sentiment is neutral. */
  readonly news?: NewsBook;
  /** The chain parameters of a ticker; throws for an unknown symbol. */
  params(symbol: string): UnderlyingParams;
  /**
   * A fresh time-ordered pass over all bars (each call reopens the files), in windows of at
   * most `minutes` minutes that never span two New York dates; `minutes` 1 gives one window per minute.
   */
  windows(minutes: number): AsyncIterable<MarketWindow>;
}

/**
 * Windows requested ahead of the one the engine is on: the reader works while the engine does, and
 * a window that is slow to read (GC, the other core busy) does not stall the engine. Two-hour
 * windows of 500 tickers are about 4 MB each.
 */
const PREFETCH = 4;

/** One ticker's rows of a packed window: `length` rows from `from` in each column. */
class ColumnBars implements WindowBars {
  constructor(
    private readonly symbol: string,
    private readonly c: Readonly<Record<(typeof PACKED_COLUMNS)[number], Float64Array>>,
    private readonly from: number,
    readonly length: number,
  ) {}

  /** A new Bar each call, validated like any other. */
  at(index: number): Bar | undefined {
    if (!(index >= 0 && index < this.length)) return undefined;
    const k = this.from + index;
    const { ts, open, high, low, close, volume } = this.c;
    return makeBar({ symbol: this.symbol, ts: ts[k] as number, open: open[k] as number, high: high[k] as number, low: low[k] as number, close: close[k] as number, volume: volume[k] as number });
  }

  slice(start: number): ColumnBars {
    const s = Math.min(Math.max(0, start), this.length);
    return new ColumnBars(this.symbol, this.c, this.from + s, this.length - s);
  }

  tsAt(index: number): number {
    return this.c.ts[this.from + index] as number;
  }

  closeAt(index: number): number {
    return this.c.close[this.from + index] as number;
  }

  atmIvAt(index: number): number {
    return this.c.atmIv[this.from + index] as number;
  }

  /** Bar `index` without a Bar: the columns hold bars the reader has already validated. */
  read(index: number, into: Mutable<Bar>): void {
    const k = this.from + index;
    const c = this.c;
    into.symbol = this.symbol;
    into.ts = c.ts[k] as number;
    into.open = c.open[k] as number;
    into.high = c.high[k] as number;
    into.low = c.low[k] as number;
    into.close = c.close[k] as number;
    into.volume = c.volume[k] as number;
  }

  *[Symbol.iterator](): Iterator<Bar> {
    for (let i = 0; i < this.length; i += 1) yield this.at(i) as Bar;
  }
}

/** A packed window as the engine takes it: per ticker, its bars (built when asked) read from the window's columns. */
function unpack(w: PackedWindow, tickers: readonly TickerEntry[]): MarketWindow {
  const n = w.rows;
  const c = Object.fromEntries(PACKED_COLUMNS.map((name, k) => [name, w.columns.subarray(k * n, (k + 1) * n)])) as Record<(typeof PACKED_COLUMNS)[number], Float64Array>;
  const series: TickerBars[] = [];
  w.tickers.forEach((t, k) => {
    const symbol = (tickers[t] as TickerEntry).symbol;
    const from = w.start[k] as number;
    const to = w.start[k + 1] as number;
    series.push({ symbol, bars: new ColumnBars(symbol, c, from, to - from) });
  });
  return { date: w.date, times: w.times, series };
}

/** Every ticker's bars in windows, read and parsed by a worker thread a few windows ahead. */
async function* windows(dir: string, tickers: readonly TickerEntry[], minutes: number): AsyncGenerator<MarketWindow> {
  if (!Number.isInteger(minutes) || minutes < 1) throw new RangeError(`window must be a whole number of minutes >= 1, got ${minutes}`);
  const job: ReaderJob = { dir, tickers, minutes };
  const worker = moduleWorker(siblingModule(import.meta.url, 'reader-worker'), job);
  let exitCode: number | undefined;
  worker.once('exit', (code: number) => (exitCode = code));
  // Listening before the first request, so no reply is missed. An uncaught error in the worker
  // rejects the loop; its exit ends it, and a market cut short must not pass for a whole one.
  const replies = on(worker, 'message', { close: ['exit'] });
  try {
    for (let k = 0; k < PREFETCH; k += 1) worker.postMessage('next');
    for await (const [reply] of replies as AsyncIterable<[ReaderReply]>) {
      if (reply.type === 'done') return;
      if (reply.type === 'error') throw reviveReadError(reply.error);
      worker.postMessage('next');
      yield unpack(reply.window, tickers);
    }
    throw new Error(`the market reader stopped (worker exit code ${String(exitCode)}) before the end of ${dir}`);
  } finally {
    await worker.terminate();
  }
}

/** Validates the manifest (errors name the file and field), checks each bars file exists, reads the news file if there is one. */
export async function openMarket(dir: string): Promise<Market> {
  const manifest = await readManifest(dir);
  await Promise.all(
    manifest.tickers.map(async (t, i) => {
      const file = join(dir, barsFileOf(t));
      try {
        await access(file);
      } catch (e) {
        throw new ManifestError(`${join(dir, 'manifest.json')}: tickers.${i} (${t.symbol}): bars file ${file} is missing`, { cause: e });
      }
    }),
  );
  const bySymbol = new Map(manifest.tickers.map((t) => [t.symbol, t]));
  const news = await readNewsFile(dir);
  return {
    dir,
    manifest,
    tickers: manifest.tickers,
    ...(news === undefined ? {} : { news }),
    params(symbol) {
      const t = bySymbol.get(symbol);
      if (t === undefined) throw new ManifestError(`market ${dir} has no ticker '${symbol}'`);
      return t;
    },
    windows: (minutes) => windows(dir, manifest.tickers, minutes),
  };
}

/** Files whose first rows are read at once by `checkMarket`. */
const CHECK_CONCURRENCY = 32;

/**
 * `openMarket`, and the first rows of every bars file read and checked (the header, the rows of
 * the first chunk, a `ts` in epoch seconds rather than milliseconds), so that a command finds a
 * bad market before its long work starts. Throws ManifestError or MarketDataError.
 */
export async function checkMarket(dir: string): Promise<Market> {
  const market = await openMarket(dir);
  const tickers = [...market.tickers];
  for (let k = 0; k < tickers.length; k += CHECK_CONCURRENCY) {
    await Promise.all(tickers.slice(k, k + CHECK_CONCURRENCY).map((t) => checkFirstRows(join(dir, barsFileOf(t)), t.symbol)));
  }
  return market;
}

async function checkFirstRows(file: string, symbol: string): Promise<void> {
  for await (const rows of readBarFile(file, symbol)) {
    const ts = rows.ts[0] as number;
    const problem = timestampUnitProblem(ts);
    // Rows are in strictly increasing time: a file in seconds starts in seconds. Line 2: the first row.
    if (problem !== undefined) throw new MarketDataError(file, 2, problem);
    return;
  }
}
