/**
 * Reads a market's bars files (all at once, a chunk at a time) and cuts them into time windows
 * packed as columns: what the reader worker sends to the main thread, zero-copy.
 */
import { join } from 'node:path';
import { nyDate, nyDayEndMs } from '../../domain/calendar/session.js';
import { MINUTE_MS } from '../../domain/values/time.js';
import { readBarFile, type BarColumns } from './bar-reader.js';
import { IvDeriver } from './derive-iv.js';
import { barsFileOf, type TickerEntry } from './manifest.js';

/** Columns of a packed window, in this order; each holds every row of the window. */
export const PACKED_COLUMNS = ['ts', 'open', 'high', 'low', 'close', 'volume', 'atmIv'] as const;

/**
 * Every ticker's rows over at most `minutes` minutes of one New York date, as columns: rows of
 * ticker `tickers[k]` are `start[k]` to `start[k + 1]` (exclusive) in each column.
 */
export interface PackedWindow {
  readonly date: string;
  /** Distinct bar open times in the window, ascending. */
  readonly times: Float64Array;
  /** Indices into the manifest's tickers, of those with a row in the window, ascending. */
  readonly tickers: Int32Array;
  readonly start: Int32Array;
  /** PACKED_COLUMNS.length columns of `rows` values each, one after the other. */
  readonly columns: Float64Array;
  readonly rows: number;
}

/** One ticker's file, a chunk of columns at a time; `i` is the next row not yet taken. */
class Cursor {
  private chunk: BarColumns | undefined;
  private i = 0;
  private done = false;
  private readonly iv: IvDeriver;
  private readonly chunks: AsyncGenerator<BarColumns>;

  constructor(dir: string, t: TickerEntry) {
    this.iv = new IvDeriver(t);
    this.chunks = readBarFile(join(dir, barsFileOf(t)), t.symbol);
  }

  /** True when the buffer is spent and the file not finished. */
  get needsFill(): boolean {
    return !this.done && (this.chunk === undefined || this.i >= this.chunk.length);
  }

  async fill(): Promise<void> {
    while (this.needsFill) {
      const next = await this.chunks.next();
      if (next.done === true) this.done = true;
      else {
        const c = next.value;
        for (let k = 0; k < c.length; k += 1) {
          const iv = c.atmIv[k] as number;
          c.atmIv[k] = this.iv.next(c.ts[k] as number, c.close[k] as number, Number.isNaN(iv) ? undefined : iv);
        }
        this.chunk = c;
        this.i = 0;
      }
    }
  }

  /** The next row's ts, if one is buffered. */
  get headTs(): number | undefined {
    const c = this.chunk;
    return c !== undefined && this.i < c.length ? c.ts[this.i] : undefined;
  }

  /** Moves the buffered rows with ts < `end` to `out`; true once no later row can be earlier than `end`. */
  take(end: number, out: BarColumns[]): boolean {
    const c = this.chunk;
    if (c !== undefined) {
      let j = this.i;
      while (j < c.length && (c.ts[j] as number) < end) j += 1;
      if (j > this.i) out.push(slice(c, this.i, j));
      this.i = j;
    }
    return !this.needsFill;
  }

  async close(): Promise<void> {
    await this.chunks.return(undefined);
  }
}

function slice(c: BarColumns, from: number, to: number): BarColumns {
  return {
    length: to - from,
    ts: c.ts.subarray(from, to),
    open: c.open.subarray(from, to),
    high: c.high.subarray(from, to),
    low: c.low.subarray(from, to),
    close: c.close.subarray(from, to),
    volume: c.volume.subarray(from, to),
    atmIv: c.atmIv.subarray(from, to),
  };
}

/** The ascending union of sorted time columns; tickers on the same minutes cost one comparison pass. */
function unionOf(lists: readonly Float64Array[]): Float64Array {
  let union = new Float64Array(0);
  for (const ts of lists) {
    if (ts.length === union.length && ts.every((t, k) => t === union[k])) continue;
    const merged: number[] = [];
    let a = 0;
    let b = 0;
    while (a < union.length || b < ts.length) {
      const x = union[a] ?? Number.POSITIVE_INFINITY;
      const y = ts[b] ?? Number.POSITIVE_INFINITY;
      merged.push(Math.min(x, y));
      if (x <= y) a += 1;
      if (y <= x) b += 1;
    }
    union = Float64Array.from(merged);
  }
  return union;
}

/** Packs each ticker's pieces of the window (in ticker order) into one columnar buffer. */
function pack(date: string, pieces: readonly (readonly BarColumns[])[]): PackedWindow {
  const tickers: number[] = [];
  const start: number[] = [];
  let rows = 0;
  pieces.forEach((ps, k) => {
    const n = ps.reduce((a, p) => a + p.length, 0);
    if (n === 0) return;
    tickers.push(k);
    start.push(rows);
    rows += n;
  });
  start.push(rows);
  const columns = new Float64Array(rows * PACKED_COLUMNS.length);
  const times: Float64Array[] = [];
  let at = 0;
  for (const ps of pieces) {
    const from = at;
    for (const p of ps) {
      PACKED_COLUMNS.forEach((name, c) => columns.set(p[name], c * rows + at));
      at += p.length;
    }
    if (at > from) times.push(columns.subarray(from, at));
  }
  return { date, times: unionOf(times), tickers: Int32Array.from(tickers), start: Int32Array.from(start), columns, rows };
}

/**
 * Every ticker's rows in windows of at most `minutes` minutes that never span two New York
 * dates (`minutes` 1: one window per minute). Throws MarketDataError for a bad file.
 */
export async function* packedWindows(dir: string, tickers: readonly TickerEntry[], minutes: number): AsyncGenerator<PackedWindow> {
  const cursors = tickers.map((t) => new Cursor(dir, t));
  const fill = (cs: readonly Cursor[]) => Promise.all(cs.filter((c) => c.needsFill).map((c) => c.fill()));
  try {
    for (;;) {
      await fill(cursors);
      let first = Number.POSITIVE_INFINITY;
      for (const c of cursors) first = Math.min(first, c.headTs ?? Number.POSITIVE_INFINITY);
      if (first === Number.POSITIVE_INFINITY) return;
      const date = nyDate(first);
      const end = Math.min(first + minutes * MINUTE_MS, nyDayEndMs(date));
      const pieces = cursors.map((): BarColumns[] => []);
      let open = cursors.map((_, k) => k);
      while (open.length > 0) {
        open = open.filter((k) => !(cursors[k] as Cursor).take(end, pieces[k] as BarColumns[]));
        if (open.length > 0) await fill(open.map((k) => cursors[k] as Cursor));
      }
      yield pack(date, pieces);
    }
  } finally {
    await Promise.allSettled(cursors.map((c) => c.close()));
  }
}
