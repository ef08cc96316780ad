/**
 * Per-underlying parameters of the option chain model, stored per ticker in a market's
 * manifest.json. Every key has a default, so a user's own data may give only the symbol.
 */
import { z } from 'zod';
import { tickerSymbol } from '../../domain/config/schema.js';

const finite = z.number().finite();

export const underlyingParamsSchema = z.strictObject({
  symbol: tickerSymbol,
  /** IV change per unit of ln(K/S); negative = downside (put-side) skew. Equity skews are about −0.3…−1. */
  skewSlope: finite.min(-5).max(5).default(-0.6),
  /** IV change per unit of ln(T / 30 days); positive = upward-sloping term structure. */
  termSlope: finite.min(-1).max(1).default(0.04),
  /** Continuous dividend yield (0.01 = 1 %). */
  dividendYield: finite.min(0).max(0.5).default(0),
  /** Continuously compounded risk-free rate. */
  rate: finite.min(-0.05).max(0.5).default(0.04),
  /** Open interest of an at-the-money front-month monthly contract; falls off away from the money. */
  oiScale: finite.positive().default(3000),
  /** Full-day volume of an at-the-money front-week contract; falls off away from the money. */
  volumeScale: finite.positive().default(1500),
  /** When a bar's iv is empty: IV = realized vol × this premium. */
  ivPremium: finite.positive().default(1.1),
  /** When a bar's iv is empty and too few bars exist for realized vol: this IV. */
  fallbackIv: finite.positive().default(0.3),
});

export type UnderlyingParams = z.output<typeof underlyingParamsSchema>;
export type UnderlyingParamsInput = z.input<typeof underlyingParamsSchema>;

/** Parameters with every default filled, e.g. `underlyingParams({ symbol: 'ALFA' })`. */
export function underlyingParams(input: UnderlyingParamsInput): UnderlyingParams {
  return underlyingParamsSchema.parse(input);
}
