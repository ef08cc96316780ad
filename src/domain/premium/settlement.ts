import { positive } from '../values/numbers.js';
import type { OptionContract } from '../values/contract.js';
import { atLeast } from '../values/threshold.js';
import type { PremiumLeg, PremiumStructure } from './types.js';

/** Options at least this far in the money at expiry are exercised automatically (OCC / Alpaca: $0.01). */
export const AUTO_EXERCISE_ITM = 0.01;

/** What one leg does at expiry, per contract of the leg. */
export interface LegSettlement {
  readonly symbol: string;
  readonly side: PremiumLeg['side'];
  /** Intrinsic value per share at the underlying's close: max(0, K − S) for a put, max(0, S − K) for a call. */
  readonly intrinsic: number;
  /** Exercised (a long) or assigned (a short): intrinsic ≥ $0.01. */
  readonly exercised: boolean;
  /** Shares received (+) or delivered (−) per contract when exercised, else 0. */
  readonly shares: number;
  /** Cash received (+) or paid (−) per contract for those shares at the strike, else 0. */
  readonly cash: number;
}

export interface ExpirySettlement {
  readonly legs: readonly LegSettlement[];
  /** Σ over legs, per structure unit: the shares left in the account (a short put assigned alone: +100). */
  readonly shares: number;
  readonly cash: number;
  /** What the structure is worth at expiry per share, short intrinsic − long intrinsic: its cost to close. */
  readonly value: number;
}

export function intrinsicValue(c: Pick<OptionContract, 'right' | 'strike'>, underlying: number): number {
  return Math.max(0, c.right === 'put' ? c.strike - underlying : underlying - c.strike);
}

/**
 * How a structure settles at expiry on the underlying's close, per unit: each leg at least $0.01 in
 * the money is exercised (long) or assigned (short) at its strike, the rest expire worthless. A
 * short put assigned buys 100 shares at the strike, a short call assigned delivers 100; a long
 * put exercised sells 100, a long call buys 100. A spread with both legs in the money nets its
 * shares to 0 and its cash to −width × 100; with only the short in the money, the account is left
 * with shares (what the simulated broker must book, and the engine then close).
 */
export function expirySettlement(s: PremiumStructure, underlyingClose: number): ExpirySettlement {
  positive(underlyingClose, 'underlyingClose');
  const legs = s.legs.map((leg): LegSettlement => {
    const { contract } = leg;
    const intrinsic = intrinsicValue(contract, underlyingClose);
    const exercised = atLeast(intrinsic, AUTO_EXERCISE_ITM);
    // +1 receives shares: a short put (assigned: buys) or a long call (exercised: buys).
    const receives = (leg.side === 'short') === (contract.right === 'put');
    const shares = exercised ? (receives ? 1 : -1) * leg.ratio * contract.multiplier : 0;
    return { symbol: contract.symbol, side: leg.side, intrinsic, exercised, shares, cash: shares === 0 ? 0 : -shares * contract.strike };
  });
  const value = legs.reduce((v, l) => v + (l.side === 'short' ? l.intrinsic : -l.intrinsic), 0);
  return { legs, shares: legs.reduce((n, l) => n + l.shares, 0), cash: legs.reduce((n, l) => n + l.cash, 0), value };
}
