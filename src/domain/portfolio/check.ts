import type { RiskConfig } from '../config/schema.js';
import { approve, deny, type Decision } from '../decision.js';
import { isShares, type OrderEffect } from '../values/order.js';
import { makeExposure, type Exposure } from './exposure.js';
import { moreThan } from '../values/threshold.js';
import { GreeksSum, type PortfolioGreeks } from './greeks.js';
import type { PortfolioState } from './state.js';
import { positive } from '../values/numbers.js';

export const RISK_REASONS = [
  /** Approved: a close, or an order that only shrinks a held position. Caps never block these. */
  'RISK_REDUCING',
  /** Approved: an opening order inside every cap. */
  'WITHIN_LIMITS',
  /** The order alone risks more than maxRiskPerTradePct of equity (3-5-7 rule: 3 %). */
  'PER_TRADE_RISK',
  /** Positions + pending orders + this order would risk more than maxTotalRiskPct (3-5-7 rule: 5 %). */
  'TOTAL_RISK',
  /** |net delta| would end above maxNetDeltaShares and this order grows it. */
  'NET_DELTA',
  /** |net vega| would end above maxNetVega and this order grows it. */
  'NET_VEGA',
  /** The order opens a new symbol beyond maxOpenPositions. */
  'MAX_POSITIONS',
  /** The check came after its asker had stopped waiting: nothing reserved, nothing sent. */
  'RISK_CHECK_EXPIRED',
] as const;
export type RiskReason = (typeof RISK_REASONS)[number];

export interface OrderCheck {
  readonly effect: OrderEffect;
  /** The order's own exposure: signed qty (a sell is −), id = its client order id. */
  readonly exposure: Exposure;
}

/** True when the order shrinks a held position on its symbol (`held` contracts) without flipping it. */
function onlyReduces(exposure: Exposure, held: number): boolean {
  return exposure.qty !== 0 && Math.sign(exposure.qty) === -Math.sign(held) && Math.abs(exposure.qty) <= Math.abs(held);
}

/**
 * What a check decides from: the book's greeks without the order (any reservation with its id
 * released) and with it (reserved, replacing one with its id in place), and the contracts held in
 * positions on its symbol.
 */
export interface AroundOrder {
  readonly before: PortfolioGreeks;
  readonly after: PortfolioGreeks;
  readonly held: number;
}

/**
 * The book's greeks without the order (`before`: any reservation with its id released) and with it
 * (`after`: reserved, replacing one with its id in place), and the contracts held on its symbol, in
 * one pass over the book, summed in the same order as portfolioGreeks of the released and reserved
 * books (no copy of the book per check).
 */
function aroundOrder(state: PortfolioState, order: Exposure): AroundOrder {
  positive(state.equity, 'equity');
  const before = new GreeksSum();
  const after = new GreeksSum({ symbols: false }); // its symbols are before's and the order's
  let held = 0;
  for (const p of state.positions.values()) {
    before.add(p);
    after.add(p);
    if (p.symbol === order.symbol) held += p.qty;
  }
  let replaced = false;
  for (const [id, r] of state.reservations) {
    if (id === order.id) {
      after.add(order);
      replaced = true;
      continue;
    }
    before.add(r);
    after.add(r);
  }
  if (!replaced) after.add(order);
  const symbols = before.symbols?.size ?? 0;
  const newSymbol = isShares(order) || before.symbols?.has(order.symbol) === true ? 0 : 1;
  return { before: before.greeks(state.equity), after: after.greeks(state.equity, symbols + newSymbol), held };
}

/**
 * The pre-trade risk gate. Returns the portfolio greeks after the order (counted as a
 * reservation that replaces any with its id). A close, or any order that only reduces a held
 * position, is always approved. An opening order is denied with every cap it would break.
 * O(positions + reservations): the reference the risk authority's RiskBook (O(1)) is tested against.
 */
export function checkOrder(order: OrderCheck, state: PortfolioState, risk: RiskConfig): Decision<PortfolioGreeks, RiskReason> {
  const exposure = makeExposure(order.exposure);
  return decideOrder(order.effect, exposure, aroundOrder(state, exposure), state.equity, risk);
}

/**
 * The caps, compared: the one decision of checkOrder and RiskBook.check, whichever way the
 * greeks around the order were summed. `exposure` is validated (makeExposure).
 */
export function decideOrder(
  effect: OrderEffect,
  exposure: Exposure,
  { before, after, held }: AroundOrder,
  equity: number,
  risk: RiskConfig,
): Decision<PortfolioGreeks, RiskReason> {
  if (effect === 'close' || onlyReduces(exposure, held)) return approve(after, ['RISK_REDUCING']);

  const broken: RiskReason[] = [];
  if (moreThan(exposure.capitalAtRisk, risk.maxRiskPerTradePct * equity)) broken.push('PER_TRADE_RISK');
  // Only an order that adds capital at risk: a delta hedge's shares count none (shareExposure), so a book over its cap can still hedge.
  if (moreThan(after.capitalAtRisk, risk.maxTotalRiskPct * equity) && after.capitalAtRisk > before.capitalAtRisk) broken.push('TOTAL_RISK');
  if (breaksAndGrows(after.netDeltaShares, before.netDeltaShares, risk.maxNetDeltaShares)) broken.push('NET_DELTA');
  if (breaksAndGrows(after.netVega, before.netVega, risk.maxNetVega)) broken.push('NET_VEGA');
  if (after.openPositions > risk.maxOpenPositions && after.openPositions > before.openPositions) broken.push('MAX_POSITIONS');
  return broken.length > 0 ? deny(broken) : approve(after, ['WITHIN_LIMITS']);
}

/** A net greek ends beyond its cap and further from zero than it was: an order that hedges is never blocked. */
function breaksAndGrows(after: number, before: number, cap: number): boolean {
  return moreThan(Math.abs(after), cap) && Math.abs(after) > Math.abs(before);
}
