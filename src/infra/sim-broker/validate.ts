import { approve, deny, type Decision } from '../../domain/decision.js';
import { DomainError } from '../../domain/errors.js';
import { parseOcc, type OptionContract } from '../../domain/values/contract.js';
import type { OrderIntent } from '../../domain/values/order.js';
import { daysToExpiry } from '../../domain/values/time.js';
import type { SimLeg } from './multi-leg.js';

/** Why the simulated broker rejects an order on submit. */
export const SIM_REJECT_REASONS = [
  'QTY_NOT_WHOLE',
  'QTY_NOT_POSITIVE',
  'MISSING_LIMIT',
  'LIMIT_NOT_POSITIVE',
  'MARKET_CLOSED',
  'UNKNOWN_CONTRACT',
  'CONTRACT_EXPIRED',
  /** A multi-leg order's legs are not all on the order's underlying. */
  'LEGS_MIXED_UNDERLYING',
  /** A multi-leg order's legs do not share one expiry (and multiplier). */
  'LEGS_MIXED_EXPIRY',
  'NO_QUOTE',
  'INSUFFICIENT_BUYING_POWER',
  'INSUFFICIENT_POSITION',
  /** The order would leave a short call covered neither by a long call of its expiry nor by shares. */
  'NAKED_CALL_NOT_ALLOWED',
] as const;
export type SimRejectReason = (typeof SIM_REJECT_REASONS)[number];

/** An order's legs as checked: the contracts, and whether each leg closes a position held (else it opens one). */
export interface CheckedLegs {
  readonly legs: readonly SimLeg[];
  readonly closes: readonly boolean[];
}

/** What the broker knows when an order arrives. */
export interface SubmitContext {
  readonly now: number;
  readonly marketOpen: boolean;
  readonly listed: (symbol: string) => boolean;
  /** Signed contracts held of an option. */
  readonly held: (symbol: string) => number;
  /** Contracts of an option already committed to closing its position by working orders. */
  readonly closing: (symbol: string) => number;
  /** The money stage, once the legs are known: NO_QUOTE, NAKED_CALL_NOT_ALLOWED, INSUFFICIENT_BUYING_POWER, or none. */
  readonly money: (checked: CheckedLegs) => SimRejectReason[];
}

export function shapeProblems(intent: OrderIntent): SimRejectReason[] {
  const reasons: SimRejectReason[] = [];
  if (!Number.isInteger(intent.qty)) reasons.push('QTY_NOT_WHOLE');
  if (!(intent.qty > 0)) reasons.push('QTY_NOT_POSITIVE');
  if (intent.type === 'limit' && intent.limitPrice === undefined) reasons.push('MISSING_LIMIT');
  if (intent.limitPrice !== undefined && !(Number.isFinite(intent.limitPrice) && intent.limitPrice > 0)) reasons.push('LIMIT_NOT_POSITIVE');
  return reasons;
}

function contractOf(symbol: string, listed: (symbol: string) => boolean): OptionContract | undefined {
  try {
    const contract = parseOcc(symbol);
    return listed(contract.symbol) ? contract : undefined;
  } catch (e) {
    if (e instanceof DomainError) return undefined;
    throw e;
  }
}

/** The order's legs as asked: its `legs`, or the order itself as one leg of ratio 1. */
function askedLegs(intent: OrderIntent): { symbol: string; side: SimLeg['side']; ratio: number; opens: boolean }[] {
  if (intent.legs === undefined) return [{ symbol: intent.symbol, side: intent.side, ratio: 1, opens: intent.effect === 'open' }];
  return intent.legs.map((l) => ({ symbol: l.symbol, side: l.side, ratio: l.ratio, opens: l.positionIntent.endsWith('_open') }));
}

function marketProblems(intent: OrderIntent, ctx: SubmitContext): { reasons: SimRejectReason[]; contracts: (OptionContract | undefined)[] } {
  const reasons = new Set<SimRejectReason>(ctx.marketOpen ? [] : ['MARKET_CLOSED']);
  const multi = intent.legs !== undefined;
  const contracts = askedLegs(intent).map((l) => contractOf(l.symbol, ctx.listed));
  for (const c of contracts) {
    if (c === undefined) reasons.add('UNKNOWN_CONTRACT');
    else if (c.underlying !== intent.underlying) reasons.add(multi ? 'LEGS_MIXED_UNDERLYING' : 'UNKNOWN_CONTRACT');
    else if (daysToExpiry(c.expiry, ctx.now) < 0) reasons.add('CONTRACT_EXPIRED');
  }
  const first = contracts[0];
  if (first && contracts.some((c) => c !== undefined && (c.expiry !== first.expiry || c.multiplier !== first.multiplier))) reasons.add('LEGS_MIXED_EXPIRY');
  return { reasons: [...reasons], contracts };
}

/**
 * Whether each leg closes or opens, by the position held: a sell closes a long (it must fit in
 * what is held and not already offered), and opens a short only when no long is held and the leg
 * says open (sell_to_open); a buy closes a short (it must fit in it: no flip to long), and opens a
 * long otherwise. Undefined when a leg does not fit (INSUFFICIENT_POSITION).
 */
function resolveCloses(intent: OrderIntent, ctx: SubmitContext): boolean[] | undefined {
  const closes: boolean[] = [];
  for (const l of askedLegs(intent)) {
    const held = ctx.held(l.symbol);
    const qty = intent.qty * l.ratio;
    const against = l.side === 'sell' ? held > 0 : held < 0;
    if (against) {
      if (qty > Math.abs(held) - ctx.closing(l.symbol)) return undefined;
      closes.push(true);
    } else if (l.side === 'sell' && !l.opens) return undefined;
    else closes.push(false);
  }
  return closes;
}

/**
 * Checks an order as a broker would, in stages (shape, market and contracts, positions, money), and
 * returns every reason of the first failing stage; on success, its legs and what each one does.
 */
export function checkSubmit(intent: OrderIntent, ctx: SubmitContext): Decision<CheckedLegs, SimRejectReason> {
  const shape = shapeProblems(intent);
  if (shape.length > 0) return deny(shape);
  const market = marketProblems(intent, ctx);
  if (market.reasons.length > 0) return deny(market.reasons);
  const contracts = market.contracts as OptionContract[];
  const closes = resolveCloses(intent, ctx);
  if (closes === undefined) return deny(['INSUFFICIENT_POSITION']);
  const asked = askedLegs(intent);
  const legs = contracts.map((contract, i): SimLeg => Object.freeze({ contract, side: asked[i]?.side ?? intent.side, ratio: asked[i]?.ratio ?? 1 }));
  const checked = { legs, closes };
  const money = ctx.money(checked);
  return money.length > 0 ? deny(money) : approve(checked);
}
