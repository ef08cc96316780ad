import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadSimBrokerConfig } from '../../../src/infra/sim-broker/config.js';
import { feesFor, fillCapacity, fillPrice } from '../../../src/infra/sim-broker/fills.js';
import { quote } from './fixtures.js';

const cfg = loadSimBrokerConfig();

describe('fill prices', () => {
  it('a limit buy does not fill while the ask is above the limit', () => {
    expect(fillPrice({ side: 'buy', type: 'limit', limitPrice: 1.99 }, quote(1.9, 2.0), cfg)).toBeUndefined();
  });

  it('a limit buy fills at the ask plus slippage, capped at the limit', () => {
    expect(fillPrice({ side: 'buy', type: 'limit', limitPrice: 2.1 }, quote(1.9, 2.0), cfg)).toBe(2.01);
    expect(fillPrice({ side: 'buy', type: 'limit', limitPrice: 2.0 }, quote(1.9, 2.0), cfg)).toBe(2.0);
  });

  it('a limit sell fills at the bid minus slippage, never below the limit', () => {
    expect(fillPrice({ side: 'sell', type: 'limit', limitPrice: 1.91 }, quote(1.9, 2.0), cfg)).toBeUndefined();
    expect(fillPrice({ side: 'sell', type: 'limit', limitPrice: 1.5 }, quote(1.9, 2.0), cfg)).toBe(1.89);
    expect(fillPrice({ side: 'sell', type: 'limit', limitPrice: 1.9 }, quote(1.9, 2.0), cfg)).toBe(1.9);
  });

  it('market orders fill at the far side plus slippage; a sell never reaches zero', () => {
    expect(fillPrice({ side: 'buy', type: 'market' }, quote(1.9, 2.0), cfg)).toBe(2.01);
    expect(fillPrice({ side: 'sell', type: 'market' }, quote(1.9, 2.0), cfg)).toBe(1.89);
    expect(fillPrice({ side: 'sell', type: 'market' }, quote(0.01, 0.05), cfg)).toBe(0.01);
  });

  it('property: slippage never crosses a limit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2000 }),
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 1, max: 2000 }),
        fc.integer({ min: 0, max: 20 }),
        (bidCents, spreadCents, limitCents, ticks) => {
          const c = loadSimBrokerConfig({ slippageTicks: ticks });
          const q = quote(bidCents / 100, (bidCents + spreadCents) / 100);
          const limit = limitCents / 100;
          const buy = fillPrice({ side: 'buy', type: 'limit', limitPrice: limit }, q, c);
          const sell = fillPrice({ side: 'sell', type: 'limit', limitPrice: limit }, q, c);
          expect(buy === undefined).toBe(q.ask > limit);
          expect(sell === undefined).toBe(q.bid < limit);
          if (buy !== undefined) expect(buy).toBeLessThanOrEqual(limit);
          if (sell !== undefined) expect(sell).toBeGreaterThanOrEqual(limit);
        },
      ),
    );
  });
});

describe('fill size and fees', () => {
  it('takes half the average minute volume, at least minFillQty', () => {
    expect(fillCapacity({ volume: 1560 }, cfg)).toBe(2); // 0.5 × 1560 / 390
    expect(fillCapacity({ volume: 0 }, cfg)).toBe(1);
    expect(fillCapacity({ volume: 1560 }, loadSimBrokerConfig({ maxFractionOfMinuteVolume: 1 }))).toBe(4);
  });

  it('charges commission, ORF and OCC per contract', () => {
    expect(feesFor(3, cfg)).toBe(0.12);
    expect(feesFor(3, loadSimBrokerConfig({ commissionPerContract: 0.65 }))).toBe(2.07);
  });
});
