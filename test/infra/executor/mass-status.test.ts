import { describe, expect, it } from 'vitest';
import { BrokerUnavailableError } from '../../../src/actors/ports/broker.js';
import { massStatusOf } from '../../../src/infra/executor/mass-status.js';
import { settlementActivity, SimVenue } from '../../../src/infra/executor/sim-venue.js';
import { SimBroker } from '../../../src/infra/sim-broker/broker.js';
import { CALL, intent, NOW, quote } from '../sim-broker/fixtures.js';

function venue(): SimVenue {
  return new SimVenue(new SimBroker({ cash: 1e6, isOpen: () => true, config: { slippageTicks: 0 } }), () => quote(2.0, 2.1), () => NOW);
}

describe('massStatusOf', () => {
  it('stamps the status with the time before asking, looks each id up once, in the order asked', async () => {
    const v = venue();
    await v.submit(intent({ clientOrderId: 'th-SPY-1-open', qty: 1, limitPrice: 2.2 }));
    await v.submit(intent({ clientOrderId: 'th-SPY-2-open', qty: 2, limitPrice: 2.2 }));
    const asked: string[] = [];
    const lookup = v.lookup.bind(v);
    v.lookup = (id) => {
      asked.push(id);
      return lookup(id);
    };
    const status = await massStatusOf(v, { clientOrderIds: ['th-SPY-2-open', 'th-SPY-9-open', 'th-SPY-1-open', 'th-SPY-2-open'], since: 0 }, () => 42);
    expect(status.ts).toBe(42);
    expect(asked.sort()).toEqual(['th-SPY-1-open', 'th-SPY-2-open', 'th-SPY-9-open']);
    expect(status.orders.map((e) => [e.clientOrderId, e.status, e.cumQty])).toEqual([
      ['th-SPY-2-open', 'filled', 2],
      ['th-SPY-1-open', 'filled', 1],
    ]);
    // 1 + 2 calls bought at the ask, 2.10.
    expect(status.positions).toEqual([{ symbol: CALL.symbol, qty: 3, avgEntryPrice: 2.1 }]);
  });

  it('a failed look-up fails the whole status, and stops the look-ups not yet made', async () => {
    const v = venue();
    let lookups = 0;
    v.lookup = () => {
      lookups += 1;
      return Promise.reject(new BrokerUnavailableError('lookup: timed out'));
    };
    const ids = Array.from({ length: 100 }, (_, i) => `th-SPY-${i}-open`);
    await expect(massStatusOf(v, { clientOrderIds: ids, since: 0 }, () => NOW)).rejects.toThrow('lookup: timed out');
    expect(lookups).toBeLessThanOrEqual(8);
  });
});

describe('a settlement at expiry as the venue’s activity', () => {
  const base = { symbol: CALL.symbol, underlying: 'SPY', spot: 510, ts: NOW } as const;
  it('long in the money: exercised; short in the money: assigned; out of the money: expired — the position goes to zero', () => {
    expect(settlementActivity({ ...base, qty: 3, intrinsic: 10, cashFlow: 3000, outcome: 'settled_itm' })).toMatchObject({ kind: 'exercise', qty: -3, price: 10, symbol: CALL.symbol, ts: NOW });
    expect(settlementActivity({ ...base, qty: -2, intrinsic: 10, cashFlow: -2000, outcome: 'settled_itm' })).toMatchObject({ kind: 'assignment', qty: 2 });
    expect(settlementActivity({ ...base, qty: 1, intrinsic: 0, cashFlow: 0, outcome: 'expired_otm' })).toMatchObject({ kind: 'expiry', qty: -1 });
    expect(settlementActivity({ ...base, qty: 1, intrinsic: 0, cashFlow: 0, outcome: 'expired_otm' }).id).toBe(settlementActivity({ ...base, qty: 1, intrinsic: 0, cashFlow: 0, outcome: 'expired_otm' }).id);
  });
});
