import { makeContract, type OptionRight } from '../../../src/domain/values/contract.js';
import { makeQuote, type Greeks, type RawQuote } from '../../../src/domain/values/quote.js';
import type { ChainEntry } from '../../../src/domain/selection/types.js';

/** Monday 2025-12-01 15:00 UTC (10:00 ET). */
export const NOW = Date.UTC(2025, 11, 1, 15);
export const SWING_EXPIRY = '2025-12-31'; // 30 DTE
export const DAY_EXPIRY = '2025-12-04'; // 3 DTE

export interface EntrySpec {
  strike: number;
  right?: OptionRight;
  expiry?: string;
  underlying?: string;
  multiplier?: number;
  bid?: number;
  ask?: number;
  oi?: number;
  vol?: number;
  /** null: no greeks on the quote. */
  delta?: number | null;
  iv?: number;
  ts?: number;
}

/** A liquid chain entry by default: 2 % spread, OI 2000, volume 800, delta ±0.55. */
export function entry(s: EntrySpec): ChainEntry {
  const right = s.right ?? 'call';
  const contract = makeContract({ underlying: s.underlying ?? 'SPY', expiry: s.expiry ?? SWING_EXPIRY, right, strike: s.strike, multiplier: s.multiplier });
  const delta = s.delta === undefined ? (right === 'call' ? 0.55 : -0.55) : s.delta;
  const greeks: Greeks | undefined = delta === null ? undefined : { delta, gamma: 0.02, theta: -0.3, vega: 0.5 };
  const raw: RawQuote = {
    symbol: contract.symbol,
    ts: s.ts ?? NOW - 1_000,
    bid: s.bid ?? 4.95,
    ask: s.ask ?? 5.05,
    volume: s.vol ?? 800,
    openInterest: s.oi ?? 2_000,
    ...(greeks ? { greeks } : {}),
    ...(s.iv !== undefined ? { iv: s.iv } : {}),
  };
  return { contract, quote: makeQuote(raw) };
}
