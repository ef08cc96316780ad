/**
 * Opens a market directory (manifest.json + one bars file per ticker) and streams every
 * ticker's minute bars, merged in time order, without loading a whole file.
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { Bar } from '../../domain/values/bar.js';
import { readBarFile, type FileRow } from './bar-reader.js';
import { IvDeriver } from './derive-iv.js';
import { barsFileOf, ManifestError, readManifest, type Manifest, type TickerEntry } from './manifest.js';
import type { UnderlyingParams } from './params.js';

export interface MinuteRow {
  readonly bar: Bar;
  /** ATM implied vol at this minute (from the file, or derived from realized vol). */
  readonly atmIv: number;
}

/** Every ticker's bar for one minute, in manifest ticker order (a ticker without a bar is absent). */
export interface MinuteBatch {
  readonly ts: number;
  readonly rows: readonly MinuteRow[];
}

export interface Market {
  readonly dir: string;
  readonly manifest: Manifest;
  readonly tickers: readonly TickerEntry[];
  /** The chain parameters of a ticker; throws for an unknown symbol. */
  params(symbol: string): UnderlyingParams;
  /** A fresh time-ordered pass over all bars (each call reopens the files). */
  minutes(): AsyncIterable<MinuteBatch>;
}

/** One ticker's rows, buffered a chunk at a time; `head` is the next row not yet merged. */
class Cursor {
  private rows: readonly MinuteRow[] = [];
  private i = 0;
  private done = false;
  private readonly iv: IvDeriver;
  private readonly chunks: AsyncGenerator<readonly FileRow[]>;

  constructor(dir: string, t: TickerEntry) {
    this.iv = new IvDeriver(t);
    this.chunks = readBarFile(join(dir, barsFileOf(t)), t.symbol);
  }

  /** True when `head` may be stale: the buffer is spent and the file not finished. */
  get needsFill(): boolean {
    return this.i >= this.rows.length && !this.done;
  }

  async fill(): Promise<void> {
    while (this.needsFill) {
      const next = await this.chunks.next();
      if (next.done === true) this.done = true;
      else {
        this.rows = next.value.map((r) => ({ bar: r.bar, atmIv: this.iv.next(r.bar.ts, r.bar.close, r.iv) }));
        this.i = 0;
      }
    }
  }

  get head(): MinuteRow | undefined {
    return this.rows[this.i];
  }

  advance(): void {
    this.i += 1;
  }

  async close(): Promise<void> {
    await this.chunks.return(undefined);
  }
}

/** Every ticker's rows merged by minute; the files are read concurrently, a chunk at a time. */
async function* merge(dir: string, tickers: readonly TickerEntry[]): AsyncGenerator<MinuteBatch> {
  const cursors = tickers.map((t) => new Cursor(dir, t));
  try {
    for (;;) {
      const spent = cursors.filter((c) => c.needsFill);
      if (spent.length > 0) await Promise.all(spent.map((c) => c.fill()));
      let ts = Number.POSITIVE_INFINITY;
      for (const c of cursors) {
        const h = c.head;
        if (h !== undefined && h.bar.ts < ts) ts = h.bar.ts;
      }
      if (ts === Number.POSITIVE_INFINITY) return;
      const rows: MinuteRow[] = [];
      for (const c of cursors) {
        const h = c.head;
        if (h !== undefined && h.bar.ts === ts) {
          rows.push(h);
          c.advance();
        }
      }
      yield { ts, rows };
    }
  } finally {
    await Promise.allSettled(cursors.map((c) => c.close()));
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
    minutes: () => merge(dir, manifest.tickers),
  };
}
