import type { ExecutionConfig } from '../config/schema.js';
import type { ShortPremiumPosition } from '../premium/exits.js';
import { structureOrderLegs } from '../premium/orders.js';
import { closeLimit } from '../premium/pricing.js';
import { makeOrderIntent, type OrderIntent } from '../values/order.js';
import { exitOrderId } from './ids.js';

type Side = { readonly bid: number; readonly ask: number };

/** The legs' fresh quotes, short first (a spread's long leg as well). */
export interface StructureQuotes {
  readonly short: Side;
  readonly long?: Side;
}

/**
 * The closing order of a sold structure: it buys back every unit still open, never gated, never sized
 * down. On fresh quotes of its legs, a limit at the far side of the net quote (short ask − long bid, a
 * tick up: marketable, as every exit is priced), never below $0.01; without them a market order, like a
 * long's exit on a stale quote. A spread closes in one multi-leg order (buy the short to close, sell the
 * long to close), so no leg is ever left naked.
 */
export function planShortExit(
  p: Pick<ShortPremiumPosition, 'id' | 'structure' | 'qty'>,
  quotes: StructureQuotes | undefined,
  reasons: readonly string[],
  seq: number,
  now: number,
  correlationId: string,
  cfg: ExecutionConfig,
): OrderIntent {
  const { structure } = p;
  const priced = quotes !== undefined && (structure.legs.length === 1 || quotes.long !== undefined) && cfg.orderType === 'limit';
  return makeOrderIntent({
    clientOrderId: exitOrderId(p.id, seq),
    correlationId,
    underlying: structure.underlying,
    symbol: structure.legs[0].contract.symbol,
    side: 'buy',
    effect: 'close',
    qty: p.qty,
    type: priced ? 'limit' : 'market',
    ...(priced ? { limitPrice: Math.max(0.01, closeLimit(quotes.short, quotes.long, cfg)) } : {}),
    timeInForce: 'day',
    reasons,
    ts: now,
    ...(structure.legs.length > 1 ? { legs: structureOrderLegs(structure, 'close') } : {}),
  });
}
