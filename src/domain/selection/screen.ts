import type { LiquidityConfig, SelectionConfig } from '../config/schema.js';
import { checkLiquidity, LIQUIDITY_INFO_REASONS } from '../liquidity/check.js';
import type { TradeType } from '../values/position.js';
import { atLeast, atMost } from '../values/threshold.js';
import { scoreContract } from './score.js';
import type { ChainEntry, ScoredContract, SelectionReason } from './types.js';
import { daysToExpiry } from '../values/time.js';

/** Shares per standard equity option contract. */
export const STANDARD_MULTIPLIER = 100;

export interface SelectionContext {
  readonly selection: SelectionConfig;
  readonly liquidity: LiquidityConfig;
}

/**
 * DTE rules for buying premium: the trade type's window in calendar days and, when `sessionsLeft`
 * (`sessionsToExpiry`) is given, at least `dte.minSessionsLeft` sessions to expiry (both
 * DTE_OUT_OF_RANGE); no final week when held overnight.
 */
export function dteReasons(dte: number, tradeType: TradeType, cfg: SelectionConfig, sessionsLeft?: number): SelectionReason[] {
  const window = cfg.dte[tradeType];
  const reasons: SelectionReason[] = [];
  const tooFewSessions = sessionsLeft !== undefined && sessionsLeft < cfg.dte.minSessionsLeft;
  if (!(dte >= window.min && dte <= window.max) || tooFewSessions) reasons.push('DTE_OUT_OF_RANGE');
  if (tradeType === 'swing' && dte <= cfg.longPremiumMinDte) reasons.push('FINAL_WEEK_LONG_PREMIUM');
  return reasons;
}

/** |delta| inside the target band (inclusive); no reason when greeks are missing (reported apart). */
export function deltaReasons(entry: ChainEntry, cfg: SelectionConfig): SelectionReason[] {
  const delta = entry.quote.greeks?.delta;
  if (delta === undefined) return [];
  const abs = Math.abs(delta);
  return atLeast(abs, cfg.targetDelta.min) && atMost(abs, cfg.targetDelta.max) ? [] : ['DELTA_OUT_OF_RANGE'];
}

/**
 * Quality checks any contract must pass to be bought: symbol match, standard multiplier,
 * liquidity (every failed check), greeks present. Scored only when all pass.
 */
export function screenQuality(
  entry: ChainEntry,
  tradeType: TradeType,
  cfg: SelectionContext,
  now: number,
): { readonly failed: readonly SelectionReason[]; readonly scored?: ScoredContract } {
  const { contract, quote } = entry;
  const failed: SelectionReason[] = [];
  if (quote.symbol !== contract.symbol) failed.push('QUOTE_SYMBOL_MISMATCH');
  if (contract.multiplier !== STANDARD_MULTIPLIER) failed.push('NON_STANDARD_CONTRACT');
  const liquidity = checkLiquidity(quote, tradeType, cfg.liquidity, now);
  const info = liquidity.reasons.filter((r) => LIQUIDITY_INFO_REASONS.includes(r));
  failed.push(...liquidity.reasons.filter((r) => !info.includes(r)));
  if (!quote.greeks) failed.push('MISSING_GREEKS');
  if (failed.length > 0 || !quote.greeks || !liquidity.ok) return { failed };
  const { score, parts } = scoreContract(
    {
      spreadPct: liquidity.value.spreadPct,
      maxSpreadPct: liquidity.value.maxSpreadPct,
      openInterest: quote.openInterest,
      volume: quote.volume,
      delta: quote.greeks.delta,
    },
    cfg.selection,
  );
  const dte = daysToExpiry(contract.expiry, now);
  return { failed, scored: { contract, quote, dte, liquidity: liquidity.value, score, parts, reasons: info } };
}

/** Best first: score descending, then symbol ascending (deterministic). */
export function byScoreThenSymbol(a: ScoredContract, b: ScoredContract): number {
  if (a.score !== b.score) return b.score - a.score;
  return a.contract.symbol < b.contract.symbol ? -1 : a.contract.symbol > b.contract.symbol ? 1 : 0;
}
