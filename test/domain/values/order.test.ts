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

  describe('multi-leg orders (a credit spread)', () => {
    // A bull put spread: sell the 495 put, buy the 490 put, one of each per unit, for a net credit of $1.20.
    const spread: OrderIntent = {
      ...intent,
      symbol: 'SPY251219P00495000',
      side: 'sell',
      limitPrice: 1.2,
      legs: [
        { symbol: 'SPY251219P00495000', side: 'sell', ratio: 1, positionIntent: 'sell_to_open' },
        { symbol: 'SPY251219P00490000', side: 'buy', ratio: 1, positionIntent: 'buy_to_open' },
      ],
    };

    it('keeps its legs, frozen', () => {
      const o = makeOrderIntent(spread);
      expect(o.legs?.map((l) => l.symbol)).toEqual(['SPY251219P00495000', 'SPY251219P00490000']);
      expect(Object.isFrozen(o.legs)).toBe(true);
      expect(Object.isFrozen(o.legs?.[0])).toBe(true);
    });

    it.each([
      [{ legs: [spread.legs?.[0]] }, /2–4 legs, got 1/],
      [{ symbol: 'SPY251219P00490000' }, /its first leg's \(SPY251219P00495000\)/],
      [{ legs: [spread.legs?.[0], { ...spread.legs?.[1], ratio: 0 }] }, /legs.ratio must be >= 1/],
      [{ legs: [spread.legs?.[0], { ...spread.legs?.[1], positionIntent: 'sell_to_open' }] }, /does not match side buy/],
      [{ legs: [spread.legs?.[0], spread.legs?.[0]] }, /names a contract twice/],
    ])('rejects %j', (patch, message) => {
      expect(() => makeOrderIntent({ ...spread, ...(patch as Partial<OrderIntent>) })).toThrow(message);
    });
  });
});
