import { positive } from '../values/numbers.js';
import { isShares } from '../values/order.js';
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
  /** Distinct option symbols held or pending (adding to a held symbol is not a new position; hedge shares are none). */
  readonly openPositions: number;
}

/** Running sums over exposures, added one at a time in book order (positions, then reservations). */
export class GreeksSum {
  netDeltaShares = 0;
  netGamma = 0;
  netTheta = 0;
  netVega = 0;
  capitalAtRisk = 0;
  /** Distinct symbols added; `symbols: false` leaves the count to the caller (no set to fill). */
  readonly symbols: Set<string> | undefined;

  constructor(options: { readonly symbols: boolean } = { symbols: true }) {
    this.symbols = options.symbols ? new Set<string>() : undefined;
  }

  add(e: Exposure): void {
    const shares = e.qty * e.multiplier;
    this.netDeltaShares += shares * e.delta;
    this.netGamma += shares * e.gamma;
    this.netTheta += shares * e.theta;
    this.netVega += shares * e.vega;
    this.capitalAtRisk += e.capitalAtRisk;
    if (!isShares(e)) this.symbols?.add(e.symbol);
  }

  greeks(equity: number, openPositions = this.symbols?.size ?? 0): PortfolioGreeks {
    const { netDeltaShares, netGamma, netTheta, netVega, capitalAtRisk } = this;
    return { netDeltaShares, netGamma, netTheta, netVega, capitalAtRisk, capitalAtRiskPct: capitalAtRisk / equity, openPositions };
  }
}

export function portfolioGreeks(state: PortfolioState): PortfolioGreeks {
  positive(state.equity, 'equity');
  const sum = new GreeksSum();
  for (const e of state.positions.values()) sum.add(e);
  for (const e of state.reservations.values()) sum.add(e);
  return sum.greeks(state.equity);
}
