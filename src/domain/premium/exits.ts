import type { LiquidityConfig, PremiumConfig, RollingConfig, SelectionConfig } from '../config/schema.js';
import { evaluateShortRoll, shortRollTriggers } from '../rolling/short.js';
import type { RollPlan, RollReason } from '../rolling/types.js';
import { screenQuality } from '../selection/screen.js';
import type { ChainEntry, ScoredContract } from '../selection/types.js';
import { finite, positive, wholeNonNegative } from '../values/numbers.js';
import type { Direction, Position } from '../values/position.js';
import { isStale, mid } from '../values/quote.js';
import { daysToExpiry } from '../values/time.js';
import { atLeast, atMost } from '../values/threshold.js';
import { AUTO_EXERCISE_ITM, expirySettlement, intrinsicValue, type ExpirySettlement } from './settlement.js';
import { longLegOf, shortLegOf } from './structure.js';
import type { PremiumStructure } from './types.js';

/** An open short-premium position: what an engine Position for a structure will carry. */
export interface ShortPremiumPosition {
  readonly id: string;
  readonly structure: PremiumStructure;
  readonly direction: Direction;
  /** Structure units still open. */
  readonly qty: number;
  /** Net credit received per share at entry (the fill, not the limit). */
  readonly credit: number;
  readonly entryTs: number;
  readonly entryUnderlying: number;
}

export const SHORT_EXIT_REASONS = [
  /** The cost to close is at most (1 − premium.takeProfitShare) × the credit. */
  'SHORT_TAKE_PROFIT',
  /** The loss (cost to close − credit) reached premium.stopMultipleOfCredit × the credit. */
  'SHORT_STOP',
  /** Expiry day with the short leg at least $0.01 in the money: close before it is assigned. */
  'SHORT_EXPIRY_ITM',
  /** Expiry day with the short leg out of the money: hold, it expires worthless. */
  'SHORT_EXPIRES_OTM',
  /** Due to roll at 21 DTE with rolling.shortRolls off: closed instead. */
  'SHORT_CLOSED_NOT_ROLLED',
  /** A spread's short rolls, but its long strike has no liquid contract in the new expiry: close instead. */
  'NO_LONG_ROLL_TARGET',
  /** A leg's quote is missing from the chain or stale: the credit rules wait, the time rules still apply. */
  'NO_STRUCTURE_QUOTE',
  'NO_EXIT_CONDITION',
  'POSITION_CLOSED',
] as const;
export type ShortExitReason = (typeof SHORT_EXIT_REASONS)[number] | RollReason;

/** Roll a structure: the short per evaluateShortRoll, a spread's long to the same strike in the new expiry. */
export interface StructureRoll {
  readonly short: RollPlan;
  readonly long?: { readonly close: string; readonly open: ScoredContract };
}

export type ShortPremiumExit =
  | { readonly action: 'hold' | 'exit'; readonly reasons: readonly ShortExitReason[]; readonly costToClose?: number }
  | { readonly action: 'roll'; readonly reasons: readonly ShortExitReason[]; readonly roll: StructureRoll; readonly costToClose?: number }
  /** Past expiry: settle each leg (assignment of a short in the money included). */
  | { readonly action: 'settle'; readonly reasons: readonly ShortExitReason[]; readonly settlement: ExpirySettlement };

export interface ShortExitContext {
  readonly spot: number;
  readonly now: number;
  /** Quotes of the legs and the roll candidates. */
  readonly chain: readonly ChainEntry[];
}

export interface ShortExitConfig {
  readonly premium: PremiumConfig;
  readonly rolling: RollingConfig;
  readonly selection: SelectionConfig;
  readonly liquidity: LiquidityConfig;
}

/** The cost to buy the structure back at the mids (short mid − long mid), or undefined without fresh quotes of every leg. */
export function costToClose(s: PremiumStructure, chain: readonly ChainEntry[], now: number, maxQuoteAgeMs: number): number | undefined {
  let cost = 0;
  for (const leg of s.legs) {
    const q = chain.find((e) => e.contract.symbol === leg.contract.symbol)?.quote;
    if (!q || isStale(q, now, maxQuoteAgeMs)) return undefined;
    cost += (leg.side === 'short' ? 1 : -1) * mid(q);
  }
  return cost;
}

/** The credit rules on the cost to close: the stop first (loss ≥ multiple × credit), then the take profit. */
export function creditExits(credit: number, cost: number, cfg: PremiumConfig): ShortExitReason[] {
  const fired: ShortExitReason[] = [];
  if (atLeast(cost - credit, cfg.stopMultipleOfCredit * credit)) fired.push('SHORT_STOP');
  if (atMost(cost, (1 - cfg.takeProfitShare) * credit)) fired.push('SHORT_TAKE_PROFIT');
  return fired;
}

/** The short leg as a Position, for evaluateShortRoll (which reads its contract and side). */
function shortLegPosition(p: ShortPremiumPosition): Position {
  const price = p.credit;
  return {
    id: p.id,
    contract: shortLegOf(p.structure).contract,
    side: 'short',
    tradeType: 'swing',
    direction: p.direction,
    qty: p.qty,
    initialQty: p.qty,
    entryPrice: price,
    entryTs: p.entryTs,
    entryUnderlying: p.entryUnderlying,
    peakOptionPrice: price,
    peakUnderlying: p.entryUnderlying,
    partialStage: 0,
  };
}

/**
 * At rolling.shortRollDte: roll when evaluateShortRoll approves (a spread's long following), else
 * close. With rolling.shortRolls off, a short due to roll is closed (SHORT_CLOSED_NOT_ROLLED).
 */
function atRollDte(p: ShortPremiumPosition, ctx: ShortExitContext, cfg: ShortExitConfig, cost: number | undefined): ShortPremiumExit {
  const withCost = cost === undefined ? {} : { costToClose: cost };
  if (!cfg.rolling.shortRolls) {
    const due = shortRollTriggers(shortLegOf(p.structure).contract, ctx, cfg);
    return { action: 'exit', reasons: due.ok ? [...due.value, 'SHORT_CLOSED_NOT_ROLLED'] : due.reasons, ...withCost };
  }
  const roll = evaluateShortRoll(shortLegPosition(p), ctx, cfg);
  if (!roll.ok) return { action: 'exit', reasons: roll.reasons, ...withCost };
  const long = longLegOf(p.structure);
  if (long === undefined) return { action: 'roll', reasons: roll.reasons, roll: { short: roll.value }, ...withCost };
  const expiry = roll.value.open.contract.expiry;
  const c = long.contract;
  const entry = ctx.chain.find((e) => e.contract.underlying === c.underlying && e.contract.right === c.right && e.contract.strike === c.strike && e.contract.expiry === expiry);
  const open = entry ? screenQuality(entry, 'swing', cfg, ctx.now) : undefined;
  if (!open?.scored || open.failed.length > 0) return { action: 'exit', reasons: [...roll.reasons, 'NO_LONG_ROLL_TARGET'], ...withCost };
  return { action: 'roll', reasons: roll.reasons, roll: { short: roll.value, long: { close: c.symbol, open: open.scored } }, ...withCost };
}

/**
 * The exit rules of a sold structure, in order:
 * 1. past expiry → settle (expirySettlement at spot, the underlying's close);
 * 2. expiry day → close a short leg ≥ $0.01 in the money before it is assigned (SHORT_EXPIRY_ITM),
 *    else hold it to expire worthless (SHORT_EXPIRES_OTM);
 * 3. on fresh quotes of every leg, the cost to close at the mids: SHORT_STOP when the loss reaches
 *    premium.stopMultipleOfCredit × credit, SHORT_TAKE_PROFIT when the cost is at most
 *    (1 − premium.takeProfitShare) × credit → exit;
 * 4. at rolling.shortRollDte (21) or less → evaluateShortRoll: its roll when approved, else exit
 *    with its reasons (SHORT_AT_ROLL_DTE with NOT_AT_RISK, or NO_ROLL_TARGET and why); with
 *    rolling.shortRolls off, exit (SHORT_CLOSED_NOT_ROLLED when it was due to roll);
 * 5. otherwise hold.
 */
export function evaluateShortPremiumExit(p: ShortPremiumPosition, ctx: ShortExitContext, cfg: ShortExitConfig): ShortPremiumExit {
  positive(ctx.spot, 'spot');
  finite(ctx.now, 'now');
  positive(p.credit, 'credit');
  if (wholeNonNegative(p.qty, 'qty') === 0) return { action: 'hold', reasons: ['POSITION_CLOSED'] };
  const dte = daysToExpiry(p.structure.expiry, ctx.now);
  if (dte < 0) return { action: 'settle', reasons: ['POSITION_EXPIRED'], settlement: expirySettlement(p.structure, ctx.spot) };
  const cost = costToClose(p.structure, ctx.chain, ctx.now, cfg.liquidity.maxQuoteAgeMs);
  const withCost = cost === undefined ? {} : { costToClose: cost };
  if (dte === 0) {
    const itm = atLeast(intrinsicValue(shortLegOf(p.structure).contract, ctx.spot), AUTO_EXERCISE_ITM);
    return itm ? { action: 'exit', reasons: ['SHORT_EXPIRY_ITM'], ...withCost } : { action: 'hold', reasons: ['SHORT_EXPIRES_OTM'], ...withCost };
  }
  const info: ShortExitReason[] = cost === undefined ? ['NO_STRUCTURE_QUOTE'] : [];
  const fired = cost === undefined ? [] : creditExits(p.credit, cost, cfg.premium);
  if (fired.length > 0) return { action: 'exit', reasons: fired, ...withCost };
  if (atMost(dte, cfg.rolling.shortRollDte)) return atRollDte(p, ctx, cfg, cost);
  return { action: 'hold', reasons: [...info, 'NO_EXIT_CONDITION'], ...withCost };
}
