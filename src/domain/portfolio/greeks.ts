import { positive } from '../values/numbers.js';
import type { Exposure } from './exposure.js';
import type { PortfolioState } from './state.js';

/** Net greeks of the whole book, pending orders included as if filled. */
export interface PortfolioGreeks {
  /** Σ qty·delta·multiplier: share equivalents (+ long the underlying). */
  readonly netDeltaShares: number;
  /** Σ qty·gamma·multiplier: change in netDeltaShares per $1 move of the underlying. */
  readonly netGamma: number;
  /** Σ qty·theta·multiplier: dollars per calendar day. */
  readonly netTheta: number;
  /** Σ qty·vega·multiplier: dollars per vol point. */
  readonly netVega: number;
  /** Dollars at risk in positions and reservations. */
  readonly capitalAtRisk: number;
  /** capitalAtRisk / equity. */
  readonly capitalAtRiskPct: number;
  /** Distinct option symbols held or pending (adding to a held symbol is not a new position). */
  readonly openPositions: number;
}

function exposures(state: PortfolioState): Exposure[] {
  return [...Object.values(state.positions), ...Object.values(state.reservations)];
}

export function portfolioGreeks(state: PortfolioState): PortfolioGreeks {
  positive(state.equity, 'equity');
  let netDeltaShares = 0;
  let netGamma = 0;
  let netTheta = 0;
  let netVega = 0;
  let capitalAtRisk = 0;
  const symbols = new Set<string>();
  for (const e of exposures(state)) {
    const shares = e.qty * e.multiplier;
    netDeltaShares += shares * e.delta;
    netGamma += shares * e.gamma;
    netTheta += shares * e.theta;
    netVega += shares * e.vega;
    capitalAtRisk += e.capitalAtRisk;
    symbols.add(e.symbol);
  }
  return { netDeltaShares, netGamma, netTheta, netVega, capitalAtRisk, capitalAtRiskPct: capitalAtRisk / state.equity, openPositions: symbols.size };
}
