import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyExecution, newOrderState, type OrderState } from '../../../src/domain/orders/state.js';
import type { Execution, OrderStatus } from '../../../src/domain/values/execution.js';

const base = newOrderState({ clientOrderId: 'th-SPY-1-open', correlationId: 'c1', symbol: 'SPY250620C00500000', side: 'buy', qty: 3, ts: 1 });

function exec(status: OrderStatus, fillQty: number, cumQty: number, extra: Partial<Execution> = {}): Execution {
  return { clientOrderId: base.clientOrderId, correlationId: 'c1', symbol: base.symbol, side: 'buy', status, fillQty, cumQty, fees: 0, ts: 2, ...extra };
}

function fold(state: OrderState, execs: readonly Execution[]): OrderState {
  return execs.reduce((s, e) => {
    const d = applyExecution(s, e);
    if (!d.ok) throw new Error(`denied ${d.reasons.join(',')}`);
    return d.value;
  }, state);
}

describe('order state reducer', () => {
  it('starts pending with nothing filled, and validates the quantity', () => {
    expect(base).toMatchObject({ status: 'pending', cumQty: 0, fees: 0, updatedTs: 1 });
    expect(base.avgFillPrice).toBeUndefined();
    expect(() => newOrderState({ ...base, qty: 0, ts: 1 })).toThrow(/qty/);
  });

  it('folds partial fills into cumQty, a volume-weighted average price and fees', () => {
    const s = fold(base, [
      exec('accepted', 0, 0),
      exec('partially_filled', 1, 1, { fillPrice: 2.0, fees: 0.04 }),
      exec('filled', 2, 3, { fillPrice: 2.3, fees: 0.08, ts: 5 }),
    ]);
    expect(s).toMatchObject({ status: 'filled', cumQty: 3, updatedTs: 5 });
    expect(s.avgFillPrice).toBeCloseTo(2.2, 10);
    expect(s.fees).toBeCloseTo(0.12, 10);
  });

  it('keeps the reason of a cancel after a partial fill', () => {
    const s = fold(base, [exec('accepted', 0, 0), exec('partially_filled', 2, 2, { fillPrice: 1 }), exec('canceled', 0, 2, { reason: 'CANCEL_REQUESTED' })]);
    expect(s).toMatchObject({ status: 'canceled', cumQty: 2, avgFillPrice: 1, reason: 'CANCEL_REQUESTED' });
  });

  it('rejects an overfill and changes nothing', () => {
    const accepted = fold(base, [exec('accepted', 0, 0)]);
    expect(applyExecution(accepted, exec('filled', 4, 4, { fillPrice: 1 }))).toEqual({ ok: false, reasons: ['OVERFILL'] });
  });

  it('rejects illegal transitions', () => {
    expect(applyExecution(base, exec('filled', 3, 3, { fillPrice: 1 }))).toEqual({ ok: false, reasons: ['ILLEGAL_TRANSITION'] });
    expect(applyExecution(base, exec('pending', 0, 0))).toEqual({ ok: false, reasons: ['ILLEGAL_TRANSITION'] });
    const filled = fold(base, [exec('accepted', 0, 0), exec('filled', 3, 3, { fillPrice: 1 })]);
    expect(applyExecution(filled, exec('canceled', 0, 3))).toEqual({ ok: false, reasons: ['ILLEGAL_TRANSITION'] });
  });

  it.each([
    ['a fill of zero', exec('partially_filled', 0, 0, { fillPrice: 1 })],
    ['a cumQty that disagrees', exec('partially_filled', 1, 2, { fillPrice: 1 })],
    ['"filled" short of the quantity', exec('filled', 2, 2, { fillPrice: 1 })],
    ['"partially_filled" completing the order', exec('partially_filled', 3, 3, { fillPrice: 1 })],
    ['a cancel carrying a fill', exec('canceled', 1, 1, { fillPrice: 1 })],
  ])('rejects %s as QTY_MISMATCH', (_name, e) => {
    expect(applyExecution(fold(base, [exec('accepted', 0, 0)]), e)).toEqual({ ok: false, reasons: ['QTY_MISMATCH'] });
  });

  it('rejects an execution for another order', () => {
    expect(applyExecution(base, exec('accepted', 0, 0, { clientOrderId: 'other' }))).toEqual({ ok: false, reasons: ['WRONG_ORDER'] });
  });

  it.each([
    [{ fillQty: 1.5, cumQty: 1.5, fillPrice: 1 }, /fillQty/],
    [{ fillQty: 1, cumQty: 1 }, /fillPrice/],
    [{ fillQty: 1, cumQty: 1, fillPrice: Number.NaN }, /fillPrice/],
    [{ fees: -1 }, /fees/],
  ])('throws on broken numbers %j', (patch, message) => {
    expect(() => applyExecution(base, exec('partially_filled', 0, 0, patch))).toThrow(message);
  });

  it('property: any sequence of executions never yields cumQty > qty, and denials change nothing', () => {
    const statuses: OrderStatus[] = ['pending', 'accepted', 'partially_filled', 'filled', 'canceled', 'expired', 'rejected'];
    const anyExec = fc.record({
      status: fc.constantFrom(...statuses),
      fillQty: fc.integer({ min: 0, max: 6 }),
      cumDelta: fc.integer({ min: -1, max: 1 }),
      fillPrice: fc.double({ min: 0.01, max: 50, noNaN: true }),
      fees: fc.double({ min: 0, max: 1, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(anyExec, { maxLength: 30 }), (qty, events) => {
        let s = newOrderState({ ...base, qty, ts: 0 });
        for (const e of events) {
          const cumQty = Math.max(0, s.cumQty + e.fillQty + e.cumDelta);
          const before = s;
          const d = applyExecution(s, exec(e.status, e.fillQty, cumQty, { fillPrice: e.fillPrice, fees: e.fees }));
          if (d.ok) s = d.value;
          else expect(s).toBe(before);
          expect(s.cumQty).toBeLessThanOrEqual(s.qty);
          if (s.status === 'filled') expect(s.cumQty).toBe(s.qty);
        }
      }),
    );
  });
});
