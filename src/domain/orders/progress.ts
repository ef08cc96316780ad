import { DomainError } from '../errors.js';
import type { Execution } from '../values/execution.js';
import type { OrderIntent } from '../values/order.js';
import { isTerminal } from './lifecycle.js';

/** How far an order has come, as far as its executions told: what a later one must beat to be news. */
export interface OrderProgress {
  readonly cumQty: number;
  readonly final: boolean;
}

/**
 * Whether an execution tells something new about its order: more filled, or the same filled and
 * now final. A duplicate (a redelivery, a replay, a look-up's snapshot of what was already told)
 * or an older one arriving late is not news, so applying executions stays idempotent whatever
 * the transport does to their order.
 */
export function isNews(seen: OrderProgress | undefined, e: Pick<Execution, 'cumQty' | 'status'>): boolean {
  if (seen === undefined) return true;
  if (e.cumQty !== seen.cumQty) return e.cumQty > seen.cumQty;
  return !seen.final && isTerminal(e.status);
}

/**
 * The progress of every order an engine hears of. Finished orders are remembered up to `maxFinal`
 * (the oldest forgotten first), long past any redelivery.
 */
export class OrderProgressBook {
  private readonly live = new Map<string, OrderProgress>();
  private readonly finished = new Map<string, OrderProgress>();

  constructor(private readonly maxFinal = 100_000) {}

  /** Records the execution and says whether it was news (only then is it passed on). */
  accept(e: Pick<Execution, 'clientOrderId' | 'cumQty' | 'status'>): boolean {
    const id = e.clientOrderId;
    const seen = this.live.get(id) ?? this.finished.get(id);
    if (!isNews(seen, e)) return false;
    const progress: OrderProgress = { cumQty: e.cumQty, final: isTerminal(e.status) };
    if (!progress.final) {
      this.live.set(id, progress);
      return true;
    }
    this.live.delete(id);
    this.finished.set(id, progress);
    if (this.finished.size > this.maxFinal) this.finished.delete(this.finished.keys().next().value as string);
    return true;
  }
}

/**
 * What an execution adds to an order known up to `cumQty` contracts costing `notional` (price per
 * share × contracts): the contracts newly filled and what they cost, worked out from the order's
 * cumulative quantity and average price, so a duplicate, a late one or a look-up's snapshot adds
 * exactly what it should (nothing, or the fills missed in between).
 */
export function fillDelta(known: { readonly cumQty: number; readonly notional: number }, e: Pick<Execution, 'cumQty' | 'avgFillPrice' | 'fillPrice' | 'fillQty'>): { qty: number; notional: number } {
  const qty = Math.max(0, e.cumQty - known.cumQty);
  if (qty === 0) return { qty: 0, notional: 0 };
  if (e.avgFillPrice !== undefined) return { qty, notional: e.avgFillPrice * e.cumQty - known.notional };
  if (e.fillPrice !== undefined && e.fillQty === qty) return { qty, notional: e.fillPrice * qty };
  throw new DomainError('FILL_WITHOUT_PRICE', `an execution filled ${qty} more contracts without an average price`, 'avgFillPrice');
}

/**
 * One execution per order from a batch of them (a broker's answer to one command: accepted, then
 * filled): each order's last, carrying the fees of all. Executions are cumulative, so the last says
 * everything the others did.
 */
export function latestPerOrder(executions: readonly Execution[]): Execution[] {
  if (executions.length < 2) return [...executions];
  const out = new Map<string, Execution>();
  for (const e of executions) {
    const before = out.get(e.clientOrderId);
    out.set(e.clientOrderId, before === undefined || before.fees === 0 ? e : { ...e, fees: before.fees + e.fees });
  }
  return [...out.values()];
}

/** An order that ended without reaching the broker (refused on the way): its one execution, nothing filled. */
export function endedUnplaced(intent: Pick<OrderIntent, 'clientOrderId' | 'correlationId' | 'symbol' | 'side' | 'ts'>, status: 'rejected' | 'canceled', reason: string): Execution {
  const { clientOrderId, correlationId, symbol, side, ts } = intent;
  return { clientOrderId, correlationId, symbol, side, status, fillQty: 0, cumQty: 0, fees: 0, ts, reason };
}
