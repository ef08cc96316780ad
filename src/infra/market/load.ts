/**
 * Opens a market directory (manifest.json + one bars file per ticker) and streams every
 * ticker's bars in time-ordered windows, without loading a whole file.
 */
import { on } from 'node:events';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { makeBar, type Bar } from '../../domain/values/bar.js';
import { moduleWorker, siblingModule } from '../worker/module-worker.js';
import { barsFileOf, ManifestError, readManifest, type Manifest, type TickerEntry } from './manifest.js';
import type { UnderlyingParams } from './params.js';
import { reviveReadError, type ReaderJob, type ReaderReply } from './reader-protocol.js';
import { PACKED_COLUMNS, type PackedWindow } from './window-reader.js';

/** One ticker's bars in a window, oldest first, with the ATM implied vol at each bar. */
export interface TickerBars {
  readonly symbol: string;
  readonly bars: readonly Bar[];
  /** ATM IV per bar (from the file, or derived from realized vol). */
  readonly atmIv: ArrayLike<number>;
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
  /** The chain parameters of a ticker; throws for an unknown symbol. */
  params(symbol: string): UnderlyingParams;
  /**
   * A fresh time-ordered pass over all bars (each call reopens the files), in windows of at
   * most `minutes` minutes that never span two New York dates; `minutes` 1 gives one window per minute.
   */
  windows(minutes: number): AsyncIterable<MarketWindow>;
}

/** Windows requested ahead of the one the engine is on: the reader works while the engine does. */
const PREFETCH = 3;

/** A packed window as the engine takes it: a Bar per row. */
function unpack(w: PackedWindow, tickers: readonly TickerEntry[]): MarketWindow {
  const n = w.rows;
  const col = (name: (typeof PACKED_COLUMNS)[number]) => {
    const c = PACKED_COLUMNS.indexOf(name);
    return w.columns.subarray(c * n, (c + 1) * n);
  };
  const [ts, open, high, low, close, volume, atmIv] = [col('ts'), col('open'), col('high'), col('low'), col('close'), col('volume'), col('atmIv')];
  const series: TickerBars[] = [];
  w.tickers.forEach((t, k) => {
    const symbol = (tickers[t] as TickerEntry).symbol;
    const from = w.start[k] as number;
    const to = w.start[k + 1] as number;
    const bars: Bar[] = [];
    for (let i = from; i < to; i += 1) {
      bars.push(makeBar({ symbol, ts: ts[i] as number, open: open[i] as number, high: high[i] as number, low: low[i] as number, close: close[i] as number, volume: volume[i] as number }));
    }
    series.push({ symbol, bars, atmIv: atmIv.subarray(from, to) });
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

/** Validates the manifest (errors name the file and field) and checks each bars file exists. */
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
  return {
    dir,
    manifest,
    tickers: manifest.tickers,
    params(symbol) {
      const t = bySymbol.get(symbol);
      if (t === undefined) throw new ManifestError(`market ${dir} has no ticker '${symbol}'`);
      return t;
    },
    windows: (minutes) => windows(dir, manifest.tickers, minutes),
  };
}
