import { describe, expect, it } from 'vitest';
import { hedgeIntent, hedgeLimitPrice } from '../../../src/domain/intents/hedge.js';
import { hedgeOrderId, hedgePositionId, isThetisOrderId, parseOrderId } from '../../../src/domain/intents/ids.js';
import { isShares } from '../../../src/domain/values/order.js';

const CFG = { enabled: true, targetShareOfCap: 0.5, limitCollarPct: 0.005 };

describe('hedge order ids', () => {
  it('are Thetis ids owned by the ticker’s one hedge position, opening (-h) or closing (-u)', () => {
    expect(hedgeOrderId('SPY', 1_733_752_800_000, 'open')).toBe('th-SPY-1733752800000-h');
    expect(hedgeOrderId('SPY', 1_733_752_800_000, 'close')).toBe('th-SPY-1733752800000-u');
    expect(isThetisOrderId('th-SPY-1733752800000-u')).toBe(true);
    expect(parseOrderId('th-SPY-1733752800000-h')).toEqual({ ticker: 'SPY', positionId: 'SPY-hedge', effect: 'open', role: 'hedge' });
    expect(parseOrderId('th-SPY-1733752800000-u')).toEqual({ ticker: 'SPY', positionId: hedgePositionId('SPY'), effect: 'close', role: 'hedge' });
  });
});

describe('hedgeIntent', () => {
  it('sells shares at a limit 0.5 % under the last price, rounded down to the cent', () => {
    // 500.00 × 0.995 = 497.50.
    const intent = hedgeIntent({ ticker: 'SPY', side: 'sell', effect: 'open', qty: 750, reasons: ['DELTA_HEDGE', 'NET_DELTA_OVER_CAP'] }, 500, 1000, 'SPY-1000', CFG);
    expect(intent).toEqual({
      clientOrderId: 'th-SPY-1000-h',
      correlationId: 'SPY-1000',
      underlying: 'SPY',
      symbol: 'SPY',
      side: 'sell',
      effect: 'open',
      qty: 750,
      type: 'limit',
      limitPrice: 497.5,
      timeInForce: 'day',
      reasons: ['DELTA_HEDGE', 'NET_DELTA_OVER_CAP'],
      ts: 1000,
    });
    expect(isShares(intent)).toBe(true);
  });

  it('buys at a limit above, rounded up to the cent', () => {
    // 123.45 × 1.005 = 124.06725 → 124.07; a sell: 123.45 × 0.995 = 122.83275 → 122.83.
    expect(hedgeLimitPrice(123.45, 'buy', 0.005)).toBe(124.07);
    expect(hedgeLimitPrice(123.45, 'sell', 0.005)).toBe(122.83);
    // No collar: the price itself; never below a cent.
    expect(hedgeLimitPrice(100, 'buy', 0)).toBe(100);
    expect(hedgeLimitPrice(0.004, 'sell', 0.005)).toBe(0.01);
    expect(() => hedgeLimitPrice(0, 'buy', 0.005)).toThrow();
  });
});
