import { approve, deny, type Decision } from '../decision.js';
import type { Execution, OrderStatus } from '../values/execution.js';
import { nonNegative, positive, wholeNonNegative, wholePositive } from '../values/numbers.js';
import type { OrderIntent, OrderSide } from '../values/order.js';
import { transition, type OrderEvent } from './lifecycle.js';

/** One order as the engine tracks it, folded from its Executions. Plain, serialisable data. */
export interface OrderState {
  readonly clientOrderId: string;
  readonly correlationId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly qty: number;
  readonly status: OrderStatus;
  readonly cumQty: number;
  /** Volume-weighted average fill price per share; undefined before the first fill. */
  readonly avgFillPrice?: number;
  /** Commissions and fees charged so far, dollars. */
  readonly fees: number;
  readonly updatedTs: number;
  /** The reason of the last reject, cancel or expiry. */
  readonly reason?: string;
}

export const ORDER_STATE_REASONS = ['ILLEGAL_TRANSITION', 'OVERFILL', 'WRONG_ORDER', 'QTY_MISMATCH'] as const;
export type OrderStateReason = (typeof ORDER_STATE_REASONS)[number];

/** A freshly submitted order: pending, nothing filled. */
export function newOrderState(intent: Pick<OrderIntent, 'clientOrderId' | 'correlationId' | 'symbol' | 'side' | 'qty' | 'ts'>): OrderState {
  wholePositive(intent.qty, 'qty');
  const { clientOrderId, correlationId, symbol, side, qty, ts } = intent;
  return Object.freeze({ clientOrderId, correlationId, symbol, side, qty, status: 'pending', cumQty: 0, fees: 0, updatedTs: ts });
}

/** The event an Execution reports: the one that leads to its status (none leads to `pending`). */
export function eventForStatus(status: OrderStatus): OrderEvent | undefined {
  return status === 'pending' ? undefined : status;
}

function isFill(status: OrderStatus): boolean {
  return status === 'partially_filled' || status === 'filled';
}

function checkNumbers(exec: Execution): void {
  wholeNonNegative(exec.fillQty, 'fillQty');
  wholeNonNegative(exec.cumQty, 'cumQty');
  nonNegative(exec.fees, 'fees');
  if (exec.fillQty > 0) positive(exec.fillPrice ?? Number.NaN, 'fillPrice');
}

/** Whether the status agrees with the quantity filled: `filled` completes the order, `partially_filled` does not. */
function statusFitsQty(status: OrderStatus, cumQty: number, qty: number): boolean {
  if (status === 'filled') return cumQty === qty;
  if (status === 'partially_filled') return cumQty < qty;
  return true;
}

/** Reasons an Execution's quantities do not fit the order (empty when they fit). */
function quantityProblems(state: OrderState, exec: Execution): OrderStateReason[] {
  const cumQty = state.cumQty + exec.fillQty;
  if (cumQty > state.qty) return ['OVERFILL'];
  const fillShapeOk = isFill(exec.status) ? exec.fillQty > 0 : exec.fillQty === 0;
  const fits = fillShapeOk && exec.cumQty === cumQty && statusFitsQty(exec.status, cumQty, state.qty);
  return fits ? [] : ['QTY_MISMATCH'];
}

/**
 * Applies one Execution to an order: the status must move along the lifecycle table, and the
 * fill must fit (never more than the order's quantity). A rejected Execution changes nothing.
 * Throws DomainError for broken numbers (NaN, negative, fractional contracts).
 */
export function applyExecution(state: OrderState, exec: Execution): Decision<OrderState, OrderStateReason> {
  checkNumbers(exec);
  if (exec.clientOrderId !== state.clientOrderId) return deny(['WRONG_ORDER']);
  const event = eventForStatus(exec.status);
  const moved = event === undefined ? deny(['ILLEGAL_TRANSITION'] as const) : transition(state.status, event);
  if (!moved.ok) return deny(moved.reasons);
  const problems = quantityProblems(state, exec);
  if (problems.length > 0) return deny(problems);
  const cumQty = state.cumQty + exec.fillQty;
  const avgFillPrice =
    exec.fillQty > 0 && exec.fillPrice !== undefined
      ? ((state.avgFillPrice ?? 0) * state.cumQty + exec.fillPrice * exec.fillQty) / cumQty
      : state.avgFillPrice;
  return approve(
    Object.freeze({
      ...state,
      status: moved.value,
      cumQty,
      ...(avgFillPrice === undefined ? {} : { avgFillPrice }),
      fees: state.fees + exec.fees,
      updatedTs: exec.ts,
      ...(exec.reason === undefined ? {} : { reason: exec.reason }),
    }),
  );
}
