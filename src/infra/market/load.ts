/**
 * Opens a market directory (manifest.json + one bars file per ticker) and streams every
 * ticker's minute bars, merged in time order, without loading a whole file.
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { Bar } from '../../domain/values/bar.js';
import { readBarFile } from './bar-reader.js';
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

async function* tickerRows(dir: string, t: TickerEntry): AsyncGenerator<MinuteRow> {
  const iv = new IvDeriver(t);
  for await (const row of readBarFile(join(dir, barsFileOf(t)), t.symbol)) {
    yield { bar: row.bar, atmIv: iv.next(row.bar.ts, row.bar.close, row.iv) };
  }
}

async function* merge(dir: string, tickers: readonly TickerEntry[]): AsyncGenerator<MinuteBatch> {
  const readers = tickers.map((t) => tickerRows(dir, t));
  try {
    const heads = await Promise.all(readers.map((r) => r.next()));
    for (;;) {
      let ts = Number.POSITIVE_INFINITY;
      for (const h of heads) if (!h.done && h.value.bar.ts < ts) ts = h.value.bar.ts;
      if (ts === Number.POSITIVE_INFINITY) return;
      const due = heads.flatMap((h, i) => (!h.done && h.value.bar.ts === ts ? [i] : []));
      yield { ts, rows: due.map((i) => (heads[i] as IteratorYieldResult<MinuteRow>).value) };
      const next = await Promise.all(due.map((i) => (readers[i] as AsyncGenerator<MinuteRow>).next()));
      due.forEach((i, k) => {
        heads[i] = next[k] as IteratorResult<MinuteRow>;
      });
    }
  } finally {
    await Promise.allSettled(readers.map((r) => r.return(undefined)));
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
