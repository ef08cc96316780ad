import { AUTO_EXERCISE_ITM } from '../../domain/premium/settlement.js';
import type { OptionContract } from '../../domain/values/contract.js';
import { positive } from '../../domain/values/numbers.js';
import { atLeast } from '../../domain/values/threshold.js';
import { roundMicro } from './fills.js';

/** An option position: signed contracts (long > 0, short < 0) and average price per share. Plain, serialisable data. */
export interface OptionPosition {
  readonly contract: OptionContract;
  readonly qty: number;
  readonly avgPrice: number;
}

/** Shares of an underlying, received or delivered by an exercise or assignment: signed shares and average price per share. */
export interface StockPosition {
  /** The underlying's ticker. */
  readonly symbol: string;
  readonly qty: number;
  readonly avgPrice: number;
}

/** What positions() lists: the option positions (shares are in stockPositions()). */
export type BrokerPosition = OptionPosition;

/**
 * What happened to an option position at its expiry (one leg of a structure each):
 * - settled_itm: a long in the money without an assigned short beside it, settled at intrinsic
 *   value in cash (as exercising and selling the shares at the close would);
 * - exercised: a long in the money delivering shares at its strike (the wing of an assigned short);
 * - assigned: a short in the money, shares bought (put) or delivered (call) at its strike;
 * - expired_otm: less than $0.01 in the money, worthless.
 */
export type SettlementOutcome = 'settled_itm' | 'exercised' | 'assigned' | 'expired_otm';

/** The reason code of each outcome, for the engine's report. */
export const SETTLEMENT_REASONS = {
  settled_itm: 'EXERCISED_CASH_SETTLED',
  exercised: 'EXERCISED',
  assigned: 'ASSIGNED',
  expired_otm: 'EXPIRED_WORTHLESS',
} as const satisfies Record<SettlementOutcome, string>;

export interface Settlement {
  readonly symbol: string;
  readonly underlying: string;
  /** The option position settled, signed contracts. */
  readonly qty: number;
  readonly spot: number;
  /** Intrinsic value per share at the spot (0 when out of the money). */
  readonly intrinsic: number;
  /** Cash credited (+) or debited (−), dollars: intrinsic × multiplier × qty, or −shares × strike when shares move. */
  readonly cashFlow: number;
  readonly outcome: SettlementOutcome;
  /** Shares of the underlying received (+) or delivered (−); present only when exercised or assigned. */
  readonly shares?: number;
  /** The strike the shares moved at; present only with `shares`. */
  readonly strike?: number;
  readonly ts: number;
}

/**
 * A position after a fill of `signedQty` (buy > 0, sell < 0) at `price`: adding averages the
 * price, reducing keeps it, flipping starts at the fill price. Undefined when it closes.
 */
export function addQty(held: { qty: number; avgPrice: number } | undefined, signedQty: number, price: number): { qty: number; avgPrice: number } | undefined {
  const before = held?.qty ?? 0;
  const qty = before + signedQty;
  if (qty === 0) return undefined;
  if (held === undefined || before === 0 || Math.sign(before) === Math.sign(signedQty)) {
    return { qty, avgPrice: roundMicro((Math.abs(before) * (held?.avgPrice ?? 0) + Math.abs(signedQty) * price) / Math.abs(qty)) };
  }
  return Math.sign(qty) === Math.sign(before) ? { qty, avgPrice: held.avgPrice } : { qty, avgPrice: price };
}

/** The option position after a fill of `signedQty` contracts at `price` (see addQty); undefined when it closes. */
export function addFill(pos: OptionPosition | undefined, contract: OptionContract, signedQty: number, price: number): OptionPosition | undefined {
  const next = addQty(pos, signedQty, price);
  return next && { contract, ...next };
}

export function intrinsicValue(contract: Pick<OptionContract, 'right' | 'strike'>, spot: number): number {
  positive(spot, 'spot');
  return Math.max(0, contract.right === 'call' ? spot - contract.strike : contract.strike - spot);
}

/** Whether a position is at least $0.01 in the money at `spot` (OCC / Alpaca automatic exercise). */
export function autoExercised(contract: OptionContract, spot: number): boolean {
  return atLeast(roundMicro(intrinsicValue(contract, spot)), AUTO_EXERCISE_ITM);
}

/**
 * How one option position settles at expiry on the underlying's close. Out of the money (< $0.01)
 * it expires worthless. A short in the money is assigned at its strike: a short put buys
 * multiplier × |qty| shares, a short call delivers them; cash −shares × strike. A long in the money
 * is exercised into shares the same way (a call buys, a put sells) when `physical` (the engine's
 * long is the wing of an assigned short on the same underlying and expiry), else settled at its
 * intrinsic value in cash.
 */
export function settle(pos: OptionPosition, spot: number, now: number, physical = false): Settlement {
  const { contract, qty } = pos;
  const intrinsic = roundMicro(intrinsicValue(contract, spot));
  const base = { symbol: contract.symbol, underlying: contract.underlying, qty, spot, intrinsic };
  if (!autoExercised(contract, spot)) return { ...base, cashFlow: 0, outcome: 'expired_otm', ts: now };
  if (qty > 0 && !physical) return { ...base, cashFlow: roundMicro(intrinsic * contract.multiplier * qty), outcome: 'settled_itm', ts: now };
  // A call exercised by its holder buys the shares; a put sells them. qty < 0 (assigned) reverses it.
  const shares = (contract.right === 'call' ? 1 : -1) * qty * contract.multiplier;
  const outcome = qty > 0 ? 'exercised' : 'assigned';
  return { ...base, cashFlow: roundMicro(-shares * contract.strike), outcome, shares, strike: contract.strike, ts: now };
}
