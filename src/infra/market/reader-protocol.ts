/** Messages between the market loader and its reader worker. */
import { MarketDataError } from './bar-reader.js';
import type { TickerEntry } from './manifest.js';
import type { PackedWindow } from './window-reader.js';

export interface ReaderJob {
  readonly dir: string;
  readonly tickers: readonly TickerEntry[];
  readonly minutes: number;
}

/** A read error as it crosses threads: a MarketDataError keeps its file and line. */
export type SerializedReadError =
  | { readonly kind: 'market-data'; readonly file: string; readonly line: number; readonly reason: string }
  | { readonly kind: 'other'; readonly message: string };

export type ReaderReply =
  | { readonly type: 'window'; readonly window: PackedWindow }
  | { readonly type: 'done' }
  | { readonly type: 'error'; readonly error: SerializedReadError };

export function serializeReadError(e: unknown): SerializedReadError {
  if (e instanceof MarketDataError) return { kind: 'market-data', file: e.file, line: e.line, reason: e.reason };
  return { kind: 'other', message: e instanceof Error ? e.message : String(e) };
}

export function reviveReadError(e: SerializedReadError): Error {
  return e.kind === 'market-data' ? new MarketDataError(e.file, e.line, e.reason) : new Error(`market reader failed: ${e.message}`);
}
