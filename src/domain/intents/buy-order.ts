import type { ExecutionConfig } from '../config/schema.js';
import type { Exposure } from '../portfolio/exposure.js';
import type { OptionContract } from '../values/contract.js';
import { makeOrderIntent, type OrderIntent } from '../values/order.js';
import type { Greeks } from '../values/quote.js';

export interface BuyToOpen {
  readonly clientOrderId: string;
  readonly correlationId: string;
  readonly contract: OptionContract;
  readonly qty: number;
  /** The limit (a limit order) and the premium it puts at risk per share (the limit, or the ask for a market order). */
  readonly limit: number;
  readonly premium: number;
  readonly greeks: Greeks;
  readonly reasons: readonly string[];
  readonly now: number;
}

/**
 * A day order buying a contract to open, and what it adds to the portfolio if filled (its premium at
 * risk, the quote's greeks), keyed by its client order id: the one shape of an entry, a scale-in add
 * and a roll's new leg.
 */
export function buyToOpen(b: BuyToOpen, cfg: Pick<ExecutionConfig, 'orderType'>): { readonly intent: OrderIntent; readonly exposure: Exposure } {
  const { contract, qty, greeks: g } = b;
  const intent = makeOrderIntent({
    clientOrderId: b.clientOrderId,
    correlationId: b.correlationId,
    underlying: contract.underlying,
    symbol: contract.symbol,
    side: 'buy',
    effect: 'open',
    qty,
    type: cfg.orderType,
    ...(cfg.orderType === 'limit' ? { limitPrice: b.limit } : {}),
    timeInForce: 'day',
    reasons: b.reasons,
    ts: b.now,
  });
  const exposure: Exposure = {
    id: b.clientOrderId,
    underlying: contract.underlying,
    symbol: contract.symbol,
    qty,
    multiplier: contract.multiplier,
    delta: g.delta,
    gamma: g.gamma,
    theta: g.theta,
    vega: g.vega,
    capitalAtRisk: b.premium * qty * contract.multiplier,
  };
  return { intent, exposure };
}
