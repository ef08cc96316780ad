import { describe, expect, it } from 'vitest';
import { longRollChainFilter } from '../../../src/domain/rolling/long.js';
import { makeContract } from '../../../src/domain/values/contract.js';

describe('longRollChainFilter: the chain a long\'s roll is judged on', () => {
  it('its right and expiry only, strikes around spot widened to the position\'s own', () => {
    const contract = makeContract({ underlying: 'SPY', expiry: '2025-03-14', right: 'call', strike: 490 });
    // Spot 510 ± 2 % = 499.8 … 520.2; the own strike 490 is below: the window starts there.
    const f = longRollChainFilter({ contract }, 510, { strikeWindowPct: 0.02 });
    expect(f).toEqual({ right: 'call', expiryFrom: '2025-03-14', expiryTo: '2025-03-14', strikeMin: 490, strikeMax: 520.2 });
  });

  it('a put whose strike is inside the window keeps the window as it is', () => {
    const contract = makeContract({ underlying: 'SPY', expiry: '2025-03-14', right: 'put', strike: 505 });
    // 500 × 0.98 = 490, 500 × 1.02 = 510: 505 is inside.
    const f = longRollChainFilter({ contract }, 500, { strikeWindowPct: 0.02 });
    expect(f.strikeMin).toBeCloseTo(490, 9);
    expect(f.strikeMax).toBeCloseTo(510, 9);
    expect(f.right).toBe('put');
  });
});
