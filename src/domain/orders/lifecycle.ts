import { approve, deny, type Decision } from '../decision.js';
import type { OrderStatus } from '../values/execution.js';

/** Every order status, in lifecycle order. */
export const ORDER_STATUSES = ['pending', 'accepted', 'partially_filled', 'filled', 'canceled', 'expired', 'rejected'] as const satisfies readonly OrderStatus[];

/**
 * What can happen to an order (past tense). `noted`: the broker reported something that
 * leaves our status unchanged (pending_cancel, done_for_day, …). `trade_adjusted`: a fill
 * was busted or corrected after the fact; the status stands and positions must be
 * reconciled with the broker, whose positions are the source of truth.
 */
export const ORDER_EVENTS = ['accepted', 'rejected', 'partially_filled', 'filled', 'canceled', 'expired', 'noted', 'trade_adjusted'] as const;
export type OrderEvent = (typeof ORDER_EVENTS)[number];

export const LIFECYCLE_REASONS = ['ILLEGAL_TRANSITION'] as const;
export type LifecycleReason = (typeof LIFECYCLE_REASONS)[number];

/** Statuses an order never leaves (only `noted` and `trade_adjusted` may still arrive). */
export const TERMINAL_STATUSES = ['filled', 'canceled', 'expired', 'rejected'] as const satisfies readonly OrderStatus[];

type Moves = Readonly<Partial<Record<OrderEvent, OrderStatus>>>;

/** The order lifecycle: status → event → next status. A missing entry is an illegal transition. */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, Moves>> = {
  pending: { accepted: 'accepted', rejected: 'rejected', canceled: 'canceled', noted: 'pending' },
  accepted: {
    partially_filled: 'partially_filled',
    filled: 'filled',
    canceled: 'canceled',
    expired: 'expired',
    rejected: 'rejected',
    noted: 'accepted',
  },
  partially_filled: {
    partially_filled: 'partially_filled',
    filled: 'filled',
    canceled: 'canceled',
    expired: 'expired',
    noted: 'partially_filled',
    trade_adjusted: 'partially_filled',
  },
  filled: { noted: 'filled', trade_adjusted: 'filled' },
  // A canceled or expired order may hold earlier partial fills, which can still be busted.
  canceled: { noted: 'canceled', trade_adjusted: 'canceled' },
  expired: { noted: 'expired', trade_adjusted: 'expired' },
  rejected: { noted: 'rejected' },
};

export function isTerminal(status: OrderStatus): boolean {
  return (TERMINAL_STATUSES as readonly OrderStatus[]).includes(status);
}

/** The next status after `event`, or ILLEGAL_TRANSITION: an illegal event is rejected, never applied. */
export function transition(status: OrderStatus, event: OrderEvent): Decision<OrderStatus, LifecycleReason> {
  const next = ORDER_TRANSITIONS[status][event];
  return next === undefined ? deny(['ILLEGAL_TRANSITION']) : approve(next);
}
