import { DomainError } from '../errors.js';
import type { OptionContract, OptionRight } from '../values/contract.js';
import type { Greeks } from '../values/quote.js';
import type { Direction } from '../values/position.js';
import type { PremiumLeg, PremiumStructure, PremiumStructureKind } from './types.js';

/** Greeks per share of one structure unit, as quoted: short leg − long leg (the position holds −qty units). */
export type StructureGreeks = Pick<Greeks, 'delta' | 'gamma' | 'theta' | 'vega'>;

/**
 * The structure for a view: bearish → bear call spread (a call is never sold naked); bullish → a
 * cash-secured put when `cashSecuredPut` (it still has to fit the risk amount, see selectShortPremium),
 * else a bull put spread.
 */
export function structureKindFor(direction: Direction, cashSecuredPut: boolean): PremiumStructureKind {
  if (direction === 'bearish') return 'bear_call_spread';
  return cashSecuredPut ? 'cash_secured_put' : 'bull_put_spread';
}

/** The right a structure sells: puts for the bullish ones, calls for the bear call spread. */
export function rightOfStructure(kind: PremiumStructureKind): OptionRight {
  return kind === 'bear_call_spread' ? 'call' : 'put';
}

/** A strike further out of the money than `than` for the right: lower for a put, higher for a call. */
export function furtherOtm(right: OptionRight, strike: number, than: number): boolean {
  return right === 'put' ? strike < than : strike > than;
}

function bad(message: string): never {
  throw new DomainError('BAD_STRUCTURE', message, 'legs');
}

function leg(contract: OptionContract, side: PremiumLeg['side']): PremiumLeg {
  return Object.freeze({ contract, side, ratio: 1 as const });
}

/**
 * Builds and checks a structure: a cash-secured put is one short put; a spread is a short leg and
 * a long leg of the structure's right, on the same underlying, expiry and multiplier, the long
 * strictly further out of the money. Throws DomainError BAD_STRUCTURE naming what is wrong.
 */
export function makeStructure(kind: PremiumStructureKind, short: OptionContract, long?: OptionContract): PremiumStructure {
  const right = rightOfStructure(kind);
  if (short.right !== right) bad(`${kind}: the short leg ${short.symbol} must be a ${right}`);
  if (kind === 'cash_secured_put') {
    if (long !== undefined) bad(`cash_secured_put: one short put, no long leg (got ${long.symbol})`);
    return Object.freeze({ kind, underlying: short.underlying, expiry: short.expiry, legs: Object.freeze([leg(short, 'short')] as const) });
  }
  if (long === undefined) bad(`${kind}: needs a long leg`);
  if (long.right !== right) bad(`${kind}: the long leg ${long.symbol} must be a ${right}`);
  if (long.underlying !== short.underlying || long.expiry !== short.expiry || long.multiplier !== short.multiplier) {
    bad(`${kind}: legs ${short.symbol} and ${long.symbol} must share underlying, expiry and multiplier`);
  }
  if (!furtherOtm(right, long.strike, short.strike)) bad(`${kind}: the long strike ${long.strike} must be further out of the money than the short ${short.strike}`);
  return Object.freeze({
    kind,
    underlying: short.underlying,
    expiry: short.expiry,
    legs: Object.freeze([leg(short, 'short'), leg(long, 'long')] as const),
    width: Math.abs(short.strike - long.strike),
  });
}

export function shortLegOf(s: PremiumStructure): PremiumLeg {
  return s.legs[0];
}

export function longLegOf(s: PremiumStructure): PremiumLeg | undefined {
  return s.legs[1];
}

/** The structure's greeks per share of one unit as quoted: short − long (a cash-secured put: the put's own). */
export function structureGreeks(short: StructureGreeks, long?: StructureGreeks): StructureGreeks {
  if (long === undefined) return { delta: short.delta, gamma: short.gamma, theta: short.theta, vega: short.vega };
  return { delta: short.delta - long.delta, gamma: short.gamma - long.gamma, theta: short.theta - long.theta, vega: short.vega - long.vega };
}
