import { approve, deny, type Decision } from '../decision.js';
import { finite, positive } from '../values/numbers.js';
import { blackScholes, type BsInput } from './black-scholes.js';

/** The vol bracket searched: 0.01 % to 500 % annualised. */
export const MIN_VOL = 1e-4;
export const MAX_VOL = 5;

export const IMPLIED_VOL_REASONS = [
  /** Price below the no-arbitrage floor (discounted intrinsic value). */
  'BELOW_INTRINSIC',
  /** Price at or above the no-arbitrage ceiling (call: S·e^(−qT), put: K·e^(−rT)). */
  'ABOVE_MAX_PRICE',
  /** Price is arbitrage-free but needs a vol below MIN_VOL (no time value to speak of). */
  'VOL_BELOW_MIN',
  /** Price is arbitrage-free but needs a vol above MAX_VOL. */
  'VOL_ABOVE_MAX',
  'NO_CONVERGENCE',
] as const;
export type ImpliedVolReason = (typeof IMPLIED_VOL_REASONS)[number];

export type ImpliedVolInput = Omit<BsInput, 'vol'> & { readonly price: number };

/**
 * Stop once the model price matches the given one to a few ulps of the price, or once the vol
 * is pinned to a few ulps (bracket or Newton step): past that, the rounding of the price
 * evaluation is all that moves. The vol then carries only the error the price's conditioning
 * allows, about ulp(price) / (dPrice/dVol).
 */
const PRICE_TOLERANCE = 4 * Number.EPSILON;
const VOL_TOLERANCE = 4 * Number.EPSILON;
/** Bisection alone pins a vol in [MIN_VOL, MAX_VOL] to VOL_TOLERANCE in under 70 halvings. */
const MAX_ITERATIONS = 200;

/**
 * The Black-Scholes-Merton implied volatility of a price, by Newton's method kept inside
 * a shrinking bisection bracket on [MIN_VOL, MAX_VOL]: it converges whenever a solution
 * exists and reports why when none does, never a garbage number.
 * Throws DomainError on broken input (non-finite or non-positive price, bad BS inputs).
 */
export function impliedVol(input: ImpliedVolInput): Decision<number, ImpliedVolReason> {
  const { price, ...rest } = input;
  positive(price, 'price');
  const priceAt = (vol: number) => blackScholes({ ...rest, vol });
  const floorPrice = priceAt(MIN_VOL).price; // validates the other inputs
  const { spot: s, strike: k, years: t, rate: r, dividendYield: q } = rest;
  const forwardS = s * Math.exp(-q * t);
  const discK = k * Math.exp(-r * t);
  const intrinsic = Math.max(0, rest.right === 'call' ? forwardS - discK : discK - forwardS);
  const ceiling = rest.right === 'call' ? forwardS : discK;
  if (price < intrinsic) return deny(['BELOW_INTRINSIC']);
  if (price >= ceiling) return deny(['ABOVE_MAX_PRICE']);
  if (price <= floorPrice) return deny(['VOL_BELOW_MIN']);
  if (price > priceAt(MAX_VOL).price) return deny(['VOL_ABOVE_MAX']);

  let lo = MIN_VOL;
  let hi = MAX_VOL;
  // Brenner-Subrahmanyam ATM approximation as the first guess.
  let vol = clampInto(Math.sqrt((2 * Math.PI) / t) * (price / s), lo, hi);
  // Numerical Recipes' rtsafe: Newton, but bisect when it leaves the bracket or when its
  // step is not at least halving (deep OTM, tiny vega: Newton crawls there).
  let lastStep = hi - lo;
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    const bs = priceAt(vol);
    const diff = finite(bs.price, 'model price') - price;
    if (Math.abs(diff) <= PRICE_TOLERANCE * price) return approve(vol);
    if (diff > 0) hi = vol;
    else lo = vol;
    if (hi - lo <= VOL_TOLERANCE * hi) return approve((lo + hi) / 2);
    const step = diff / (bs.vega * 100); // vega is per vol point
    const newton = vol - step;
    if (newton > lo && newton < hi && Math.abs(step) <= 0.5 * Math.abs(lastStep)) {
      if (Math.abs(step) <= VOL_TOLERANCE * newton) return approve(newton);
      vol = newton;
      lastStep = step;
    } else {
      vol = (lo + hi) / 2;
      lastStep = (hi - lo) / 2;
    }
  }
  return deny(['NO_CONVERGENCE']);
}

function clampInto(x: number, lo: number, hi: number): number {
  return Number.isFinite(x) ? Math.min(hi, Math.max(lo, x)) : (lo + hi) / 2;
}
