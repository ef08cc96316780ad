import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/domain/config/index.js';
import { chainFilterFor, inChainFilter } from '../../../src/domain/selection/chain-filter.js';
import { dteReasons } from '../../../src/domain/selection/screen.js';
import { rightFor } from '../../../src/domain/selection/select.js';
import { daysToExpiry, DAY_MS, utcMsToIsoDate } from '../../../src/domain/values/time.js';

const cfg = loadConfig({}).rules.selection;
const now = Date.UTC(2025, 5, 10, 16, 0); // Tuesday

describe('chainFilterFor', () => {
  it('asks for the right, the DTE window and the ±2 % strike window', () => {
    expect(chainFilterFor({ underlying: 'SPY', direction: 'bearish', tradeType: 'day', spot: 500, now }, cfg)).toEqual({
      right: 'put',
      expiryFrom: '2025-06-13',
      expiryTo: '2025-06-16',
      strikeMin: 490,
      strikeMax: 510,
    });
  });

  it('never leaves out a contract selection could accept on right, DTE or strike', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('bullish' as const, 'bearish' as const),
        fc.constantFrom('day' as const, 'swing' as const),
        fc.integer({ min: 0, max: 70 }),
        fc.double({ min: 5, max: 1000, noNaN: true }),
        fc.double({ min: 0.9, max: 1.1, noNaN: true }),
        (direction, tradeType, days, spot, k) => {
          const strike = spot * k;
          const expiry = utcMsToIsoDate(now + days * DAY_MS);
          const f = chainFilterFor({ underlying: 'X', direction, tradeType, spot, now }, cfg);
          const acceptable =
            dteReasons(daysToExpiry(expiry, now), tradeType, cfg).filter((r) => r === 'DTE_OUT_OF_RANGE').length === 0 &&
            Math.abs(strike - spot) / spot < cfg.strikeWindowPct;
          if (acceptable) expect(inChainFilter({ right: rightFor(direction), expiry, strike }, f)).toBe(true);
        },
      ),
    );
  });
});
