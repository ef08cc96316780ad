import { blackScholes, yearsFromDays } from '../pricing/black-scholes.js';
import { impliedVol } from '../pricing/implied-vol.js';
import { mid } from '../values/quote.js';
import { daysToExpiry } from '../values/time.js';
import type { ChainEntry } from './types.js';

export interface MarketInputs {
  readonly spot: number;
  readonly now: number;
  /** Continuously compounded risk-free rate. */
  readonly rate: number;
  /** Continuous dividend yield of the underlying. */
  readonly dividendYield: number;
}

/**
 * Days to expiry used for pricing on expiry day. daysToExpiry counts whole calendar days
 * (0 on expiry day), and Black-Scholes needs time > 0; half a day stands for what is left
 * of the session on expiry day. From 1 DTE on, the whole-day count is used as is.
 */
export const EXPIRY_DAY_PRICING_DAYS = 0.5;

/** Years to expiry for pricing, or undefined once the contract has expired. */
export function pricingYears(expiry: string, now: number): number | undefined {
  const days = daysToExpiry(expiry, now);
  return days < 0 ? undefined : yearsFromDays(Math.max(days, EXPIRY_DAY_PRICING_DAYS));
}

/**
 * Fills missing greeks by Black-Scholes: from the quote's IV, or from the IV solved from
 * the mid when the quote has none. Entries that already have greeks, have expired, or
 * whose mid has no IV solution come back unchanged (selection then rejects MISSING_GREEKS).
 */
export function fillGreeks(entry: ChainEntry, market: MarketInputs): ChainEntry {
  const { contract, quote } = entry;
  if (quote.greeks) return entry;
  const years = pricingYears(contract.expiry, market.now);
  if (years === undefined) return entry;
  const base = { right: contract.right, spot: market.spot, strike: contract.strike, years, rate: market.rate, dividendYield: market.dividendYield };
  let iv = quote.iv;
  if (iv === undefined) {
    const solved = impliedVol({ ...base, price: mid(quote) });
    if (!solved.ok) return entry;
    iv = solved.value;
  }
  const { delta, gamma, theta, vega, rho } = blackScholes({ ...base, vol: iv });
  const greeks = Object.freeze({ delta, gamma, theta, vega, rho });
  return Object.freeze({ contract, quote: Object.freeze({ ...quote, iv, greeks }) });
}
