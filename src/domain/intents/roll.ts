import type { Rules, RiskConfig } from '../config/schema.js';
import { approve, deny, type Decision } from '../decision.js';
import type { Exposure } from '../portfolio/exposure.js';
import { sizePosition } from '../sizing/index.js';
import type { OptionContract } from '../values/contract.js';
import type { OrderIntent } from '../values/order.js';
import type { TradeType } from '../values/position.js';
import type { OptionQuote } from '../values/quote.js';
import type { KellyStats } from '../values/stats.js';
import { buyToOpen } from './buy-order.js';
import { entryOrderId } from './ids.js';
import { limitPrice } from './limit-price.js';

/** What every roll's open is planned with (a long's, `planRollOpen`, or a sold structure's, `planShortRollOpen`). */
export interface RollOpenBase {
  /** The contracts (structure units) the roll closed: the most it opens. */
  readonly closedQty: number;
  /** The bar the roll was decided on: the order's deterministic id. */
  readonly decidedAt: number;
  readonly equity: number;
  readonly atr?: number;
  readonly kelly?: KellyStats;
  readonly now: number;
  readonly correlationId: string;
  /** The roll's reasons (ROLL_OPEN and the plan's), carried on the order and the new position. */
  readonly reasons: readonly string[];
}

export interface RollOpenInput extends RollOpenBase {
  readonly contract: OptionContract;
  /** The target's current quote, greeks filled. */
  readonly quote: OptionQuote;
  readonly tradeType: TradeType;
}

export interface RollOpenOrder {
  readonly intent: OrderIntent;
  readonly exposure: Exposure;
}

/**
 * A roll's opening leg, as an entry is planned without its selection (the roll chose the
 * contract): a limit priced as an entry's, as many contracts as were closed or as sizing allows
 * now at the target's premium, whichever is less. Pure; the risk gate is the portfolio's call.
 */
export function planRollOpen(input: RollOpenInput, rules: Pick<Rules, 'execution' | 'sizing'>, risk: RiskConfig): Decision<RollOpenOrder, string> {
  const { contract, quote } = input;
  const g = quote.greeks;
  if (g === undefined) return deny(['ROLL_OPEN_NO_GREEKS']);
  const limit = limitPrice(quote, 'buy', rules.execution);
  const premium = rules.execution.orderType === 'limit' ? limit : quote.ask;
  const sizing = sizePosition(
    { equity: input.equity, premium, multiplier: contract.multiplier, tradeType: input.tradeType, atr: input.atr, delta: g.delta, kelly: input.kelly },
    rules.sizing,
    risk,
  );
  if (!sizing.ok) return deny(sizing.reasons);
  const qty = Math.min(input.closedQty, sizing.value.contracts);
  const reasons = [...input.reasons, ...(qty < input.closedQty ? ['ROLL_OPEN_SIZED_DOWN'] : []), ...sizing.reasons];
  const { intent, exposure } = buyToOpen(
    { clientOrderId: entryOrderId(contract.underlying, input.decidedAt), correlationId: input.correlationId, contract, qty, limit, premium, greeks: g, reasons, now: input.now },
    rules.execution,
  );
  return approve({ intent, exposure }, reasons);
}
