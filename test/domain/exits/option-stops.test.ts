import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/domain/errors.js';
import { optionStopsFor } from '../../../src/domain/exits/option-stops.js';
import { cfg } from './fixtures.js';

describe('optionStopsFor', () => {
  it('sits at the narrow end (−25 % / +35 %) at the minimum DTE with no IV known', () => {
    const s = optionStopsFor({}, 7, undefined, cfg);
    expect(s.stopPct).toBeCloseTo(0.25, 12);
    expect(s.targetPct).toBeCloseTo(0.35, 12);
    expect(optionStopsFor({}, 0, undefined, cfg).stopPct).toBeCloseTo(0.25, 12);
  });

  it('sits at the wide end (−40 % / +80 %) at the maximum DTE and high IV', () => {
    const s = optionStopsFor({}, 60, 0.9, cfg);
    expect(s.stopPct).toBeCloseTo(0.4, 12);
    expect(s.targetPct).toBeCloseTo(0.8, 12);
  });

  it('interpolates linearly: halfway DTE with no IV is mid-band', () => {
    const s = optionStopsFor({}, 26, undefined, cfg);
    expect(s.t).toBeCloseTo(0.5, 12);
    expect(s.stopPct).toBeCloseTo(0.325, 12);
    expect(s.targetPct).toBeCloseTo(0.575, 12);
  });

  it('weights DTE and IV equally by default, and falls back to the entry IV', () => {
    expect(optionStopsFor({}, 7, 0.6, cfg).t).toBeCloseTo(0.5, 12);
    expect(optionStopsFor({ entryIv: 0.6 }, 7, undefined, cfg).t).toBeCloseTo(0.5, 12);
    expect(optionStopsFor({ entryIv: 0.6 }, 7, 0.15, cfg).t).toBeCloseTo(0, 12);
  });

  it('rejects a NaN DTE or a non-positive IV', () => {
    expect(() => optionStopsFor({}, Number.NaN, undefined, cfg)).toThrow(DomainError);
    expect(() => optionStopsFor({}, 10, 0, cfg)).toThrow(DomainError);
  });

  it('stays within the bands and widens with more DTE and more IV', () => {
    const dte = fc.integer({ min: -5, max: 400 });
    const iv = fc.double({ min: 0.01, max: 3, noNaN: true });
    fc.assert(
      fc.property(dte, dte, iv, iv, (d1, d2, v1, v2) => {
        const a = optionStopsFor({}, Math.min(d1, d2), Math.min(v1, v2), cfg);
        const b = optionStopsFor({}, Math.max(d1, d2), Math.max(v1, v2), cfg);
        for (const s of [a, b]) {
          expect(s.stopPct).toBeGreaterThanOrEqual(0.25 - 1e-12);
          expect(s.stopPct).toBeLessThanOrEqual(0.4 + 1e-12);
          expect(s.targetPct).toBeGreaterThanOrEqual(0.35 - 1e-12);
          expect(s.targetPct).toBeLessThanOrEqual(0.8 + 1e-12);
        }
        expect(b.stopPct).toBeGreaterThanOrEqual(a.stopPct - 1e-12);
        expect(b.targetPct).toBeGreaterThanOrEqual(a.targetPct - 1e-12);
      }),
    );
  });
});
