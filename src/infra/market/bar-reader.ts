/** Streams one ticker's bars file (gzipped or plain CSV) as columns, validating every row. */
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { barSequenceProblem, validateBar, type Bar } from '../../domain/values/bar.js';
import type { Mutable } from '../../domain/values/numbers.js';
import { BAR_CSV_HEADER, parseBarRow, readPlainRow, ROW_FIELDS } from './csv.js';

/** A bad bars file: names the file and the 1-based line. */
export class MarketDataError extends Error {
  override readonly name = 'MarketDataError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}:${line}: ${reason}`, options);
  }
}

/** A run of one ticker's rows as parallel columns: no object per bar until one is asked for. */
export interface BarColumns {
  readonly length: number;
  readonly ts: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  /** The file's iv column, NaN where it is empty (the loader fills those in). */
  readonly atmIv: Float64Array;
}

/** For the header and for a line the fast path does not take (a file is UTF-8, its numbers ASCII). */
const decoder = new TextDecoder();

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

const NEWLINE = 0x0a;
const CR = 0x0d;

/** Newlines in `bytes`: an upper bound on the rows it completes. */
function countLines(bytes: Uint8Array): number {
  let n = 0;
  for (let i = bytes.indexOf(NEWLINE); i !== -1; i = bytes.indexOf(NEWLINE, i + 1)) n += 1;
  return n;
}

/** Columns for up to `capacity` rows, in one allocation. */
function allocate(capacity: number): Float64Array[] {
  const buffer = new Float64Array(capacity * ROW_FIELDS);
  return Array.from({ length: ROW_FIELDS }, (_, k) => buffer.subarray(k * capacity, (k + 1) * capacity));
}

/** Parses a file's rows into columns, line by line; keeps the line count and the last ts across chunks. */
class ColumnParser {
  private n = 0;
  private lastTs: number | undefined;
  private readonly fields = new Float64Array(ROW_FIELDS);
  /** Reused to validate a row without building a bar. */
  private readonly scratch: Mutable<Bar>;

  constructor(
    private readonly path: string,
    symbol: string,
  ) {
    this.scratch = { symbol, ts: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 };
  }

  get lines(): number {
    return this.n;
  }

  /** The lines of `bytes` (each ending in '\n', the final one also at the end of the file). */
  parse(bytes: Uint8Array): BarColumns | undefined {
    const capacity = countLines(bytes) + 1;
    const [ts, open, high, low, close, volume, atmIv] = allocate(capacity) as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
    let k = 0;
    let start = 0;
    while (start < bytes.length) {
      let end = bytes.indexOf(NEWLINE, start);
      if (end === -1) end = bytes.length;
      const stop = end > start && bytes[end - 1] === CR ? end - 1 : end;
      if (this.row(bytes, start, stop)) {
        const f = this.fields;
        ts[k] = f[0] as number;
        open[k] = f[1] as number;
        high[k] = f[2] as number;
        low[k] = f[3] as number;
        close[k] = f[4] as number;
        volume[k] = f[5] as number;
        atmIv[k] = f[6] as number;
        k += 1;
      }
      start = end + 1;
    }
    if (k === 0) return undefined;
    return { length: k, ts, open, high, low, close, volume, atmIv };
  }

  /** Parses bytes [start, end) into `fields`; false for the header or a blank line. Throws MarketDataError. */
  private row(bytes: Uint8Array, start: number, end: number): boolean {
    this.n += 1;
    if (this.n === 1) {
      const header = decoder.decode(bytes.subarray(start, end));
      if (header.trim() !== BAR_CSV_HEADER) throw new MarketDataError(this.path, 1, `expected the header '${BAR_CSV_HEADER}', got '${header}'`);
      return false;
    }
    const f = this.fields;
    if (!readPlainRow(bytes, start, end, f)) {
      // Not plain decimals: the exact parser accepts any number syntax, or names the bad field.
      const line = decoder.decode(bytes.subarray(start, end));
      if (line.trim() === '') return false;
      try {
        const r = parseBarRow(line);
        f.set([r.ts, r.open, r.high, r.low, r.close, r.volume, r.iv ?? Number.NaN]);
      } catch (e) {
        throw new MarketDataError(this.path, this.n, message(e), { cause: e });
      }
    }
    const s = this.scratch;
    s.ts = f[0] as number;
    s.open = f[1] as number;
    s.high = f[2] as number;
    s.low = f[3] as number;
    s.close = f[4] as number;
    s.volume = f[5] as number;
    try {
      validateBar(s);
    } catch (e) {
      throw new MarketDataError(this.path, this.n, message(e), { cause: e });
    }
    const order = barSequenceProblem(this.lastTs, s);
    if (order !== undefined) {
      const what = order === 'DUPLICATE_BAR' ? 'duplicates' : 'is before';
      throw new MarketDataError(this.path, this.n, `ts ${s.ts} ${what} the previous bar's ts ${String(this.lastTs)}; bars must be in strictly increasing time order`);
    }
    this.lastTs = s.ts;
    return true;
  }
}

/**
 * Yields the file's rows in order as columns, a chunk at a time (hundreds of rows per read, so
 * the async overhead is paid per chunk, not per line); throws MarketDataError on a bad header,
 * row or timestamp order.
 */
export async function* readBarFile(path: string, symbol: string): AsyncGenerator<BarColumns> {
  const source = createReadStream(path, { highWaterMark: 256 * 1024 });
  // pipeline() destroys the gunzip stream with any read or inflate error, which the loop then throws.
  // 64 KiB of text per chunk (zlib's default is 16): a quarter of the stream overhead per row.
  const input = path.endsWith('.gz') ? pipeline(source, createGunzip({ chunkSize: 64 * 1024 }), () => undefined) : source;
  const parser = new ColumnParser(path, symbol);
  // The bytes after the last newline of the previous chunk: the start of a line still arriving.
  let rest: Uint8Array = new Uint8Array(0);
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      const bytes = rest.length === 0 ? chunk : Buffer.concat([rest, chunk]);
      const cut = bytes.lastIndexOf(NEWLINE) + 1;
      rest = bytes.subarray(cut);
      const columns = parser.parse(bytes.subarray(0, cut));
      if (columns) yield columns;
    }
    const columns = rest.length === 0 ? undefined : parser.parse(rest);
    if (columns) yield columns;
  } catch (e) {
    if (e instanceof MarketDataError) throw e;
    throw new MarketDataError(path, parser.lines, `cannot read: ${message(e)}`, { cause: e });
  } finally {
    source.destroy();
  }
  if (parser.lines === 0) throw new MarketDataError(path, 0, `empty file: expected the header '${BAR_CSV_HEADER}'`);
}
