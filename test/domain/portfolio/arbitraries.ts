import fc from 'fast-check';
import type { Exposure } from '../../../src/domain/portfolio/exposure.js';
import type { PortfolioState } from '../../../src/domain/portfolio/state.js';

const SYMBOLS = ['SPY250117C00500000', 'SPY250117P00490000', 'QQQ250117C00420000', 'IWM250117P00200000', 'AAPL250117C00190000'];

/** A plausible exposure: a few contracts, option greeks in their real ranges. */
export function exposureArb(id: fc.Arbitrary<string>): fc.Arbitrary<Exposure> {
  return fc.record({
    id,
    underlying: fc.constant('SPY'),
    symbol: fc.constantFrom(...SYMBOLS),
    qty: fc.integer({ min: -8, max: 8 }),
    multiplier: fc.constant(100),
    delta: fc.double({ min: -1, max: 1, noNaN: true }),
    gamma: fc.double({ min: 0, max: 0.2, noNaN: true }),
    theta: fc.double({ min: -0.5, max: 0, noNaN: true }),
    vega: fc.double({ min: 0, max: 0.6, noNaN: true }),
    capitalAtRisk: fc.double({ min: 0, max: 6000, noNaN: true }),
  });
}

export const stateArb: fc.Arbitrary<PortfolioState> = fc
  .record({
    equity: fc.double({ min: 10_000, max: 500_000, noNaN: true }),
    positions: fc.array(exposureArb(fc.constant('')), { maxLength: 6 }),
    reservations: fc.array(exposureArb(fc.constant('')), { maxLength: 3 }),
  })
  .map(({ equity, positions, reservations }) => ({
    equity,
    positions: new Map(positions.map((p, i) => [`pos-${i}`, { ...p, id: `pos-${i}` }])),
    reservations: new Map(reservations.map((r, i) => [`th-res-${i}`, { ...r, id: `th-res-${i}` }])),
  }));

/** An incoming order, with an id that may collide with a pending reservation (a retry). */
export const orderExposureArb = exposureArb(fc.constantFrom('th-new', 'th-res-0'));

export function exposure(patch: Partial<Exposure> = {}): Exposure {
  return {
    id: 'pos-1',
    underlying: 'SPY',
    symbol: 'SPY250117C00500000',
    qty: 2,
    multiplier: 100,
    delta: 0.55,
    gamma: 0.04,
    theta: -0.12,
    vega: 0.2,
    capitalAtRisk: 500,
    ...patch,
  };
}
