import type { ExecutionConfig, PremiumConfig } from '../config/schema.js';
import { approve, deny, type Decision } from '../decision.js';
import { limitPrice, onCents } from '../intents/limit-price.js';
import { mid } from '../values/quote.js';
import { atLeast, atMost, lessThan } from '../values/threshold.js';
import type { NetPricing, PremiumReason, PremiumStructure } from './types.js';

type Side = { readonly bid: number; readonly ask: number };

/**
 * The structure's own quote, per share, as one instrument whose value is short − long: its bid is
 * what selling it pays at worst (short bid − long ask, the natural price), its ask what buying it
 * back costs at worst (short ask − long bid). Its mid is short mid − long mid. A cash-secured put's
 * is the put's quote.
 */
export function netQuote(short: Side, long?: Side): Side {
  return long === undefined ? { bid: short.bid, ask: short.ask } : { bid: short.bid - long.ask, ask: short.ask - long.bid };
}

/**
 * Selling the structure: net mid, natural and the net limit. The limit is `limitPrice` on the net
 * quote for a sell: the mid moved toward the natural price by execution.limitOffsetOfHalfSpread of
 * the half net spread, rounded a tick down (less credit: away from the seller's favour, toward a
 * fill), never below the natural price. Denied NO_CREDIT when the net mid is not above 0, and
 * NATURAL_NOT_A_CREDIT when the natural price is not (no credit to anchor a limit on).
 */
export function sellPricing(short: Side, long: Side | undefined, cfg: ExecutionConfig): Decision<NetPricing, PremiumReason> {
  const q = netQuote(short, long);
  const netMid = mid(q);
  if (atMost(netMid, 0)) return deny(['NO_CREDIT']);
  if (atMost(q.bid, 0)) return deny(['NATURAL_NOT_A_CREDIT']);
  return approve({ netMid, natural: q.bid, far: q.ask, limit: onCents(limitPrice(q, 'sell', cfg)) });
}

/** Buying the structure back (an exit): the far side, short ask − long bid, rounded a tick up, as every exit is priced. */
export function closeLimit(short: Side, long: Side | undefined, cfg: ExecutionConfig): number {
  return onCents(limitPrice(netQuote(short, long), 'buy', { ...cfg, limitOffsetOfHalfSpread: 1 }));
}

/** The width that bounds the loss per share: a spread's strike distance, a cash-secured put's strike (the stock goes to 0). */
export function riskWidth(s: PremiumStructure): number {
  return s.width ?? s.legs[0].contract.strike;
}

/**
 * The credit must be below the risk width (else the quotes are inconsistent: CREDIT_NOT_BELOW_WIDTH)
 * and, for a spread, at least premium.minCreditPctOfWidth of its width (CREDIT_BELOW_MINIMUM).
 */
export function creditReasons(s: PremiumStructure, credit: number, cfg: PremiumConfig): PremiumReason[] {
  const reasons: PremiumReason[] = [];
  if (!lessThan(credit, riskWidth(s))) reasons.push('CREDIT_NOT_BELOW_WIDTH');
  if (s.width !== undefined && !atLeast(credit, cfg.minCreditPctOfWidth * s.width)) reasons.push('CREDIT_BELOW_MINIMUM');
  return reasons;
}
