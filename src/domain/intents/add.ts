import type { ExecutionConfig } from '../config/schema.js';
import { approve, deny, type Decision } from '../decision.js';
import type { Exposure } from '../portfolio/exposure.js';
import { wholeContracts } from '../sizing/contracts.js';
import type { Sizing } from '../sizing/size.js';
import type { OrderIntent } from '../values/order.js';
import type { Position } from '../values/position.js';
import type { Greeks, OptionQuote } from '../values/quote.js';
import { buyToOpen } from './buy-order.js';
import { addOrderId } from './ids.js';
import { limitPrice } from './limit-price.js';

/** What a position holding its first tranche may still add (sized at entry with the full position). */
export interface ScaleInPlan {
  /** Contracts the second tranche adds: the full size less the first tranche. */
  readonly addQty: number;
  /** Dollars the whole trade may put at risk (the entry sizing's risk amount): the add never takes the trade past it. */
  readonly budget: number;
}

/**
 * The plan of an entry sized as its first tranche: the rest of the full size (so the ATR bound and
 * the hard cap hold for the whole trade), and the trade's risk amount (equity × riskPct after
 * sentiment, Kelly and the per-trade cap): the premium the whole trade puts at risk never passes it,
 * however far the option has risen by the time it confirms. Undefined when the entry is the whole position.
 */
export function scaleInPlan(sizing: Pick<Sizing, 'contracts' | 'fullContracts' | 'riskDollars'>): ScaleInPlan | undefined {
  const addQty = sizing.fullContracts - sizing.contracts;
  return addQty > 0 ? { addQty, budget: sizing.riskDollars } : undefined;
}

export const ADD_REASONS = [
  /** The second tranche of a confirmed trade (scaling in). */
  'TRANCHE_ADD',
  /** It buys fewer than planned: the option has risen, and the whole trade stays within its risk amount. */
  'SCALE_IN_BUDGET_LIMIT',
  /** Denied: the first tranche already uses the risk amount. */
  'SCALE_IN_BUDGET_SPENT',
  /** Denied: no fresh quote to price it. */
  'SCALE_IN_NO_QUOTE',
] as const;
export type AddReason = (typeof ADD_REASONS)[number];

export interface AddOrder {
  readonly intent: OrderIntent;
  /** What the add puts at risk if filled, keyed by its client order id (the portfolio reserves it). */
  readonly exposure: Exposure;
}

export interface AddInput {
  readonly position: Position;
  readonly plan: ScaleInPlan;
  /** A fresh quote of the position's contract (the add is priced like an entry: a limit on it). */
  readonly quote: OptionQuote | undefined;
  readonly greeks: Greeks;
  readonly seq: number;
  readonly now: number;
  /** The per-trade cap in dollars now (risk.maxRiskPerTradePct × today's equity): the whole trade stays within it too. */
  readonly maxTradeRisk: number;
  readonly correlationId: string;
  /** Reasons that led here (the confirmation's), carried on the order. */
  readonly reasons: readonly string[];
}

/**
 * The scale-in order of a confirmed trade: the second tranche, bought like an entry (a limit at
 * mid + offset × half-spread), never taking the trade's premium at risk past the budget its entry was
 * sized to, nor past the per-trade cap at today's equity (the gate checks the add alone): at a higher
 * price, or a smaller account, it buys fewer (SCALE_IN_BUDGET_LIMIT), none when the first tranche
 * already uses the budget (SCALE_IN_BUDGET_SPENT). Without a quote nothing is bought. Pure; the
 * risk gate is the portfolio's call, as for every opening order.
 */
export function planAdd(input: AddInput, cfg: ExecutionConfig): Decision<AddOrder, AddReason> {
  const { position: p, plan, quote } = input;
  if (quote === undefined) return deny(['SCALE_IN_NO_QUOTE']);
  const limit = limitPrice(quote, 'buy', cfg);
  const price = cfg.orderType === 'limit' ? limit : quote.ask;
  const perContract = price * p.contract.multiplier;
  const atRisk = p.entryPrice * p.qty * p.contract.multiplier;
  const affordable = wholeContracts(Math.min(plan.budget, input.maxTradeRisk) - atRisk, perContract);
  const qty = Math.min(plan.addQty, affordable);
  if (qty < 1) return deny(['SCALE_IN_BUDGET_SPENT']);
  const reasons: AddReason[] = qty < plan.addQty ? ['TRANCHE_ADD', 'SCALE_IN_BUDGET_LIMIT'] : ['TRANCHE_ADD'];
  const { intent, exposure } = buyToOpen(
    { clientOrderId: addOrderId(p.id, input.seq), correlationId: input.correlationId, contract: p.contract, qty, limit, premium: price, greeks: input.greeks, reasons: [...input.reasons, ...reasons], now: input.now },
    cfg,
  );
  return approve({ intent, exposure }, reasons);
}
