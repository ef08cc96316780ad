import type { ExecutionConfig } from '../config/schema.js';
import type { ExitDecision } from '../exits/types.js';
import { makeOrderIntent, type OrderIntent } from '../values/order.js';
import type { Position } from '../values/position.js';
import type { OptionQuote } from '../values/quote.js';
import { exitOrderId } from './ids.js';
import { limitPrice } from './limit-price.js';

/**
 * The closing order for an exit decision: a marketable limit at the far side (the bid when
 * selling a long, the ask when buying back a short) when a quote exists, a market order when
 * there is none. Exits are never sized down or blocked.
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
  const priced = quote !== undefined && cfg.orderType === 'limit';
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
