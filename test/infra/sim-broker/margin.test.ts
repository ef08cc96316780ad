import { describe, expect, it } from 'vitest';
import { makeContract, type OptionContract } from '../../../src/domain/values/contract.js';
import { requirement } from '../../../src/infra/sim-broker/margin.js';

function book(...held: [OptionContract, number][]) {
  return new Map(held.map(([contract, qty]) => [contract.symbol, { contract, qty }]));
}
const put = (strike: number, expiry = '2025-06-20') => makeContract({ underlying: 'SPY', expiry, right: 'put', strike });
const call = (strike: number) => makeContract({ underlying: 'SPY', expiry: '2025-06-20', right: 'call', strike });
const noShares = () => 0;

describe('what option shorts hold', () => {
  it('a short put alone: strike × 100 a contract; a long put of its expiry below it: the width', () => {
    expect(requirement(book([put(500), -2]), noShares)).toEqual({ collateral: 100_000, nakedCalls: 0 }); // 2 × 500 × 100
    expect(requirement(book([put(500), -2], [put(490), 2]), noShares)).toEqual({ collateral: 2_000, nakedCalls: 0 }); // 2 × 10 × 100
    // one wing for two shorts: 10 × 100 + 500 × 100
    expect(requirement(book([put(500), -2], [put(490), 1]), noShares).collateral).toBe(51_000);
    // a long put above the short covers it fully; a long of another expiry covers nothing
    expect(requirement(book([put(500), -1], [put(505), 1]), noShares).collateral).toBe(0);
    expect(requirement(book([put(500), -1], [put(490, '2025-06-27'), 1]), noShares).collateral).toBe(50_000);
  });

  it('a short call: the width with a long call above it, nothing when covered by shares, else naked', () => {
    expect(requirement(book([call(500), -1], [call(510), 1]), noShares)).toEqual({ collateral: 1_000, nakedCalls: 0 });
    expect(requirement(book([call(500), -2]), noShares)).toEqual({ collateral: 0, nakedCalls: 2 });
    expect(requirement(book([call(500), -2]), () => 100)).toEqual({ collateral: 0, nakedCalls: 1 });
    expect(requirement(book([call(500), -2]), () => 200)).toEqual({ collateral: 0, nakedCalls: 0 });
  });
});
