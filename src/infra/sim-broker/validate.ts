import { approve, deny, type Decision } from '../../domain/decision.js';
import { DomainError } from '../../domain/errors.js';
import { parseOcc, type OptionContract } from '../../domain/values/contract.js';
import type { OrderIntent } from '../../domain/values/order.js';
import { daysToExpiry } from '../../domain/values/time.js';

/** Why the simulated broker rejects an order on submit. */
export const SIM_REJECT_REASONS = [
  'QTY_NOT_WHOLE',
  'QTY_NOT_POSITIVE',
  'MISSING_LIMIT',
  'LIMIT_NOT_POSITIVE',
  'MARKET_CLOSED',
  'UNKNOWN_CONTRACT',
  'CONTRACT_EXPIRED',
  'NO_QUOTE',
  'INSUFFICIENT_BUYING_POWER',
  'INSUFFICIENT_POSITION',
] as const;
export type SimRejectReason = (typeof SIM_REJECT_REASONS)[number];

/** What the broker knows when an order arrives. */
export interface SubmitContext {
  readonly now: number;
  readonly marketOpen: boolean;
  readonly listed: (symbol: string) => boolean;
  /** What a buy of this contract would cost in full (premium and fees), dollars; undefined without a price reference. */
  readonly buyCost: (contract: OptionContract) => number | undefined;
  /** Cash not reserved by resting buys. */
  readonly buyingPower: number;
  /** Long contracts held and not already offered by resting sells. */
  readonly sellableQty: number;
}

function shapeProblems(intent: OrderIntent): SimRejectReason[] {
  const reasons: SimRejectReason[] = [];
  if (!Number.isInteger(intent.qty)) reasons.push('QTY_NOT_WHOLE');
  if (!(intent.qty > 0)) reasons.push('QTY_NOT_POSITIVE');
  if (intent.type === 'limit' && intent.limitPrice === undefined) reasons.push('MISSING_LIMIT');
  if (intent.limitPrice !== undefined && !(Number.isFinite(intent.limitPrice) && intent.limitPrice > 0)) reasons.push('LIMIT_NOT_POSITIVE');
  return reasons;
}

function contractOf(intent: OrderIntent, listed: (symbol: string) => boolean): OptionContract | undefined {
  try {
    const contract = parseOcc(intent.symbol);
    return contract.underlying === intent.underlying && listed(contract.symbol) ? contract : undefined;
  } catch (e) {
    if (e instanceof DomainError) return undefined;
    throw e;
  }
}

/**
 * Checks an order as a broker would, in stages (shape, market and contract, money), and
 * returns every reason of the first failing stage; on success, the parsed contract.
 * A sell may only reduce a long position: the simulation does not write options.
 */
export function checkSubmit(intent: OrderIntent, ctx: SubmitContext): Decision<OptionContract, SimRejectReason> {
  const shape = shapeProblems(intent);
  if (shape.length > 0) return deny(shape);
  const market: SimRejectReason[] = ctx.marketOpen ? [] : ['MARKET_CLOSED'];
  const contract = contractOf(intent, ctx.listed);
  if (contract === undefined) market.push('UNKNOWN_CONTRACT');
  else if (daysToExpiry(contract.expiry, ctx.now) < 0) market.push('CONTRACT_EXPIRED');
  if (market.length > 0 || contract === undefined) return deny(market);
  if (intent.side === 'sell') return intent.qty > ctx.sellableQty ? deny(['INSUFFICIENT_POSITION']) : approve(contract);
  const cost = ctx.buyCost(contract);
  if (cost === undefined) return deny(['NO_QUOTE']);
  return cost > ctx.buyingPower ? deny(['INSUFFICIENT_BUYING_POWER']) : approve(contract);
}
