import type { OrderStatus } from '../../../domain/values/execution.js';
import type { AlpacaOrderStatus } from '../wire/order.js';

/** A working order's status from how much of it has filled. */
function working(filledQty: number, qty: number | undefined): OrderStatus {
  if (filledQty <= 0) return 'accepted';
  return qty !== undefined && filledQty >= qty ? 'filled' : 'partially_filled';
}

/**
 * Alpaca's order status as ours. `accepted`, `pending_new`, `accepted_for_bidding` and `held`:
 * Alpaca holds the order but the venue has not taken it, so pending (as the trade_updates
 * mapping says). Statuses that leave the order working at the venue (`pending_cancel`,
 * `pending_replace`, `done_for_day`, `stopped`, `calculated`, `suspended`) say nothing about
 * fills, so the filled quantity decides: accepted, partially filled, or filled. `replaced` ends
 * the order (its replacement is another order): canceled.
 */
export function toOrderStatus(status: AlpacaOrderStatus, filledQty: number, qty: number | undefined): OrderStatus {
  switch (status) {
    case 'accepted':
    case 'pending_new':
    case 'accepted_for_bidding':
    case 'held':
      return 'pending';
    case 'new':
    case 'pending_cancel':
    case 'pending_replace':
    case 'done_for_day':
    case 'stopped':
    case 'calculated':
    case 'suspended':
      return working(filledQty, qty);
    case 'partially_filled':
      return 'partially_filled';
    case 'filled':
      return 'filled';
    case 'canceled':
    case 'replaced':
      return 'canceled';
    case 'expired':
      return 'expired';
    case 'rejected':
      return 'rejected';
    default: {
      const unreachable: never = status;
      throw new Error(`unknown Alpaca order status '${String(unreachable)}'`);
    }
  }
}
