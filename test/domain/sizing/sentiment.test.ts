import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/domain/config/index.js';
import { RISK_PCT_BANDS } from '../../../src/domain/config/sections/sizing.js';
import { sizePosition, type SizingInput } from '../../../src/domain/sizing/size.js';

// The % rule alone: the ATR bound (atr.test.ts, size.test.ts) is off here.
const { rules, risk } = loadConfig({ sizing: { atr: { enabled: false } } });
const cfg = rules.sizing;
// The seed's example: $182,000 equity, a $2.50 premium ($250 a contract), day 0.5 %, swing 1.0 %.
const seed: SizingInput = { equity: 182_000, premium: 2.5, multiplier: 100, tradeType: 'day' };

function sized(input: SizingInput) {
  const d = sizePosition(input, cfg, risk);
  if (!d.ok) throw new Error(`expected approval, got ${d.reasons.join(',')}`);
  return d;
}

describe('sizePosition: news sentiment scales the risk fraction within its band', () => {
  it('aligned +1 at weight 0.25: 0.5 % × 1.25 = 0.625 % → $1,137.50 → 4 contracts (3 without)', () => {
    const d = sized({ ...seed, sentiment: { aligned: 1, weight: 0.25 } });
    expect(d.value.riskPct).toBeCloseTo(0.00625, 15);
    expect(d.value).toMatchObject({ riskDollars: 1137.5, contracts: 4 });
    expect(d.reasons).toEqual(['RISK_PCT', 'SENTIMENT_SCALED_UP']);
  });

  it('aligned −1 at weight 0.25: 0.5 % × 0.75 = 0.375 % → $682.50 → 2 contracts', () => {
    const d = sized({ ...seed, sentiment: { aligned: -1, weight: 0.25 } });
    expect(d.value.riskPct).toBeCloseTo(0.00375, 15);
    expect(d.value).toMatchObject({ contracts: 2 });
    expect(d.value.riskDollars).toBeCloseTo(682.5, 9);
    expect(d.reasons).toEqual(['RISK_PCT', 'SENTIMENT_SCALED_DOWN']);
  });

  it('held to the day band: weight 1, +1 → 1 % clamped to 0.75 % ($1,365 → 5); −1 → 0 % clamped to 0.25 % ($455 → 1)', () => {
    const up = sized({ ...seed, sentiment: { aligned: 1, weight: 1 } });
    expect(up.value).toMatchObject({ riskPct: 0.0075, riskDollars: 1365, contracts: 5 });
    expect(up.reasons).toEqual(['RISK_PCT', 'SENTIMENT_SCALED_UP', 'SENTIMENT_BAND_LIMIT']);
    const down = sized({ ...seed, sentiment: { aligned: -1, weight: 1 } });
    expect(down.value).toMatchObject({ riskPct: 0.0025, riskDollars: 455, contracts: 1 });
    expect(down.reasons).toEqual(['RISK_PCT', 'SENTIMENT_SCALED_DOWN', 'SENTIMENT_BAND_LIMIT']);
  });

  it('swing: 1 % × (1 + 0.25 × 0.5) = 1.125 % → $2,047.50 → 8 before the hard cap, 5 after', () => {
    const d = sized({ ...seed, tradeType: 'swing', sentiment: { aligned: 0.5, weight: 0.25 } });
    expect(d.value).toMatchObject({ uncappedContracts: 8, contracts: 5 });
    expect(d.value.riskDollars).toBeCloseTo(2047.5, 9);
    expect(d.reasons).toEqual(['RISK_PCT', 'SENTIMENT_SCALED_UP', 'HARD_CAP']);
  });

  it('neutral sentiment leaves the size exactly as without news', () => {
    expect(sizePosition({ ...seed, sentiment: { aligned: 0, weight: 0.25 } }, cfg, risk)).toEqual(sizePosition(seed, cfg, risk));
    expect(sizePosition({ ...seed, sentiment: { aligned: 1, weight: 0 } }, cfg, risk)).toEqual(sizePosition(seed, cfg, risk));
  });

  it('refuses an aligned sentiment outside [-1, 1]', () => {
    expect(() => sizePosition({ ...seed, sentiment: { aligned: 1.5, weight: 0.25 } }, cfg, risk)).toThrow(/aligned sentiment/);
    expect(() => sizePosition({ ...seed, sentiment: { aligned: Number.NaN, weight: 0.25 } }, cfg, risk)).toThrow(/aligned sentiment/);
  });

  it('property: the risk fraction stays in the band, moves with the sign of aligned sentiment', () => {
    fc.assert(
      fc.property(fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom('day' as const, 'swing' as const), (aligned, weight, tradeType) => {
        const base = cfg.riskPct[tradeType];
        const d = sizePosition({ ...seed, premium: 0.5, tradeType, sentiment: { aligned, weight } }, cfg, risk);
        if (!d.ok) return;
        const band = RISK_PCT_BANDS[tradeType];
        expect(d.value.riskPct).toBeGreaterThanOrEqual(band.min);
        expect(d.value.riskPct).toBeLessThanOrEqual(band.max);
        if (aligned > 0) expect(d.value.riskPct).toBeGreaterThanOrEqual(base);
        if (aligned < 0) expect(d.value.riskPct).toBeLessThanOrEqual(base);
      }),
      { numRuns: 300 },
    );
  });
});
