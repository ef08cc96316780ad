import type { Exposure } from '../../domain/portfolio/exposure.js';
import { maxLossPerContract } from '../../domain/premium/risk.js';
import { structureGreeks } from '../../domain/premium/structure.js';
import { fillGreeks, type MarketInputs } from '../../domain/selection/fill-greeks.js';
import { sideSign, type Position } from '../../domain/values/position.js';
import type { Greeks, OptionQuote } from '../../domain/values/quote.js';

/**
 * Greeks from the quote, else Black-Scholes from its price, else undefined (never zeros). A sold
 * structure's are per unit, short leg − long leg (`longQuote`: its long leg's quote; without one a
 * spread has no greeks now).
 */
export function quoteGreeks(p: Position, quote: OptionQuote | undefined, market: MarketInputs, longQuote?: OptionQuote): Greeks | undefined {
  const short = quote ? fillGreeks({ contract: p.contract, quote }, market).quote.greeks : undefined;
  const long = p.structure?.legs[1];
  if (long === undefined || short === undefined) return short;
  const wing = longQuote ? fillGreeks({ contract: long.contract, quote: longQuote }, market).quote.greeks : undefined;
  return wing === undefined ? undefined : structureGreeks(short, wing);
}

/**
 * The position's exposure for the portfolio. Capital at risk: the premium paid for what is open, or
 * for a sold structure its maximum loss (a spread's width less the credit, a cash-secured put's
 * assignment cost), which the 3-5-7 budget counts.
 */
export function positionExposure(p: Position, greeks: Greeks): Exposure {
  const m = p.contract.multiplier;
  return {
    id: p.id,
    underlying: p.contract.underlying,
    symbol: p.contract.symbol,
    qty: sideSign(p.side) * p.qty,
    multiplier: m,
    delta: greeks.delta,
    gamma: greeks.gamma,
    theta: greeks.theta,
    vega: greeks.vega,
    capitalAtRisk: p.structure === undefined ? p.entryPrice * p.qty * m : p.qty * maxLossPerContract(p.structure, p.entryPrice),
  };
}
