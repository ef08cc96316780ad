import { loadConfig } from '../../../src/domain/config/index.js';
import type { PremiumContext } from '../../../src/domain/premium/types.js';
import type { ChainEntry } from '../../../src/domain/selection/types.js';
import { makeContract, type OptionRight } from '../../../src/domain/values/contract.js';
import { makeQuote } from '../../../src/domain/values/quote.js';

/** Monday 2026-01-05, 15:00 UTC (10:00 New York). */
export const NOW = Date.UTC(2026, 0, 5, 15);
/** 2026-01-05 → 2026-02-13: 26 days left in January + 13 = 39 DTE, inside 30–60. */
export const EXPIRY = '2026-02-13';

export interface LegSpec {
  readonly strike: number;
  readonly bid: number;
  readonly ask: number;
  readonly delta: number;
  readonly right?: OptionRight;
  readonly expiry?: string;
  readonly underlying?: string;
  readonly oi?: number;
  readonly volume?: number;
  readonly ts?: number;
}

/** A chain entry with explicit quote and greeks (gamma, theta, vega derived from |delta| only to be distinct per leg). */
export function leg(s: LegSpec): ChainEntry {
  const contract = makeContract({ underlying: s.underlying ?? 'XYZ', expiry: s.expiry ?? EXPIRY, right: s.right ?? 'put', strike: s.strike });
  const a = Math.abs(s.delta);
  const quote = makeQuote({
    symbol: contract.symbol,
    ts: s.ts ?? NOW,
    bid: s.bid,
    ask: s.ask,
    volume: s.volume ?? 500,
    openInterest: s.oi ?? 1000,
    greeks: { delta: s.delta, gamma: a / 10, theta: -a / 5, vega: a / 2 },
  });
  return { contract, quote };
}

const config = loadConfig({});
export const CTX: PremiumContext = { ...config.rules, risk: config.risk };

/** The context with some rule sections overridden (through loadConfig, so defaults fill the rest). */
export function ctxWith(over: Record<string, unknown>): PremiumContext {
  const c = loadConfig(over);
  return { ...c.rules, risk: c.risk };
}
