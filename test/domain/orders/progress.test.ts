import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/domain/errors.js';
import { fillDelta, isNews, latestPerOrder, OrderProgressBook } from '../../../src/domain/orders/progress.js';

describe('order progress', () => {
  it('an execution is news when more filled, or the same filled and now final', () => {
    expect(isNews(undefined, { cumQty: 0, status: 'accepted' })).toBe(true);
    expect(isNews({ cumQty: 0, final: false }, { cumQty: 0, status: 'accepted' })).toBe(false);
    expect(isNews({ cumQty: 2, final: false }, { cumQty: 3, status: 'partially_filled' })).toBe(true);
    expect(isNews({ cumQty: 3, final: false }, { cumQty: 2, status: 'partially_filled' })).toBe(false);
    expect(isNews({ cumQty: 3, final: false }, { cumQty: 3, status: 'canceled' })).toBe(true);
    expect(isNews({ cumQty: 3, final: true }, { cumQty: 3, status: 'canceled' })).toBe(false);
  });

  it('the book passes each step of an order once, whatever the order they come in', () => {
    const book = new OrderProgressBook();
    const id = 'th-SPY-1-open';
    const steps = [
      { clientOrderId: id, cumQty: 0, status: 'accepted' as const },
      { clientOrderId: id, cumQty: 2, status: 'partially_filled' as const },
      { clientOrderId: id, cumQty: 5, status: 'filled' as const },
    ];
    // Delivered: accepted, filled, partial (late), filled (again), accepted (again).
    const seen = [steps[0], steps[2], steps[1], steps[2], steps[0]].map((e) => book.accept(e!));
    expect(seen).toEqual([true, true, false, false, false]);
  });

  it('forgets the oldest finished orders past its bound', () => {
    const book = new OrderProgressBook(2);
    for (const id of ['a', 'b', 'c']) book.accept({ clientOrderId: id, cumQty: 1, status: 'filled' });
    expect(book.accept({ clientOrderId: 'a', cumQty: 1, status: 'filled' })).toBe(true); // forgotten
    expect(book.accept({ clientOrderId: 'c', cumQty: 1, status: 'filled' })).toBe(false);
  });

  it('fillDelta works the new contracts and their cost out of the cumulative average price', () => {
    // 2 filled at 1.00 known; now 5 at an average of 1.06: 3 more costing 5 × 1.06 − 2 = 3.30 (1.10 each).
    const d = fillDelta({ cumQty: 2, notional: 2 }, { cumQty: 5, avgFillPrice: 1.06, fillQty: 0 });
    expect(d.qty).toBe(3);
    expect(d.notional).toBeCloseTo(3.3, 12);
    expect(fillDelta({ cumQty: 5, notional: 5.3 }, { cumQty: 5, avgFillPrice: 1.06, fillQty: 0 })).toEqual({ qty: 0, notional: 0 });
    expect(fillDelta({ cumQty: 0, notional: 0 }, { cumQty: 2, fillQty: 2, fillPrice: 1.5 })).toEqual({ qty: 2, notional: 3 });
    expect(() => fillDelta({ cumQty: 0, notional: 0 }, { cumQty: 2, fillQty: 0 })).toThrow(DomainError);
  });
});

describe('latestPerOrder', () => {
  it("keeps each order's last execution, with the fees of all", () => {
    const base = { correlationId: 'c', symbol: 'SPY250620C00500000', side: 'buy' as const, ts: 1 };
    const out = latestPerOrder([
      { ...base, clientOrderId: 'a', status: 'accepted', fillQty: 0, cumQty: 0, fees: 0 },
      { ...base, clientOrderId: 'a', status: 'partially_filled', fillQty: 1, fillPrice: 2, cumQty: 1, avgFillPrice: 2, fees: 0.65 },
      { ...base, clientOrderId: 'b', status: 'rejected', fillQty: 0, cumQty: 0, fees: 0 },
      { ...base, clientOrderId: 'a', status: 'filled', fillQty: 2, fillPrice: 2.3, cumQty: 3, avgFillPrice: 2.2, fees: 1.3 },
    ]);
    expect(out.map((e) => [e.clientOrderId, e.status, e.cumQty, e.avgFillPrice])).toEqual([
      ['a', 'filled', 3, 2.2],
      ['b', 'rejected', 0, undefined],
    ]);
    expect(out[0]?.fees).toBeCloseTo(1.95, 12);
  });
});
