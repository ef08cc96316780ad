import { DomainError } from '../errors.js';
import type { OptionRight } from '../values/contract.js';
import { finite, nonNegative, positive } from '../values/numbers.js';
import { millsRatio, normCdf, normPdf } from './normal.js';

/** Inputs to Black-Scholes-Merton with a continuous dividend yield. */
export interface BsInput {
  readonly right: OptionRight;
  /** Underlying price. */
  readonly spot: number;
  readonly strike: number;
  /** Time to expiry in years (> 0). */
  readonly years: number;
  /** Annualised volatility as a decimal (> 0). */
  readonly vol: number;
  /** Continuously compounded risk-free rate. */
  readonly rate: number;
  /** Continuous dividend yield. */
  readonly dividendYield: number;
}

/** Price and greeks per share: theta per calendar day, vega per vol point, rho per rate point. */
export interface BsResult {
  readonly price: number;
  readonly delta: number;
  readonly gamma: number;
  readonly theta: number;
  readonly vega: number;
  readonly rho: number;
}

function check(i: BsInput): void {
  positive(i.spot, 'spot');
  positive(i.strike, 'strike');
  positive(i.years, 'years');
  positive(i.vol, 'vol');
  finite(i.rate, 'rate');
  nonNegative(i.dividendYield, 'dividendYield');
  if (i.right !== 'call' && i.right !== 'put') throw new DomainError('BAD_RIGHT', `right must be call or put`, 'right');
}

/** Black-Scholes-Merton price and greeks. Throws DomainError on invalid input. */
export function blackScholes(i: BsInput): BsResult {
  check(i);
  const { spot: s, strike: k, years: t, vol: v, rate: r, dividendYield: q } = i;
  const sqrtT = Math.sqrt(t);
  const d1 = (Math.log(s / k) + (r - q + 0.5 * v * v) * t) / (v * sqrtT);
  const d2 = d1 - v * sqrtT;
  const dq = Math.exp(-q * t);
  const dr = Math.exp(-r * t);
  const pdf = normPdf(d1);
  const gamma = (dq * pdf) / (s * v * sqrtT);
  const vega = (s * dq * pdf * sqrtT) / 100;
  const common = (-s * dq * pdf * v) / (2 * sqrtT);
  if (i.right === 'call') {
    const nd1 = normCdf(d1);
    const nd2 = normCdf(d2);
    return {
      price: d1 < 0 ? outOfTheMoney(k * dr, d2, -d1, -d2) : Math.max(0, s * dq * nd1 - k * dr * nd2),
      delta: dq * nd1,
      gamma,
      theta: (common - r * k * dr * nd2 + q * s * dq * nd1) / 365,
      vega,
      rho: (k * t * dr * nd2) / 100,
    };
  }
  const nmd1 = normCdf(-d1);
  const nmd2 = normCdf(-d2);
  return {
    price: d2 > 0 ? outOfTheMoney(k * dr, d2, d2, d1) : Math.max(0, k * dr * nmd2 - s * dq * nmd1),
    delta: -dq * nmd1,
    gamma,
    theta: (common + r * k * dr * nmd2 - q * s * dq * nmd1) / 365,
    vega,
    rho: (-k * t * dr * nmd2) / 100,
  };
}

/**
 * The price of an option whose two terms both sit in the same normal tail (call: d1 < 0,
 * put: d2 > 0). There S·e^(−qT)·φ(d1) = K·e^(−rT)·φ(d2), so with N(−u) = φ(u)·R(u) (R the
 * Mills ratio) the price is K·e^(−rT)·φ(d2)·(R(near) − R(far)), near and far the two |d|
 * closer to and farther from 0. Subtracting the two tail probabilities instead would charge
 * each with the rounding of its own d, amplified by d² (up to ~1e-10 relative deep out of
 * the money); this way the error stays within what the inputs' rounding already moves.
 */
function outOfTheMoney(discountedStrike: number, d2: number, near: number, far: number): number {
  return Math.max(0, discountedStrike * normPdf(d2) * (millsRatio(near) - millsRatio(far)));
}

/** Time to expiry in years from calendar days (ACT/365). */
export function yearsFromDays(days: number): number {
  return days / 365;
}
