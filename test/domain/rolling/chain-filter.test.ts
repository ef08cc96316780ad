import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/domain/config/index.js';
import { longRollChainFilter } from '../../../src/domain/rolling/long.js';
import { shortRollChainFilter } from '../../../src/domain/rolling/short.js';
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

describe('shortRollChainFilter: the chain a sold structure\'s roll is judged on', () => {
  const { rolling } = loadConfig({}).rules;
  const put = (strike: number) => makeContract({ underlying: 'XYZ', expiry: '2025-03-28', right: 'put', strike });

  it('its right, the legs\' strikes, expiries 30–60 days out (past the 21-day roll point)', () => {
    // Friday 2025-03-07 at 10:00 New York: 30 days later is 2025-04-06, 60 days 2025-05-06.
    const f = shortRollChainFilter([put(49), put(47)], Date.UTC(2025, 2, 7, 15), rolling);
    expect(f).toEqual({ right: 'put', expiryFrom: '2025-04-06', expiryTo: '2025-05-06', strikeMin: 47, strikeMax: 49 });
  });

  it('a window starting before the roll point starts the day after it instead', () => {
    // shortTargetDte 10–40 with shortRollDte 21: a target must have 22 days or more (2025-03-29 from 2025-03-07).
    const cfg = loadConfig({ rolling: { shortTargetDte: { min: 10, max: 40 } } }).rules.rolling;
    const f = shortRollChainFilter([put(49)], Date.UTC(2025, 2, 7, 15), cfg);
    expect([f.expiryFrom, f.expiryTo, f.strikeMin, f.strikeMax]).toEqual(['2025-03-29', '2025-04-16', 49, 49]);
  });
});
