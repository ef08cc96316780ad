import type { ExecutionConfig } from '../config/schema.js';
import type { ExitDecision } from '../exits/types.js';
import { makeOrderIntent, type OrderIntent } from '../values/order.js';
import type { Position } from '../values/position.js';
import type { OptionQuote } from '../values/quote.js';
import { exitOrderId } from './ids.js';
import { limitPrice } from './limit-price.js';

/**
 * The closing order for an exit decision: a marketable limit at the far side (the bid when
 * selling a long, the ask when buying back a short) when the decision was taken on a fresh
 * quote (`decision.mark` set), a market order when there is none or it is stale: a limit at a
 * stale bid could rest unfilled while the stop it carries goes on losing. Exits are never sized
 * down or blocked.
 */
export function planExit(
  position: Position,
  decision: ExitDecision,
  quote: OptionQuote | undefined,
  seq: number,
  now: number,
  correlationId: string,
  cfg: ExecutionConfig,
): OrderIntent {
  const side = position.side === 'long' ? 'sell' : 'buy';
  const priced = quote !== undefined && decision.mark !== undefined && cfg.orderType === 'limit';
  return makeOrderIntent({
    clientOrderId: exitOrderId(position.id, seq),
    correlationId,
    underlying: position.contract.underlying,
    symbol: position.contract.symbol,
    side,
    effect: 'close',
    qty: Math.min(decision.qty, position.qty),
    type: priced ? 'limit' : 'market',
    ...(priced ? { limitPrice: limitPrice(quote, side, { ...cfg, limitOffsetOfHalfSpread: 1 }) } : {}),
    timeInForce: 'day',
    reasons: decision.reasons,
    ts: now,
  });
}
