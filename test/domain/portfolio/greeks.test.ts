import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/domain/errors.js';
import { portfolioGreeks } from '../../../src/domain/portfolio/greeks.js';
import { emptyPortfolio, reserve, upsertPosition } from '../../../src/domain/portfolio/state.js';
import { exposure } from './arbitraries.js';

describe('portfolioGreeks', () => {
  it('is zero for an empty book', () => {
    expect(portfolioGreeks(emptyPortfolio(100_000))).toEqual({
      netDeltaShares: 0, netGamma: 0, netTheta: 0, netVega: 0, capitalAtRisk: 0, capitalAtRiskPct: 0, openPositions: 0,
    });
  });

  it('sums qty × greek × multiplier over positions and reservations', () => {
    let s = upsertPosition(emptyPortfolio(100_000), exposure());
    s = upsertPosition(s, exposure({ id: 'pos-2', symbol: 'SPY250117P00490000', qty: -1, delta: -0.4, gamma: 0.03, theta: -0.1, vega: 0.18, capitalAtRisk: 1000 }));
    s = reserve(s, exposure({ id: 'th-a', qty: 1, capitalAtRisk: 250 }));
    const g = portfolioGreeks(s);
    expect(g.netDeltaShares).toBeCloseTo(2 * 55 + 40 + 55, 9); // 205 share equivalents
    expect(g.netGamma).toBeCloseTo(8 - 3 + 4, 9);
    expect(g.netTheta).toBeCloseTo(-24 + 10 - 12, 9); // dollars per day
    expect(g.netVega).toBeCloseTo(40 - 18 + 20, 9); // dollars per vol point
    expect(g.capitalAtRisk).toBe(1750);
    expect(g.capitalAtRiskPct).toBeCloseTo(0.0175, 12);
    expect(g.openPositions).toBe(2); // the reservation adds to a held symbol
  });

  it('rejects a state without positive equity', () => {
    expect(() => portfolioGreeks({ equity: 0, positions: new Map(), reservations: new Map() })).toThrow(DomainError);
  });
});
