import type { RiskConfig } from '../config/schema.js';
import { approve, deny, type Decision } from '../decision.js';
import type { OrderEffect } from '../values/order.js';
import { makeExposure, type Exposure } from './exposure.js';
import { portfolioGreeks, type PortfolioGreeks } from './greeks.js';
import { release, reserve, type PortfolioState } from './state.js';

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

/** `value` over `limit`, past float noise (a value exactly at the cap is inside it). */
function exceeds(value: number, limit: number): boolean {
  return value > limit * (1 + 1e-9) + 1e-9;
}

/** True when the order shrinks a held position on its symbol without flipping it. */
function onlyReduces(exposure: Exposure, state: PortfolioState): boolean {
  const held = Object.values(state.positions)
    .filter((p) => p.symbol === exposure.symbol)
    .reduce((sum, p) => sum + p.qty, 0);
  return exposure.qty !== 0 && Math.sign(exposure.qty) === -Math.sign(held) && Math.abs(exposure.qty) <= Math.abs(held);
}

/**
 * The pre-trade risk gate. Returns the portfolio greeks after the order (counted as a
 * reservation that replaces any with its id). A close, or any order that only reduces a held
 * position, is always approved. An opening order is denied with every cap it would break.
 */
export function checkOrder(order: OrderCheck, state: PortfolioState, risk: RiskConfig): Decision<PortfolioGreeks, RiskReason> {
  const exposure = makeExposure(order.exposure);
  const after = portfolioGreeks(reserve(state, exposure));
  if (order.effect === 'close' || onlyReduces(exposure, state)) return approve(after, ['RISK_REDUCING']);

  const before = portfolioGreeks(release(state, exposure.id));
  const broken: RiskReason[] = [];
  if (exceeds(exposure.capitalAtRisk, risk.maxRiskPerTradePct * state.equity)) broken.push('PER_TRADE_RISK');
  if (exceeds(after.capitalAtRisk, risk.maxTotalRiskPct * state.equity)) broken.push('TOTAL_RISK');
  if (breaksAndGrows(after.netDeltaShares, before.netDeltaShares, risk.maxNetDeltaShares)) broken.push('NET_DELTA');
  if (breaksAndGrows(after.netVega, before.netVega, risk.maxNetVega)) broken.push('NET_VEGA');
  if (after.openPositions > risk.maxOpenPositions && after.openPositions > before.openPositions) broken.push('MAX_POSITIONS');
  return broken.length > 0 ? deny(broken) : approve(after, ['WITHIN_LIMITS']);
}

/** A net greek ends beyond its cap and further from zero than it was: an order that hedges is never blocked. */
function breaksAndGrows(after: number, before: number, cap: number): boolean {
  return exceeds(Math.abs(after), cap) && Math.abs(after) > Math.abs(before);
}
