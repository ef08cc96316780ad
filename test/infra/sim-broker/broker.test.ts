import { describe, expect, it } from 'vitest';
import { SimBroker, type SimBrokerOptions } from '../../../src/infra/sim-broker/broker.js';
import { CALL, intent, NOW, PUT, quote } from './fixtures.js';

function broker(options: Partial<SimBrokerOptions> = {}): SimBroker {
  return new SimBroker({ cash: 10_000, ...options });
}

/** A broker holding `qty` long calls bought at 2.01. */
function holding(qty: number): SimBroker {
  const b = broker();
  b.submit(intent({ qty }), quote(1.9, 2.0), NOW);
  return b;
}

describe('SimBroker fills', () => {
  it('accepts a limit buy that is not reached and leaves it resting', () => {
    const b = broker();
    const execs = b.submit(intent({ limitPrice: 1.95 }), quote(1.9, 2.0), NOW);
    expect(execs.map((e) => e.status)).toEqual(['accepted']);
    expect(b.cash()).toBe(10_000);
    expect(b.positions()).toEqual([]);
  });

  it('reports a resting order as it is (no reason) to a look-up and in the open orders; only a repeated submit says DUPLICATE_CLIENT_ORDER_ID', () => {
    const b = broker();
    const order = intent({ limitPrice: 1.95 });
    b.submit(order, quote(1.9, 2.0), NOW);
    expect(b.lookup(order.clientOrderId, NOW)?.reason).toBeUndefined();
    expect(b.openOrders(NOW).map((e) => [e.clientOrderId, e.status, e.reason])).toEqual([[order.clientOrderId, 'accepted', undefined]]);
    expect(b.submit(order, quote(1.9, 2.0), NOW)).toEqual([expect.objectContaining({ status: 'accepted', reason: 'DUPLICATE_CLIENT_ORDER_ID' })]);
  });

  it('fills a marketable limit buy at once, at the ask plus slippage, with fees', () => {
    const b = broker();
    const [accepted, fill] = b.submit(intent({ qty: 2, limitPrice: 2.1 }), quote(1.9, 2.0), NOW);
    expect(accepted?.status).toBe('accepted');
    expect(fill).toMatchObject({ status: 'filled', fillQty: 2, fillPrice: 2.01, cumQty: 2, fees: 0.08 });
    expect(b.cash()).toBeCloseTo(10_000 - 2 * 2.01 * 100 - 0.08, 6);
    expect(b.positions()).toEqual([{ contract: CALL, qty: 2, avgPrice: 2.01 }]);
  });

  it('fills a resting order when a later quote reaches its limit, never above the limit', () => {
    const b = broker();
    const order = intent({ limitPrice: 1.95 });
    b.submit(order, undefined, NOW);
    expect(b.onQuote(quote(1.9, 2.0), NOW + 60_000)).toEqual([]);
    expect(b.onQuote(quote(1.85, 1.95, { symbol: PUT.symbol }), NOW + 60_000)).toEqual([]);
    const [fill] = b.onQuote(quote(1.85, 1.95), NOW + 120_000);
    expect(fill).toMatchObject({ clientOrderId: order.clientOrderId, status: 'filled', fillPrice: 1.95, ts: NOW + 120_000 });
  });

  it('lists the contracts with a working order, until it fills or is canceled', () => {
    const b = broker();
    const call = intent({ limitPrice: 1.95 });
    const put = intent({ symbol: PUT.symbol, limitPrice: 1.5, clientOrderId: 'th-SPY-1-open' });
    b.submit(call, undefined, NOW);
    b.submit(put, undefined, NOW);
    b.submit(intent({ qty: 0, clientOrderId: 'th-SPY-2-open' }), undefined, NOW); // rejected: never working
    expect([...b.workingSymbols()]).toEqual([CALL.symbol, PUT.symbol]);
    b.onQuote(quote(1.85, 1.95), NOW + 60_000);
    expect([...b.workingSymbols()]).toEqual([PUT.symbol]);
    b.cancel(put.clientOrderId, NOW + 60_000);
    expect(b.workingSymbols().size).toBe(0);
  });

  it('sells at the bid minus slippage, never below the limit, and realises the cash', () => {
    const b = holding(2);
    const cashBefore = b.cash();
    expect(b.submit(intent({ side: 'sell', effect: 'close', limitPrice: 2.5 }), quote(2.4, 2.5), NOW)).toHaveLength(1);
    const [fill] = b.onQuote(quote(2.5, 2.6), NOW + 60_000);
    expect(fill).toMatchObject({ status: 'filled', fillPrice: 2.5, fillQty: 2 });
    expect(b.cash()).toBeCloseTo(cashBefore + 2 * 2.5 * 100 - 0.08, 6);
    expect(b.positions()).toEqual([]);
  });

  it('fills market orders at the far side plus slippage', () => {
    const b = broker();
    const [, buy] = b.submit(intent({ type: 'market', limitPrice: undefined }), quote(1.9, 2.0), NOW);
    expect(buy).toMatchObject({ status: 'filled', fillPrice: 2.01 });
    const [, sell] = b.submit(intent({ type: 'market', limitPrice: undefined, side: 'sell', effect: 'close' }), quote(1.9, 2.0), NOW);
    expect(sell).toMatchObject({ status: 'filled', fillPrice: 1.89 });
  });

  it('fills partially by the size rule, then the rest on later quotes', () => {
    const b = broker();
    const thin = (ts: number) => quote(1.9, 2.0, { volume: 1560, ts }); // 0.5 × 1560 / 390 = 2 per quote
    const [, first] = b.submit(intent({ qty: 5 }), thin(NOW), NOW);
    expect(first).toMatchObject({ status: 'partially_filled', fillQty: 2, cumQty: 2, fees: 0.08 });
    expect(b.onQuote(thin(NOW + 60_000), NOW + 60_000)).toMatchObject([{ status: 'partially_filled', fillQty: 2, cumQty: 4 }]);
    expect(b.onQuote(thin(NOW + 120_000), NOW + 120_000)).toMatchObject([{ status: 'filled', fillQty: 1, cumQty: 5, fees: 0.04 }]);
    expect(b.onQuote(thin(NOW + 180_000), NOW + 180_000)).toEqual([]);
    expect(b.orders()[0]).toMatchObject({ status: 'filled', cumQty: 5, avgFillPrice: 2.01 });
    expect(b.orders()[0]?.fees).toBeCloseTo(0.2, 9);
    expect(b.positions()[0]?.qty).toBe(5);
  });

  it('charges the configured commission on every fill', () => {
    const b = broker({ config: { commissionPerContract: 0.65 } });
    const [, fill] = b.submit(intent({ qty: 2 }), quote(1.9, 2.0), NOW);
    expect(fill?.fees).toBeCloseTo(2 * 0.69, 9);
  });

  it('values equity at marks, falling back to average cost', () => {
    const b = holding(2);
    expect(b.equity(() => 3)).toBeCloseTo(b.cash() + 2 * 3 * 100, 6);
    expect(b.equity(() => undefined)).toBeCloseTo(b.cash() + 2 * 2.01 * 100, 6);
    expect(JSON.parse(JSON.stringify(b.positions()))).toEqual(b.positions());
  });
});

describe('SimBroker idempotence', () => {
  it('answers a duplicate client order id with the existing order, never a second order', () => {
    const b = broker();
    const order = intent({ qty: 2 });
    b.submit(order, quote(1.9, 2.0), NOW);
    const cash = b.cash();
    const again = b.submit(order, quote(1.9, 2.0), NOW + 1);
    expect(again).toEqual([expect.objectContaining({ clientOrderId: order.clientOrderId, status: 'filled', fillQty: 0, cumQty: 2, fees: 0, reason: 'DUPLICATE_CLIENT_ORDER_ID' })]);
    expect(b.orders()).toHaveLength(1);
    expect(b.cash()).toBe(cash);
    expect(b.positions()[0]?.qty).toBe(2);
  });

  it('keeps a rejected order rejected on retry', () => {
    const b = broker();
    const order = intent({ qty: 0 });
    b.submit(order, undefined, NOW);
    expect(b.submit({ ...order, qty: 1 }, undefined, NOW)).toMatchObject([{ status: 'rejected', reason: 'DUPLICATE_CLIENT_ORDER_ID' }]);
    expect(b.orders()).toMatchObject([{ status: 'rejected', reason: 'QTY_NOT_POSITIVE' }]);
  });
});

describe('SimBroker rejects', () => {
  const saturday = Date.UTC(2025, 5, 14, 15, 0);
  const afterClose = Date.UTC(2025, 5, 11, 20, 30);
  it.each([
    ['a fractional quantity', intent({ qty: 1.5 }), NOW, 'QTY_NOT_WHOLE'],
    ['a zero quantity', intent({ qty: 0 }), NOW, 'QTY_NOT_POSITIVE'],
    ['a NaN quantity', intent({ qty: Number.NaN }), NOW, 'QTY_NOT_WHOLE,QTY_NOT_POSITIVE'],
    ['a limit order without a limit', intent({ limitPrice: undefined }), NOW, 'MISSING_LIMIT'],
    ['a zero limit', intent({ limitPrice: 0 }), NOW, 'LIMIT_NOT_POSITIVE'],
    ['a negative limit', intent({ limitPrice: -2 }), NOW, 'LIMIT_NOT_POSITIVE'],
    ['an order on a Saturday', intent(), saturday, 'MARKET_CLOSED'],
    ['an order after the close', intent(), afterClose, 'MARKET_CLOSED'],
    ['a symbol that is not OCC', intent({ symbol: 'SPY' }), NOW, 'UNKNOWN_CONTRACT'],
    ['a contract of another underlying', intent({ underlying: 'QQQ' }), NOW, 'UNKNOWN_CONTRACT'],
    ['an expired contract', intent(), Date.UTC(2025, 5, 23, 15, 0), 'CONTRACT_EXPIRED'],
    ['a market buy without a quote', intent({ type: 'market', limitPrice: undefined }), NOW, 'NO_QUOTE'],
    ['a buy beyond the cash', intent({ qty: 50 }), NOW, 'INSUFFICIENT_BUYING_POWER'],
    ['a sell without a position', intent({ side: 'sell', effect: 'close' }), NOW, 'INSUFFICIENT_POSITION'],
  ])('rejects %s', (_name, order, now, reason) => {
    const b = broker();
    expect(b.submit(order, undefined, now)).toEqual([expect.objectContaining({ status: 'rejected', fillQty: 0, cumQty: 0, reason })]);
    expect(b.cash()).toBe(10_000);
  });

  it('rejects a contract that is not listed', () => {
    const b = broker({ isListed: (s) => s !== CALL.symbol });
    expect(b.submit(intent(), undefined, NOW)).toMatchObject([{ status: 'rejected', reason: 'UNKNOWN_CONTRACT' }]);
    expect(b.submit(intent({ symbol: PUT.symbol }), undefined, NOW)).toMatchObject([{ status: 'accepted' }]);
  });

  it('counts resting orders against buying power and the position', () => {
    const b = broker({ cash: 500 });
    expect(b.submit(intent({ qty: 2, limitPrice: 1.5 }), undefined, NOW)).toMatchObject([{ status: 'accepted' }]);
    expect(b.submit(intent({ qty: 2, limitPrice: 1.5 }), undefined, NOW)).toMatchObject([{ reason: 'INSUFFICIENT_BUYING_POWER' }]);
    const h = holding(2);
    expect(h.submit(intent({ side: 'sell', qty: 2, limitPrice: 9 }), undefined, NOW)).toMatchObject([{ status: 'accepted' }]);
    expect(h.submit(intent({ side: 'sell', qty: 1, limitPrice: 9 }), undefined, NOW)).toMatchObject([{ reason: 'INSUFFICIENT_POSITION' }]);
  });

  it('throws when the quote is for another contract', () => {
    expect(() => broker().submit(intent(), quote(1.9, 2.0, { symbol: PUT.symbol }), NOW)).toThrow(/quote for/);
  });
});

describe('SimBroker cancel and day-order expiry', () => {
  it('cancels a working order, keeping its partial fill; finished or unknown orders give nothing', () => {
    const b = broker();
    const order = intent({ qty: 3 });
    b.submit(order, quote(1.9, 2.0, { volume: 0 }), NOW);
    expect(b.cancel(order.clientOrderId, NOW + 1)).toMatchObject([{ status: 'canceled', cumQty: 1, reason: 'CANCEL_REQUESTED' }]);
    expect(b.cancel(order.clientOrderId, NOW + 2)).toEqual([]);
    expect(b.cancel('th-unknown', NOW + 2)).toEqual([]);
    expect(b.onQuote(quote(1.9, 2.0), NOW + 3)).toEqual([]);
  });

  it('expires every working day order at the close', () => {
    const b = broker();
    const resting = intent({ limitPrice: 1.0 });
    const partial = intent({ qty: 3 });
    b.submit(resting, undefined, NOW);
    b.submit(partial, quote(1.9, 2.0, { volume: 0 }), NOW);
    const close = Date.UTC(2025, 5, 11, 20, 0);
    expect(b.endOfDay(close)).toMatchObject([
      { clientOrderId: resting.clientOrderId, status: 'expired', cumQty: 0, reason: 'DAY_ORDER_EXPIRED', ts: close },
      { clientOrderId: partial.clientOrderId, status: 'expired', cumQty: 1, reason: 'DAY_ORDER_EXPIRED' },
    ]);
    expect(b.endOfDay(close)).toEqual([]);
    expect(b.onQuote(quote(0.5, 0.6), NOW + 86_400_000)).toEqual([]);
  });
});

describe('SimBroker expiry settlement', () => {
  const expiryClose = Date.UTC(2025, 5, 20, 20, 0);
  function long(symbol: string): SimBroker {
    const b = broker();
    b.submit(intent({ symbol, qty: 2 }), quote(1.9, 2.0, { symbol }), NOW);
    return b;
  }
  it.each([
    ['an ITM call', CALL.symbol, 510, 10, 'settled_itm'],
    ['an OTM call', CALL.symbol, 490, 0, 'expired_otm'],
    ['an ITM put', PUT.symbol, 490, 10, 'settled_itm'],
    ['an OTM put', PUT.symbol, 510, 0, 'expired_otm'],
  ] as const)('settles %s at intrinsic value', (_name, symbol, spot, intrinsic, outcome) => {
    const b = long(symbol);
    const cash = b.cash();
    const [s] = b.settleExpiry('2025-06-20', () => spot, expiryClose);
    expect(s).toEqual({ symbol, underlying: 'SPY', qty: 2, spot, intrinsic, cashFlow: intrinsic * 100 * 2, outcome, ts: expiryClose });
    expect(b.cash()).toBeCloseTo(cash + intrinsic * 200, 6);
    expect(b.positions()).toEqual([]);
  });

  it('leaves other expiries alone and insists on endOfDay first', () => {
    const b = long(CALL.symbol);
    expect(b.settleExpiry('2025-06-27', () => 510, expiryClose)).toEqual([]);
    b.submit(intent({ side: 'sell', qty: 1, limitPrice: 9 }), undefined, NOW);
    expect(() => b.settleExpiry('2025-06-20', () => 510, expiryClose)).toThrow(/endOfDay/);
    b.endOfDay(expiryClose);
    expect(() => b.settleExpiry('2025-06-20', () => Number.NaN, expiryClose)).toThrow(/spot/);
    expect(b.settleExpiry('2025-06-20', () => 510, expiryClose)).toHaveLength(1);
  });
});
