/** Streams one ticker's bars file (gzipped or plain CSV) line by line, validating every row. */
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { makeBar, type Bar } from '../../domain/values/bar.js';
import { BAR_CSV_HEADER, parseBarRow } from './csv.js';

/** A bad bars file: names the file and the 1-based line. */
export class MarketDataError extends Error {
  override readonly name = 'MarketDataError';
  constructor(
    readonly file: string,
    readonly line: number,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}:${line}: ${reason}`, options);
  }
}

export interface FileRow {
  readonly bar: Bar;
  /** The row's iv column; undefined when empty. */
  readonly iv: number | undefined;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Yields the file's rows in order, a chunk at a time (a few thousand rows per read, so the
 * async overhead is paid per chunk, not per line); throws MarketDataError on a bad header,
 * row or timestamp order.
 */
export async function* readBarFile(path: string, symbol: string): AsyncGenerator<readonly FileRow[]> {
  const source = createReadStream(path, { highWaterMark: 256 * 1024 });
  // pipeline() destroys the gunzip stream with any read or inflate error, which the loop then throws.
  const input = path.endsWith('.gz') ? pipeline(source, createGunzip(), () => undefined) : source;
  input.setEncoding('utf8');
  let n = 0;
  let lastTs: number | undefined;
  let rest = '';
  const parse = (raw: string, rows: FileRow[]): void => {
    n += 1;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (n === 1) {
      if (line.trim() !== BAR_CSV_HEADER) throw new MarketDataError(path, 1, `expected the header '${BAR_CSV_HEADER}', got '${line}'`);
      return;
    }
    if (line.trim() === '') return;
    let row: FileRow;
    try {
      const r = parseBarRow(line);
      row = { bar: makeBar({ symbol, ts: r.ts, open: r.open, high: r.high, low: r.low, close: r.close, volume: r.volume }), iv: r.iv };
    } catch (e) {
      throw new MarketDataError(path, n, message(e), { cause: e });
    }
    if (lastTs !== undefined && row.bar.ts <= lastTs) {
      const what = row.bar.ts === lastTs ? 'duplicates' : 'is before';
      throw new MarketDataError(path, n, `ts ${row.bar.ts} ${what} the previous bar's ts ${lastTs}; bars must be in strictly increasing time order`);
    }
    lastTs = row.bar.ts;
    rows.push(row);
  };
  try {
    for await (const chunk of input as AsyncIterable<string>) {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      const rows: FileRow[] = [];
      for (const line of lines) parse(line, rows);
      if (rows.length > 0) yield rows;
    }
    const last: FileRow[] = [];
    if (rest !== '') parse(rest, last);
    if (last.length > 0) yield last;
  } catch (e) {
    if (e instanceof MarketDataError) throw e;
    throw new MarketDataError(path, n, `cannot read: ${message(e)}`, { cause: e });
  } finally {
    source.destroy();
  }
  if (n === 0) throw new MarketDataError(path, 0, `empty file: expected the header '${BAR_CSV_HEADER}'`);
}
