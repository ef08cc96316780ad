import type { LiquidityConfig } from '../config/schema.js';
import { approve, deny, type Decision } from '../decision.js';
import { finite } from '../values/numbers.js';
import { atLeast, atMost } from '../values/threshold.js';
import type { TradeType } from '../values/position.js';
import { mid, quoteAgeMs, spreadPct, type OptionQuote } from '../values/quote.js';

export const LIQUIDITY_REASONS = [
  /** (ask − bid) / mid above the trade type's ceiling. */
  'SPREAD_TOO_WIDE',
  'LOW_OPEN_INTEREST',
  'LOW_VOLUME',
  /** Mid below the premium floor. */
  'PREMIUM_TOO_LOW',
  /** Quote older than maxQuoteAgeMs at `now`. */
  'STALE_QUOTE',
  /** Informational: bid === ask. Valid, but a locked market is worth a look. */
  'LOCKED_QUOTE',
] as const;
export type LiquidityReason = (typeof LIQUIDITY_REASONS)[number];

/** Reasons that inform but never reject. */
export const LIQUIDITY_INFO_REASONS: readonly LiquidityReason[] = ['LOCKED_QUOTE'];

/** What the check measured, for logs, traces and the contract score. */
export interface LiquidityMetrics {
  readonly mid: number;
  readonly spreadPct: number;
  readonly maxSpreadPct: number;
  readonly openInterest: number;
  readonly volume: number;
  readonly ageMs: number;
}

export function liquidityMetrics(quote: OptionQuote, tradeType: TradeType, cfg: LiquidityConfig, now: number): LiquidityMetrics {
  return {
    mid: mid(quote),
    spreadPct: spreadPct(quote),
    maxSpreadPct: cfg.maxSpreadPct[tradeType],
    openInterest: quote.openInterest,
    volume: quote.volume,
    ageMs: quoteAgeMs(quote, now),
  };
}

/**
 * The seed's liquidity validation on a validated quote. Every failed check is reported,
 * not only the first. Each check is written as "passes if" so a NaN that slipped past
 * validation fails it rather than passing.
 */
export function checkLiquidity(
  quote: OptionQuote,
  tradeType: TradeType,
  cfg: LiquidityConfig,
  now: number,
): Decision<LiquidityMetrics, LiquidityReason> {
  finite(now, 'now');
  const m = liquidityMetrics(quote, tradeType, cfg, now);
  const failed: LiquidityReason[] = [];
  if (!atMost(m.spreadPct, m.maxSpreadPct)) failed.push('SPREAD_TOO_WIDE');
  if (!atLeast(m.openInterest, cfg.minOpenInterest)) failed.push('LOW_OPEN_INTEREST');
  if (!atLeast(m.volume, cfg.minVolume)) failed.push('LOW_VOLUME');
  if (!atLeast(m.mid, cfg.minPremium)) failed.push('PREMIUM_TOO_LOW');
  if (!atMost(m.ageMs, cfg.maxQuoteAgeMs)) failed.push('STALE_QUOTE');
  const info: LiquidityReason[] = quote.locked ? ['LOCKED_QUOTE'] : [];
  return failed.length > 0 ? deny([...failed, ...info]) : approve(m, info);
}
