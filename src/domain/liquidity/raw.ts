import type { LiquidityConfig } from '../config/schema.js';
import { deny, type Decision } from '../decision.js';
import type { TradeType } from '../values/position.js';
import { makeQuote, QuoteError, type RawQuote } from '../values/quote.js';
import { checkLiquidity, type LiquidityMetrics, type LiquidityReason } from './check.js';

/** Raw quotes that fail validation: 'INVALID_QUOTE', then makeQuote's error code when it is one of these. */
export const QUOTE_INPUT_REASONS = ['INVALID_QUOTE', 'CROSSED_QUOTE', 'ZERO_BID', 'NOT_FINITE', 'NOT_POSITIVE', 'NEGATIVE'] as const;
export type QuoteInputReason = (typeof QUOTE_INPUT_REASONS)[number];

function detail(code: string): QuoteInputReason[] {
  const known = QUOTE_INPUT_REASONS.find((r) => r !== 'INVALID_QUOTE' && r === code);
  return known ? ['INVALID_QUOTE', known] : ['INVALID_QUOTE'];
}

/**
 * Liquidity from raw numbers straight off the wire: validates with makeQuote and turns
 * a QuoteError (crossed, zero, NaN, negative) into a denial, so it never approves one.
 * Any other error is a bug and is rethrown.
 */
export function checkRawLiquidity(
  raw: RawQuote,
  tradeType: TradeType,
  cfg: LiquidityConfig,
  now: number,
): Decision<LiquidityMetrics, LiquidityReason | QuoteInputReason> {
  try {
    return checkLiquidity(makeQuote(raw), tradeType, cfg, now);
  } catch (e) {
    if (e instanceof QuoteError) return deny(detail(e.code));
    throw e;
  }
}
