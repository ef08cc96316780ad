import { describe, expect, it } from 'vitest';
import { ALPACA_TRADE_EVENTS, alpacaEventToOrderEvent, UnknownAlpacaEventError } from '../../../src/domain/orders/alpaca-events.js';
import type { OrderEvent } from '../../../src/domain/orders/lifecycle.js';

const EXPECTED: Record<(typeof ALPACA_TRADE_EVENTS)[number], OrderEvent> = {
  new: 'accepted',
  accepted: 'noted',
  pending_new: 'noted',
  partial_fill: 'partially_filled',
  fill: 'filled',
  canceled: 'canceled',
  expired: 'expired',
  done_for_day: 'noted',
  replaced: 'canceled',
  rejected: 'rejected',
  pending_cancel: 'noted',
  pending_replace: 'noted',
  stopped: 'noted',
  calculated: 'noted',
  suspended: 'noted',
  order_replace_rejected: 'noted',
  order_cancel_rejected: 'noted',
  trade_bust: 'trade_adjusted',
  trade_correct: 'trade_adjusted',
};

describe('alpacaEventToOrderEvent', () => {
  it('knows all 19 trade_updates events', () => {
    expect(ALPACA_TRADE_EVENTS).toHaveLength(19);
    expect(Object.keys(EXPECTED).sort()).toEqual([...ALPACA_TRADE_EVENTS].sort());
  });

  it.each(Object.entries(EXPECTED))('maps %s → %s', (name, event) => {
    expect(alpacaEventToOrderEvent(name)).toBe(event);
  });

  it.each(['', 'FILL', 'partially_filled', 'held'])('rejects unknown event %j with a typed error', (name) => {
    expect(() => alpacaEventToOrderEvent(name)).toThrow(UnknownAlpacaEventError);
    try {
      alpacaEventToOrderEvent(name);
    } catch (e) {
      expect(e).toMatchObject({ code: 'UNKNOWN_ALPACA_EVENT', event: name });
    }
  });
});
