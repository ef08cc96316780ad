import { fillDelta, isNews } from '../../../domain/orders/progress.js';
import { makeStructure } from '../../../domain/premium/structure.js';
import { makeContract } from '../../../domain/values/contract.js';
import type { PremiumStructure } from '../../../domain/values/structure.js';
import { isTerminal, transition, ORDER_EVENTS, ORDER_STATUSES, type OrderEvent } from '../../../domain/orders/lifecycle.js';
import type { Execution, OrderStatus } from '../../../domain/values/execution.js';
import { makeOrderIntent, type OrderIntent, type OrderLeg } from '../../../domain/values/order.js';
import { legsSchema } from '../../nats/codec.js';
import type { EntryContext, StoredOrder } from '../../../actors/ports/order-store.js';
import { makeExposure } from '../../../domain/portfolio/exposure.js';
import type { ExecutionRow } from '../entities/execution.js';
import type { OrderIntentRow } from '../entities/order-intent.js';

/** Rows ↔ domain for orders, and the rule that moves an order forward. Pure: no I/O. */

export type IntentColumns = Omit<OrderIntentRow, 'id'>;

export function intentToRow(intent: OrderIntent, now: number, context?: EntryContext): IntentColumns {
  return {
    clientOrderId: intent.clientOrderId,
    correlationId: intent.correlationId,
    underlying: intent.underlying,
    symbol: intent.symbol,
    side: intent.side,
    effect: intent.effect,
    qty: intent.qty,
    type: intent.type,
    limitPrice: intent.limitPrice ?? null,
    timeInForce: intent.timeInForce,
    reasons: [...intent.reasons],
    ts: intent.ts,
    status: 'pending',
    cumQty: 0,
    avgFillPrice: null,
    published: false,
    publishedAt: null,
    updatedTs: now,
    entryContext: context === undefined ? null : JSON.parse(JSON.stringify(context)),
    legs: intent.legs === undefined ? null : intent.legs.map((l) => ({ symbol: l.symbol, side: l.side, ratio: l.ratio, positionIntent: l.positionIntent })),
  };
}

/** A row's entry context, checked as the domain builds one (a bad one is an error, never passed on). */
export function rowToContext(value: unknown, clientOrderId: string): EntryContext | undefined {
  if (value === null || value === undefined) return undefined;
  const c = value as Partial<EntryContext>;
  const bad = (why: string) => new StoredRowError(`order ${clientOrderId}: entry context ${why}`);
  if (typeof c !== 'object' || c.exposure === undefined) throw bad('has no exposure');
  if (typeof c.entryUnderlying !== 'number' || !(c.entryUnderlying > 0)) throw bad('has no positive underlying price');
  if (c.entryIv !== undefined && (typeof c.entryIv !== 'number' || !Number.isFinite(c.entryIv))) throw bad('has a bad implied volatility');
  const plan = c.scaleIn;
  if (plan !== undefined && !(Number.isInteger(plan.addQty) && plan.addQty > 0 && Number.isFinite(plan.budget) && plan.budget > 0)) throw bad('has a bad scale-in plan');
  let exposure;
  try {
    exposure = makeExposure(c.exposure);
  } catch (error) {
    throw bad(`has a bad exposure: ${error instanceof Error ? error.message : String(error)}`);
  }
  let structure;
  try {
    structure = c.structure === undefined ? undefined : structureOf(c.structure);
  } catch (error) {
    throw bad(`has a bad structure: ${error instanceof Error ? error.message : String(error)}`);
  }
  return {
    exposure,
    entryUnderlying: c.entryUnderlying,
    ...(c.entryIv === undefined ? {} : { entryIv: c.entryIv }),
    ...(plan === undefined ? {} : { scaleIn: { addQty: plan.addQty, budget: plan.budget } }),
    ...(structure === undefined ? {} : { structure }),
  };
}

export class StoredRowError extends Error {
  override readonly name = 'StoredRowError';
}

/** A row's legs, their shape checked (null: a single-leg order). */
function rowToLegs(value: unknown, clientOrderId: string): readonly OrderLeg[] | undefined {
  if (value === null || value === undefined) return undefined;
  const r = legsSchema.safeParse(value);
  if (!r.success) throw new StoredRowError(`order ${clientOrderId}: legs ${r.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  return r.data;
}

/** The intent a row holds, validated again as the domain builds one (a bad row is an error, never passed on). */
export function rowToIntent(row: IntentColumns): OrderIntent {
  if (row.timeInForce !== 'day') throw new StoredRowError(`order ${row.clientOrderId}: time in force '${row.timeInForce}' is not one Thetis sends`);
  const legs = rowToLegs(row.legs, row.clientOrderId);
  return makeOrderIntent({
    clientOrderId: row.clientOrderId,
    correlationId: row.correlationId,
    underlying: row.underlying,
    symbol: row.symbol,
    side: row.side,
    effect: row.effect,
    qty: row.qty,
    type: row.type,
    ...(row.limitPrice === null || row.limitPrice === undefined ? {} : { limitPrice: row.limitPrice }),
    timeInForce: 'day',
    reasons: row.reasons,
    ts: row.ts,
    ...(legs === undefined ? {} : { legs }),
  });
}

/** A status column's value, checked (the column is a plain string, see entities/order-intent.ts). */
export function orderStatus(value: string, clientOrderId: string): OrderStatus {
  if (!(ORDER_STATUSES as readonly string[]).includes(value)) throw new StoredRowError(`order ${clientOrderId}: unknown status '${value.slice(0, 32)}'`);
  return value as OrderStatus;
}

export function rowToStoredOrder(row: IntentColumns): StoredOrder {
  const context = rowToContext(row.entryContext, row.clientOrderId);
  return {
    intent: rowToIntent(row),
    status: orderStatus(row.status, row.clientOrderId),
    cumQty: row.cumQty,
    ...(row.avgFillPrice === null || row.avgFillPrice === undefined ? {} : { avgFillPrice: row.avgFillPrice }),
    published: row.published,
    ...(context === undefined ? {} : { context }),
  };
}

export function executionToRow(e: Execution): Omit<ExecutionRow, 'id'> {
  return {
    clientOrderId: e.clientOrderId,
    correlationId: e.correlationId,
    symbol: e.symbol,
    side: e.side,
    status: e.status,
    fillQty: e.fillQty,
    fillPrice: e.fillPrice ?? null,
    cumQty: e.cumQty,
    avgFillPrice: e.avgFillPrice ?? null,
    fees: e.fees,
    ts: e.ts,
    reason: e.reason ?? null,
  };
}

/** The progress columns of an order. */
export interface OrderProgressColumns {
  readonly status: OrderStatus;
  readonly cumQty: number;
  readonly avgFillPrice: number | null;
}

/**
 * Where `e` takes an order now at `row`, or undefined when it tells nothing new. Forward only:
 * more filled (the domain's `isNews`), the same filled and now final, or a lifecycle step with
 * nothing filled in between (pending → accepted). A terminal status is never left for a
 * non-terminal one: a fill that raced a cancel adds its contracts, the order stays canceled.
 */
export function advance(row: OrderProgressColumns, e: Execution): OrderProgressColumns | undefined {
  const final = isTerminal(row.status);
  const filledMore = e.cumQty > row.cumQty;
  const news = isNews({ cumQty: row.cumQty, final }, e) || (!final && e.cumQty === row.cumQty && isLifecycleStep(row.status, e.status));
  if (!news) return undefined;
  let status: OrderStatus = final && !isTerminal(e.status) ? row.status : e.status;
  // Contracts filled on an order reported only as pending or accepted: it is partially filled.
  if (e.cumQty > 0 && (status === 'pending' || status === 'accepted')) status = 'partially_filled';
  let avgFillPrice = row.avgFillPrice;
  if (filledMore) {
    if (e.avgFillPrice !== undefined) avgFillPrice = e.avgFillPrice;
    else {
      const known = { cumQty: row.cumQty, notional: (row.avgFillPrice ?? 0) * row.cumQty };
      avgFillPrice = (known.notional + fillDelta(known, e).notional) / e.cumQty;
    }
  }
  return { status, cumQty: filledMore ? e.cumQty : row.cumQty, avgFillPrice };
}

function isLifecycleStep(from: OrderStatus, to: OrderStatus): boolean {
  if (from === to || !isOrderEvent(to)) return false;
  const next = transition(from, to);
  return next.ok && next.value !== from;
}

function isOrderEvent(s: string): s is OrderEvent {
  return (ORDER_EVENTS as readonly string[]).includes(s);
}

/** A stored structure built again leg by leg (makeStructure checks the legs belong together). */
function structureOf(s: PremiumStructure): PremiumStructure {
  const [short, long] = s.legs.map((l) => makeContract({ underlying: l.contract.underlying, expiry: l.contract.expiry, right: l.contract.right, strike: l.contract.strike, multiplier: l.contract.multiplier }));
  if (short === undefined) throw new Error('no legs');
  return makeStructure(s.kind, short, long);
}
