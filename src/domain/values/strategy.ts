/**
 * The strategy a trade belongs to, for the report's results by strategy. Derived from the trade
 * itself (its side, its option right from the OCC symbol, its legs, its entry reasons), so a
 * recorded trade needs no extra field.
 */
import { DomainError } from '../errors.js';
import type { RollReason } from '../rolling/types.js';
import { parseOcc } from './contract.js';
import { isShares } from './order.js';
import type { TradeRecord } from './trade.js';

/** In report order. */
export const STRATEGIES = ['long_call', 'long_put', 'cash_secured_put', 'credit_spread', 'roll', 'delta_hedge'] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** The roll triggers (rolling/types.ts) that approve a roll; on a trade's entry reasons they mark a roll's new leg. */
const ROLL_TRIGGERS: readonly RollReason[] = ['SHORT_AT_ROLL_DTE', 'SHORT_ITM', 'SHORT_NEAR_STRIKE', 'ROLL_REGARDLESS_OF_RISK', 'LONG_PROFIT_TARGET'];

/** A reason that says the trade was opened by a roll: a roll trigger, or any code starting with ROLL_. */
export function isRollReason(code: string): boolean {
  return code.startsWith('ROLL_') || (ROLL_TRIGGERS as readonly string[]).includes(code);
}

export type StrategyTrade = Pick<TradeRecord, 'symbol' | 'underlying' | 'side' | 'entryReasons' | 'legs'>;

/**
 * A delta hedge's shares (its symbol is its underlying's ticker, as a share order's) first, then a roll (whatever it rolled: its own group), then a multi-leg trade (a credit spread
 * when it was opened for a credit, side 'short'), then a single option by side and right.
 * Throws DomainError UNSUPPORTED_STRATEGY for a shape Thetis never opens (a naked short call,
 * a debit spread) and OccParseError for a symbol that is not an option's.
 */
export function tradeStrategy(t: StrategyTrade): Strategy {
  if (isShares(t)) return 'delta_hedge';
  if (t.entryReasons.some(isRollReason)) return 'roll';
  if (t.legs !== undefined && t.legs.length > 1) {
    if (t.side === 'short') return 'credit_spread';
    throw new DomainError('UNSUPPORTED_STRATEGY', `trade ${t.symbol}: a multi-leg trade opened for a debit is not a strategy Thetis trades`, 'legs');
  }
  const { right } = parseOcc(t.symbol);
  if (t.side === 'long') return right === 'call' ? 'long_call' : 'long_put';
  if (right === 'put') return 'cash_secured_put';
  throw new DomainError('UNSUPPORTED_STRATEGY', `trade ${t.symbol}: a short call on its own (uncovered) is not a strategy Thetis trades`, 'side');
}
