/** The bars CSV row format: `ts,open,high,low,close,volume,iv`. */
import type { Bar } from '../../domain/values/bar.js';

export const BAR_CSV_HEADER = 'ts,open,high,low,close,volume,iv';
/** Fields per row, in header order. */
export const ROW_FIELDS = 7;

/** A bars file row: a bar's fields without its symbol (the file names it), and the ATM IV. */
export interface CsvBar extends Omit<Bar, 'symbol'> {
  /** ATM implied vol (decimal); undefined when the column is empty. */
  readonly iv: number | undefined;
}

export function formatBarRow(b: CsvBar): string {
  const iv = b.iv === undefined ? '' : b.iv.toFixed(4);
  return `${b.ts},${b.open.toFixed(2)},${b.high.toFixed(2)},${b.low.toFixed(2)},${b.close.toFixed(2)},${Math.round(b.volume)},${iv}`;
}

function num(raw: string, field: string): number {
  const v = raw.trim() === '' ? Number.NaN : Number(raw);
  if (!Number.isFinite(v)) throw new Error(`${field} is not a finite number ('${raw}')`);
  return v;
}

/** Parses one data line; throws an Error naming the bad field (the caller adds file and line). */
export function parseBarRow(line: string): CsvBar {
  const parts = line.split(',');
  if (parts.length !== ROW_FIELDS) throw new Error(`expected ${ROW_FIELDS} fields (${BAR_CSV_HEADER}), got ${parts.length}`);
  const [ts, open, high, low, close, volume, iv] = parts as [string, string, string, string, string, string, string];
  const row: CsvBar = {
    ts: num(ts, 'ts'),
    open: num(open, 'open'),
    high: num(high, 'high'),
    low: num(low, 'low'),
    close: num(close, 'close'),
    volume: num(volume, 'volume'),
    iv: iv.trim() === '' ? undefined : num(iv, 'iv'),
  };
  if (!Number.isInteger(row.ts)) throw new Error(`ts must be whole epoch milliseconds, got ${ts}`);
  if (row.iv !== undefined && row.iv <= 0) throw new Error(`iv must be > 0, got ${iv}`);
  return row;
}

/** Epoch milliseconds below this (1973-03-03) are seconds in all likelihood: as seconds they are 1973 to 5138. */
const MIN_PLAUSIBLE_MS = 1e11;
/** Epoch milliseconds from this on (year 5138) are microseconds or nanoseconds in all likelihood. */
const MAX_PLAUSIBLE_MS = 1e14;

/**
 * Why a bar's `ts` is not plausibly epoch milliseconds (seconds, or micro/nanoseconds), naming what
 * was found and what it should be; undefined for a plausible one. Market data from elsewhere is
 * often in seconds, which would otherwise read as minutes in January 1970.
 */
export function timestampUnitProblem(ts: number): string | undefined {
  if (!Number.isFinite(ts)) return undefined;
  if (Math.abs(ts) < MIN_PLAUSIBLE_MS && Math.abs(ts * 1000) < 8.64e15) {
    return `ts ${ts} is in epoch seconds (${new Date(ts * 1000).toISOString()}), not milliseconds (${new Date(ts).toISOString()}); ts must be whole epoch milliseconds, here ${ts * 1000}`;
  }
  if (Math.abs(ts) >= MAX_PLAUSIBLE_MS) {
    const unit = Math.abs(ts) >= 1e17 ? 'nanoseconds' : 'microseconds';
    return `ts ${ts} is in epoch ${unit}, not milliseconds; ts must be whole epoch milliseconds`;
  }
  return undefined;
}

/** Exact powers of ten: an integer over one of them is the correctly rounded decimal, as Number() gives. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
/** More significant digits than this could exceed 2^53 and lose exactness: left to Number(). */
const MAX_DIGITS = 15;
const MINUS = 0x2d;
const DOT = 0x2e;
const COMMA = 0x2c;
const ZERO = 0x30;
const NINE = 0x39;

/**
 * The plain decimal (-?digits[.digits]) in bytes [start, end); NaN for anything else, an empty
 * field included. Reads the bytes directly (no string), with the value Number() would give.
 */
function plainDecimal(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  const negative = i < end && bytes[i] === MINUS;
  if (negative) i += 1;
  let int = 0;
  let digits = 0;
  let scale = 0;
  let dot = false;
  for (; i < end; i += 1) {
    const c = bytes[i] as number;
    if (c >= ZERO && c <= NINE) {
      int = int * 10 + (c - ZERO);
      digits += 1;
      if (dot) scale += 1;
    } else if (c === DOT && !dot) dot = true;
    else return Number.NaN;
  }
  if (digits === 0 || digits > MAX_DIGITS) return Number.NaN;
  const v = int / (POW10[scale] as number);
  return negative ? -v : v;
}

/**
 * The fast path for a well-formed row in bytes [start, end) (ASCII CSV): fills `out` (ts, open,
 * high, low, close, volume, iv; iv NaN when empty) and returns true. Returns false for anything
 * else (another number syntax, a bad or missing field, a fractional ts, iv <= 0): `parseBarRow`
 * then reads the line or names what is wrong with it.
 */
export function readPlainRow(bytes: Uint8Array, start: number, end: number, out: Float64Array): boolean {
  let from = start;
  for (let k = 0; k < ROW_FIELDS; k += 1) {
    const last = k === ROW_FIELDS - 1;
    let to = from;
    while (to < end && bytes[to] !== COMMA) to += 1;
    // Every field but the last ends at a comma; the last one ends the line.
    if (last !== (to === end)) return false;
    const empty = from === to;
    const v = last && empty ? Number.NaN : plainDecimal(bytes, from, to);
    if (Number.isNaN(v) && !(last && empty)) return false;
    out[k] = v;
    from = to + 1;
  }
  const ts = out[0] as number;
  const iv = out[6] as number;
  return Number.isInteger(ts) && (Number.isNaN(iv) || iv > 0);
}
