import type { Exposure } from './exposure.js';

/**
 * A running sum that can add and take away terms in O(1) with Neumaier's compensated summation:
 * the rounding error of every addition is carried in `compensation`, so the value stays within a
 * few ulps of the exact sum of the terms still counted (|error| ≲ 2u·|sum| + n·u²·Σ|terms added|,
 * u = 2⁻⁵³), however many terms came and went, and a large term added then taken away leaves the
 * small ones intact. Taking a term away adds its exact negation.
 */
export class CompensatedSum {
  private sum = 0;
  private compensation = 0;

  add(x: number): void {
    const t = this.sum + x;
    this.compensation += Math.abs(this.sum) >= Math.abs(x) ? this.sum - t + x : x - t + this.sum;
    this.sum = t;
  }

  get value(): number {
    return this.sum + this.compensation;
  }

  reset(): void {
    this.sum = 0;
    this.compensation = 0;
  }
}

/**
 * What one exposure adds to the net greeks: qty·multiplier·greek (the same products, in the same
 * order of operations, as portfolioGreeks), and its capital at risk.
 */
export interface Contribution {
  readonly netDeltaShares: number;
  readonly netGamma: number;
  readonly netTheta: number;
  readonly netVega: number;
  readonly capitalAtRisk: number;
}

export function contribution(e: Exposure): Contribution {
  const shares = e.qty * e.multiplier;
  return { netDeltaShares: shares * e.delta, netGamma: shares * e.gamma, netTheta: shares * e.theta, netVega: shares * e.vega, capitalAtRisk: e.capitalAtRisk };
}

/** Net greeks and capital at risk over a changing set of exposures, each kept as a compensated sum. */
export class RunningTotals {
  readonly delta = new CompensatedSum();
  readonly gamma = new CompensatedSum();
  readonly theta = new CompensatedSum();
  readonly vega = new CompensatedSum();
  readonly risk = new CompensatedSum();

  /** Counts `e` in (sign +1) or takes it out (sign −1, the exact negation of what it added). */
  add(e: Exposure, sign: 1 | -1): void {
    const shares = e.qty * e.multiplier;
    this.delta.add(sign * (shares * e.delta));
    this.gamma.add(sign * (shares * e.gamma));
    this.theta.add(sign * (shares * e.theta));
    this.vega.add(sign * (shares * e.vega));
    this.risk.add(sign * e.capitalAtRisk);
  }

  get value(): Contribution {
    return { netDeltaShares: this.delta.value, netGamma: this.gamma.value, netTheta: this.theta.value, netVega: this.vega.value, capitalAtRisk: this.risk.value };
  }

  reset(): void {
    this.delta.reset();
    this.gamma.reset();
    this.theta.reset();
    this.vega.reset();
    this.risk.reset();
  }
}
