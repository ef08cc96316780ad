import type { OptionContract } from '../../domain/values/contract.js';
import { positive } from '../../domain/values/numbers.js';
import { roundMicro } from './fills.js';

/** A broker position: signed contracts (long > 0) and average cost per share. Plain, serialisable data. */
export interface BrokerPosition {
  readonly contract: OptionContract;
  readonly qty: number;
  readonly avgPrice: number;
}

/** What happened to a position at its expiry. */
export interface Settlement {
  readonly symbol: string;
  readonly underlying: string;
  readonly qty: number;
  readonly spot: number;
  /** Intrinsic value per share at the spot (0 when out of the money). */
  readonly intrinsic: number;
  /** Cash credited (debited for a short), dollars. */
  readonly cashFlow: number;
  readonly outcome: 'settled_itm' | 'expired_otm';
  readonly ts: number;
}

/**
 * The position after a fill of `signedQty` contracts (buy > 0, sell < 0) at `price`.
 * Adding to a position averages its cost; reducing keeps it; flipping starts at the fill price.
 * Undefined when the position is closed.
 */
export function addFill(pos: BrokerPosition | undefined, contract: OptionContract, signedQty: number, price: number): BrokerPosition | undefined {
  const held = pos?.qty ?? 0;
  const qty = held + signedQty;
  if (qty === 0) return undefined;
  if (pos === undefined || held === 0 || Math.sign(held) === Math.sign(signedQty)) {
    const avgPrice = roundMicro((Math.abs(held) * (pos?.avgPrice ?? 0) + Math.abs(signedQty) * price) / Math.abs(qty));
    return { contract, qty, avgPrice };
  }
  return Math.sign(qty) === Math.sign(held) ? { ...pos, qty } : { contract, qty, avgPrice: price };
}

export function intrinsicValue(contract: Pick<OptionContract, 'right' | 'strike'>, spot: number): number {
  positive(spot, 'spot');
  return Math.max(0, contract.right === 'call' ? spot - contract.strike : contract.strike - spot);
}

/**
 * Cash-settled simulation of expiry: an in-the-money position settles at intrinsic value
 * × multiplier × qty (auto-exercise); out of the money it expires worthless.
 */
export function settle(pos: BrokerPosition, spot: number, now: number): Settlement {
  const intrinsic = roundMicro(intrinsicValue(pos.contract, spot));
  return {
    symbol: pos.contract.symbol,
    underlying: pos.contract.underlying,
    qty: pos.qty,
    spot,
    intrinsic,
    cashFlow: roundMicro(intrinsic * pos.contract.multiplier * pos.qty),
    outcome: intrinsic > 0 ? 'settled_itm' : 'expired_otm',
    ts: now,
  };
}
