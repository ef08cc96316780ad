import type { Exposure } from '../../domain/portfolio/exposure.js';
import { fillGreeks, type MarketInputs } from '../../domain/selection/fill-greeks.js';
import { sideSign, type Position } from '../../domain/values/position.js';
import type { Greeks, OptionQuote } from '../../domain/values/quote.js';

/** Greeks from the quote, else Black-Scholes from its price, else undefined (never zeros). */
export function quoteGreeks(p: Position, quote: OptionQuote | undefined, market: MarketInputs): Greeks | undefined {
  return quote ? fillGreeks({ contract: p.contract, quote }, market).quote.greeks : undefined;
}

/** The position's exposure for the portfolio. Capital at risk is the premium paid for what is open. */
export function positionExposure(p: Position, greeks: Greeks): Exposure {
  return {
    id: p.id,
    underlying: p.contract.underlying,
    symbol: p.contract.symbol,
    qty: sideSign(p.side) * p.qty,
    multiplier: p.contract.multiplier,
    delta: greeks.delta,
    gamma: greeks.gamma,
    theta: greeks.theta,
    vega: greeks.vega,
    capitalAtRisk: p.entryPrice * p.qty * p.contract.multiplier,
  };
}
