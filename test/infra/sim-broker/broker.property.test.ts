import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SimBroker } from '../../../src/infra/sim-broker/broker.js';
import type { Execution } from '../../../src/domain/values/execution.js';
import { intent, NOW, quote } from './fixtures.js';

const step = fc.oneof(
  fc.record({ kind: fc.constant('quote' as const), bid: fc.integer({ min: 1, max: 400 }), spread: fc.integer({ min: 0, max: 30 }), volume: fc.integer({ min: 0, max: 5000 }) }),
  fc.record({ kind: fc.constant('order' as const), side: fc.constantFrom('buy' as const, 'sell' as const), qty: fc.integer({ min: 1, max: 6 }), limit: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ kind: fc.constant('close' as const) }),
);

/**
 * Little cash: a 2-lot at $2.50 already costs $500 (2 × 2.50 × 100) and an order up to 6 × $4.00 ×
 * 100 = $2,400, so buys past the cash left (resting buys included) come often and the broker must
 * refuse them for cash to stay ≥ 0 (with $50,000 the check could not fail).
 */
const START_CASH = 500;

describe('SimBroker invariants', () => {
  it('property: fills respect limits and quantities, and cash and positions agree with the fills', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const b = new SimBroker({ cash: START_CASH });
        const limits = new Map<string, { side: string; limit: number }>();
        const execs: Execution[] = [];
        steps.forEach((s, i) => {
          const now = NOW + i * 60_000;
          if (s.kind === 'quote') execs.push(...b.onQuote(quote(s.bid / 100, (s.bid + s.spread) / 100, { volume: s.volume, ts: now }), now));
          else if (s.kind === 'close') execs.push(...b.endOfDay(now));
          else {
            const o = intent({ side: s.side, effect: s.side === 'buy' ? 'open' : 'close', qty: s.qty, limitPrice: s.limit / 100 });
            limits.set(o.clientOrderId, { side: s.side, limit: s.limit / 100 });
            execs.push(...b.submit(o, undefined, now));
          }
        });
        let held = 0;
        let cash = START_CASH;
        for (const e of execs.filter((x) => x.fillQty > 0)) {
          const { side, limit } = limits.get(e.clientOrderId) ?? { side: '?', limit: Number.NaN };
          if (side === 'buy') expect(e.fillPrice).toBeLessThanOrEqual(limit);
          else expect(e.fillPrice).toBeGreaterThanOrEqual(limit);
          const signed = side === 'buy' ? e.fillQty : -e.fillQty;
          held += signed;
          cash -= signed * (e.fillPrice ?? 0) * 100 + e.fees;
          expect(held).toBeGreaterThanOrEqual(0);
        }
        for (const o of b.orders()) expect(o.cumQty).toBeLessThanOrEqual(o.qty);
        expect(b.positions().reduce((n, p) => n + p.qty, 0)).toBe(held);
        expect(b.cash()).toBeCloseTo(cash, 4);
        expect(b.cash()).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});
