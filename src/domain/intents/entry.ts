import type { SessionCalendar } from '../calendar/session-calendar.js';
import type { Rules, RiskConfig } from '../config/schema.js';
import type { Decision } from '../decision.js';
import { DomainError } from '../errors.js';
import type { Exposure } from '../portfolio/exposure.js';
import { fillGreeks, type MarketInputs } from '../selection/fill-greeks.js';
import { selectContract } from '../selection/select.js';
import type { ScoredContract, SelectionReason, ChainEntry } from '../selection/types.js';
import type { Signal } from '../signals/evaluate.js';
import type { Sizing, SizingReason } from '../sizing/index.js';
import { sizePosition } from '../sizing/index.js';
import type { OrderIntent } from '../values/order.js';
import { directionSign } from '../values/position.js';
import type { KellyStats } from '../values/stats.js';
import { buyToOpen } from './buy-order.js';
import { entryOrderId } from './ids.js';
import { limitPrice } from './limit-price.js';

export interface EntryInput {
  readonly signal: Signal;
  readonly chain: readonly ChainEntry[];
  readonly spot: number;
  /** ATR of the underlying in dollars (the feed's bars), when the ATR is initialized: the ATR sizing bound. */
  readonly atr?: number;
  readonly equity: number;
  readonly kelly?: KellyStats;
  readonly rates: Pick<MarketInputs, 'rate' | 'dividendYield'>;
  readonly now: number;
  /** The engine's session calendar, so selection counts the sessions to expiry as the exits do (default: NYSE rules). */
  readonly calendar?: SessionCalendar;
  readonly correlationId: string;
  /** Reasons that led here (the signal's notes), carried on the order. */
  readonly signalReasons: readonly string[];
}

export interface EntryOrder {
  readonly intent: OrderIntent;
  /** What the order adds to the portfolio if filled, keyed by its client order id. */
  readonly exposure: Exposure;
  readonly selected: ScoredContract;
  readonly sizing: Sizing;
}

/** Where the plan stopped, with that stage's reasons; or the order to send. */
export type EntryPlan =
  | { readonly stage: 'selection'; readonly decision: Decision<never, SelectionReason>; readonly rejected: number }
  | { readonly stage: 'sizing'; readonly decision: Decision<never, SizingReason>; readonly selected: ScoredContract }
  | { readonly stage: 'order'; readonly order: EntryOrder };

/**
 * From an approved signal to an opening order: fill missing greeks (Black-Scholes), select the
 * best contract, size it, price a limit order. Pure; the risk gate is the portfolio's call.
 */
export function planEntry(input: EntryInput, rules: Rules, risk: RiskConfig): EntryPlan {
  const { signal, spot, now } = input;
  const market = { spot, now, ...input.rates };
  const chain = input.chain.map((e) => fillGreeks(e, market));
  const selection = selectContract(
    chain,
    { underlying: signal.symbol, direction: signal.direction, tradeType: signal.tradeType, spot, now, ...(input.calendar === undefined ? {} : { calendar: input.calendar }) },
    { selection: rules.selection, liquidity: rules.liquidity },
  );
  if (!selection.decision.ok) return { stage: 'selection', decision: selection.decision, rejected: selection.rejected.length };
  const selected = selection.decision.value;
  const { contract, quote } = selected;
  const limit = limitPrice(quote, 'buy', rules.execution);
  const premium = rules.execution.orderType === 'limit' ? limit : quote.ask;
  const sizing = sizePosition(
    {
      equity: input.equity,
      premium,
      multiplier: contract.multiplier,
      tradeType: signal.tradeType,
      atr: input.atr,
      // The ATR bound's risk per contract moves with |Δ| (greeks filled above when the quote had none).
      delta: quote.greeks?.delta,
      kelly: input.kelly,
      // Scaling in: the entry buys the first tranche; the position adds the rest when the trade confirms.
      ...(rules.sizing.scaleIn.enabled ? { tranche: 'first' as const } : {}),
      // News sentiment scales the size within its band, aligned with the trade's side (never its direction).
      ...(signal.sentiment === undefined ? {} : { sentiment: { aligned: signal.sentiment * directionSign(signal.direction), weight: rules.signals.sentimentWeight } }),
    },
    rules.sizing,
    risk,
  );
  if (!sizing.ok) return { stage: 'sizing', decision: sizing, selected };
  const g = quote.greeks;
  if (g === undefined) throw new DomainError('MISSING_GREEKS', `selected contract ${contract.symbol} has no greeks`, 'greeks');
  const { intent, exposure } = buyToOpen(
    {
      clientOrderId: entryOrderId(signal.symbol, signal.ts),
      correlationId: input.correlationId,
      contract,
      qty: sizing.value.contracts,
      limit,
      premium,
      greeks: g,
      reasons: [...input.signalReasons, ...selected.reasons, ...sizing.reasons],
      now,
    },
    rules.execution,
  );
  return { stage: 'order', order: { intent, exposure, selected, sizing: sizing.value } };
}
