/**
 * The implied-vol surface of the chain model, anchored on the bars' ATM IV (read as a
 * 30-day at-the-money vol): IV(K, T) = atmIv × (1 + skew·ln(K/S) + term·ln(T / 30 d)),
 * floored at 30 % of atmIv. A negative skew slope lifts downside strikes (put skew).
 */
import type { UnderlyingParams } from './params.js';

const YEAR_DAYS = 365;
const TERM_ANCHOR_YEARS = 30 / YEAR_DAYS;
/** Below one day to expiry the term factor stops falling (0DTE contracts keep a sane vol). */
const TERM_FLOOR_YEARS = 1 / YEAR_DAYS;
const MIN_FACTOR = 0.3;

export function surfaceIv(p: Pick<UnderlyingParams, 'skewSlope' | 'termSlope'>, atmIv: number, spot: number, strike: number, years: number): number {
  const term = Math.log(Math.max(years, TERM_FLOOR_YEARS) / TERM_ANCHOR_YEARS);
  const factor = 1 + p.skewSlope * Math.log(strike / spot) + p.termSlope * term;
  return atmIv * Math.max(MIN_FACTOR, factor);
}
