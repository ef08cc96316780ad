import type { AlpacaOrderStatus } from '../wire/order.js';

/** Reason codes the Alpaca adapter puts on Executions. */
export const ALPACA_REASONS = [
  /** 403 code 40310000 without a buying-power message: the account's options level does not allow the order. */
  'OPTIONS_LEVEL_NOT_PERMITTED',
  /** 403 whose message is about buying power (whatever the code). */
  'INSUFFICIENT_BUYING_POWER',
  /** Any other 403. */
  'BROKER_FORBIDDEN',
  /** 401: the keys were refused. */
  'BROKER_UNAUTHORIZED',
  /** 400, or a 422 other than a duplicate client order id, or an intent that cannot go on the wire. */
  'INVALID_ORDER',
  /** Another 4xx on submit. */
  'BROKER_REJECTED_REQUEST',
  /** The client order id was already at Alpaca: this is that order's state (no second order placed). */
  'DUPLICATE_CLIENT_ORDER_ID',
  /** The client order id was already at Alpaca for a different order (symbol, side or quantity): refused, the other order untouched. */
  'CLIENT_ORDER_ID_CONFLICT',
  /** Canceled at Alpaca (on our request or theirs: Alpaca does not say). */
  'BROKER_CANCELED',
  /** Replaced by another order. */
  'REPLACED',
  /** A day order the session close expired. */
  'DAY_ORDER_EXPIRED',
  /** Expired (not a day order). */
  'EXPIRED',
  /** Rejected by Alpaca or the venue after it was accepted. */
  'BROKER_REJECTED',
] as const;
export type AlpacaReason = (typeof ALPACA_REASONS)[number];

/** The reason an ended order carries (undefined while it works or once filled). */
export function reasonForStatus(status: AlpacaOrderStatus, timeInForce: string): AlpacaReason | undefined {
  switch (status) {
    case 'canceled':
      return 'BROKER_CANCELED';
    case 'replaced':
      return 'REPLACED';
    case 'expired':
      return timeInForce === 'day' ? 'DAY_ORDER_EXPIRED' : 'EXPIRED';
    case 'rejected':
      return 'BROKER_REJECTED';
    case 'new':
    case 'partially_filled':
    case 'filled':
    case 'done_for_day':
    case 'pending_cancel':
    case 'pending_replace':
    case 'accepted':
    case 'pending_new':
    case 'accepted_for_bidding':
    case 'stopped':
    case 'suspended':
    case 'calculated':
    case 'held':
      return undefined;
    default: {
      const unreachable: never = status;
      throw new Error(`unknown Alpaca order status '${String(unreachable)}'`);
    }
  }
}
