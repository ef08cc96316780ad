/** The bars CSV row format: `ts,open,high,low,close,volume,iv`. */

export const BAR_CSV_HEADER = 'ts,open,high,low,close,volume,iv';
const FIELDS = 7;

export interface CsvBar {
  /** Epoch ms of the minute bar's open. */
  readonly ts: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
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
  if (parts.length !== FIELDS) throw new Error(`expected ${FIELDS} fields (${BAR_CSV_HEADER}), got ${parts.length}`);
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
