import { describe, expect, it } from 'vitest';
import { clientOrderId, makeOrderIntent, type OrderIntent } from '../../../src/domain/values/order.js';

const intent: OrderIntent = {
  clientOrderId: clientOrderId(['SPY', '1700000000000', 'open']),
  correlationId: 'c1',
  underlying: 'SPY',
  symbol: 'SPY251219C00500000',
  side: 'buy',
  effect: 'open',
  qty: 3,
  type: 'limit',
  limitPrice: 2.5,
  timeInForce: 'day',
  reasons: ['MOMENTUM_BREAKOUT'],
  ts: 1_700_000_000_000,
};

describe('order intents', () => {
  it('makes deterministic client order ids', () => {
    expect(clientOrderId(['SPY', '1700000000000', 'open'])).toBe('th-SPY-1700000000000-open');
    expect(clientOrderId(['SPY', '1', 'open'])).toBe(clientOrderId(['SPY', '1', 'open']));
    expect(() => clientOrderId(['bad part'])).toThrow(/must match/);
    expect(() => clientOrderId(['x'.repeat(130)])).toThrow(/128/);
  });

  it('validates and freezes an intent', () => {
    const o = makeOrderIntent(intent);
    expect(Object.isFrozen(o)).toBe(true);
    expect(Object.isFrozen(o.reasons)).toBe(true);
  });

  it.each([
    [{ qty: 0 }, /qty must be >= 1/],
    [{ qty: 1.5 }, /whole number/],
    [{ limitPrice: undefined }, /needs a limit price/],
    [{ limitPrice: -1 }, /limitPrice must be > 0/],
    [{ clientOrderId: '' }, /1–128/],
  ])('rejects %j', (patch, message) => {
    expect(() => makeOrderIntent({ ...intent, ...patch })).toThrow(message);
  });
});
