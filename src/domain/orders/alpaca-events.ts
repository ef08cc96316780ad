import { DomainError } from '../errors.js';
import type { OrderEvent } from './lifecycle.js';

/** Every event name Alpaca sends on the trade_updates stream. */
export const ALPACA_TRADE_EVENTS = [
  'new',
  'accepted',
  'pending_new',
  'partial_fill',
  'fill',
  'canceled',
  'expired',
  'done_for_day',
  'replaced',
  'rejected',
  'pending_cancel',
  'pending_replace',
  'stopped',
  'calculated',
  'suspended',
  'order_replace_rejected',
  'order_cancel_rejected',
  'trade_bust',
  'trade_correct',
] as const;
export type AlpacaTradeEvent = (typeof ALPACA_TRADE_EVENTS)[number];

export class UnknownAlpacaEventError extends DomainError {
  override readonly name = 'UnknownAlpacaEventError';
  constructor(readonly event: string) {
    super('UNKNOWN_ALPACA_EVENT', `'${event}' is not an Alpaca trade_updates event`, 'event');
  }
}

function isAlpacaTradeEvent(name: string): name is AlpacaTradeEvent {
  return (ALPACA_TRADE_EVENTS as readonly string[]).includes(name);
}

/**
 * Maps an Alpaca trade_updates event name onto our order event. `accepted` and
 * `pending_new` mean Alpaca holds the order but the venue has not taken it: our order stays
 * pending until `new`. `replaced` ends the original order (its replacement is a new order).
 */
export function alpacaEventToOrderEvent(name: string): OrderEvent {
  if (!isAlpacaTradeEvent(name)) throw new UnknownAlpacaEventError(name);
  switch (name) {
    case 'new':
      return 'accepted';
    case 'partial_fill':
      return 'partially_filled';
    case 'fill':
      return 'filled';
    case 'canceled':
    case 'replaced':
      return 'canceled';
    case 'expired':
      return 'expired';
    case 'rejected':
      return 'rejected';
    case 'trade_bust':
    case 'trade_correct':
      return 'trade_adjusted';
    case 'accepted':
    case 'pending_new':
    case 'done_for_day':
    case 'pending_cancel':
    case 'pending_replace':
    case 'stopped':
    case 'calculated':
    case 'suspended':
    case 'order_replace_rejected':
    case 'order_cancel_rejected':
      return 'noted';
    default: {
      const unreachable: never = name;
      throw new UnknownAlpacaEventError(unreachable);
    }
  }
}
