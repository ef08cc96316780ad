import { loadConfig } from '../../../src/domain/config/load.js';
import type { TrendState } from '../../../src/domain/features.js';
import { evaluateExit } from '../../../src/domain/exits/evaluate.js';
import type { ExitContext, ExitDecision } from '../../../src/domain/exits/types.js';
import { makeBar } from '../../../src/domain/values/bar.js';
import { makeContract } from '../../../src/domain/values/contract.js';
import { makePosition, type Position } from '../../../src/domain/values/position.js';
import { makeQuote, type OptionQuote, type RawQuote } from '../../../src/domain/values/quote.js';
import { MINUTE_MS } from '../../../src/domain/values/time.js';

/** Monday 2025-12-01 15:00 UTC: entry time of every fixture position. */
export const T0 = Date.UTC(2025, 11, 1, 15, 0);
export const cfg = loadConfig({}).rules.exits;
export const contract = makeContract({ underlying: 'SPY', expiry: '2025-12-31', right: 'call', strike: 500 });

/** A long bullish day-trade call: 4 contracts at $2.00, SPY at 500. */
export function pos(over: Partial<Position> = {}): Position {
  return makePosition({
    id: 'p1',
    contract,
    side: 'long',
    tradeType: 'day',
    direction: 'bullish',
    qty: 4,
    initialQty: 4,
    entryPrice: 2,
    entryTs: T0,
    entryUnderlying: 500,
    peakOptionPrice: over.entryPrice ?? 2,
    peakUnderlying: over.entryUnderlying ?? 500,
    partialStage: 0,
    ...over,
  });
}

/** A quote whose mid is `mark` (±5 cents). */
export function quoteAt(mark: number, over: Partial<RawQuote> = {}): OptionQuote {
  return makeQuote({ symbol: contract.symbol, ts: T0 + 5 * MINUTE_MS, bid: mark - 0.05, ask: mark + 0.05, volume: 1000, openInterest: 5000, ...over });
}

export interface Scene {
  now?: number;
  close?: number;
  sma20?: number;
  trend?: TrendState;
  /** A mark builds a fresh quote at `now`; `quote: null` means no quote at all. */
  mark?: number;
  quote?: OptionQuote | null;
  dte?: number;
}

/** Five minutes after entry, SPY flat at 500 above its SMA20 in an up trend, the option flat at $2.00, 30 DTE. */
export function ctx(s: Scene = {}): ExitContext {
  const now = s.now ?? T0 + 5 * MINUTE_MS;
  const close = s.close ?? 500;
  const bar = makeBar({ symbol: 'SPY', ts: now - MINUTE_MS, open: close, high: close, low: close, close, volume: 1000 });
  const features = { symbol: 'SPY', ts: bar.ts, close, sma20: s.sma20 ?? 490, volumeBarsAbove: 0, smaCrosses: 0, trend: s.trend ?? 'up', ready: true } as const;
  const quote = s.quote === null ? undefined : (s.quote ?? quoteAt(s.mark ?? 2, { ts: now }));
  return { now, bar, features, quote, dte: 'dte' in s ? s.dte : 30 };
}

/** A bearish context: SMA20 above the close and a down trend. */
export function bearCtx(s: Scene = {}): ExitContext {
  return ctx({ sma20: 510, trend: 'down', ...s });
}

export function run(p: Partial<Position>, s: Scene = {}): ExitDecision {
  const position = pos(p);
  return evaluateExit(position, position.direction === 'bearish' ? bearCtx(s) : ctx(s), cfg);
}
