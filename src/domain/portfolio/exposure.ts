import { DomainError } from '../errors.js';
import { finite, nonNegative, positive } from '../values/numbers.js';

/**
 * What one position or pending order adds to the portfolio. Plain, serialisable data.
 * Greeks are per share of one contract (theta per calendar day, vega per vol point), as quoted;
 * the portfolio multiplies them by qty × multiplier.
 */
export interface Exposure {
  /** Position id, or the client order id of a pending order. */
  readonly id: string;
  readonly underlying: string;
  /** OCC option symbol; a hedge's shares: the underlying's ticker (see shareExposure). */
  readonly symbol: string;
  /** Contracts, signed: + long, − short. */
  readonly qty: number;
  /** Shares per contract (100). */
  readonly multiplier: number;
  readonly delta: number;
  readonly gamma: number;
  readonly theta: number;
  readonly vega: number;
  /** Dollars that can be lost (a long option: premium × multiplier × |qty|). */
  readonly capitalAtRisk: number;
}

function nonEmpty(value: string, field: string): void {
  if (typeof value !== 'string' || value.length === 0) throw new DomainError('EMPTY_FIELD', `exposure ${field} is empty`, field);
}

/** Validates an exposure: ids present, whole signed qty, finite greeks, non-negative capital at risk. */
export function makeExposure(raw: Exposure): Exposure {
  nonEmpty(raw.id, 'id');
  nonEmpty(raw.underlying, 'underlying');
  nonEmpty(raw.symbol, 'symbol');
  finite(raw.qty, 'qty');
  if (!Number.isInteger(raw.qty)) throw new DomainError('NOT_WHOLE', `qty must be a whole number of contracts, got ${raw.qty}`, 'qty');
  positive(raw.multiplier, 'multiplier');
  finite(raw.delta, 'delta');
  finite(raw.gamma, 'gamma');
  finite(raw.theta, 'theta');
  finite(raw.vega, 'vega');
  nonNegative(raw.capitalAtRisk, 'capitalAtRisk');
  // Built as a literal: V8 gives a frozen spread copy a slow path.
  const { id, underlying, symbol, qty, multiplier, delta, gamma, theta, vega, capitalAtRisk } = raw;
  return Object.freeze({ id, underlying, symbol, qty, multiplier, delta, gamma, theta, vega, capitalAtRisk });
}

/**
 * Shares of `ticker` (signed: + long, − short) as an exposure: delta 1 per share, no gamma, theta
 * or vega, and no capital at risk of their own: a hedge is sized never past its options' delta, so
 * what its shares lose its options gain (to first order), and the options' own capital at risk
 * already bounds the pair; the net-delta cap is what counts them. Not an open position either
 * (openPositions counts option symbols).
 */
export function shareExposure(id: string, ticker: string, shares: number): Exposure {
  return makeExposure({ id, underlying: ticker, symbol: ticker, qty: shares, multiplier: 1, delta: 1, gamma: 0, theta: 0, vega: 0, capitalAtRisk: 0 });
}
