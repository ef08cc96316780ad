import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/domain/config/index.js';
import { DomainError } from '../../../src/domain/errors.js';
import { deltaTarget, scoreContract } from '../../../src/domain/selection/score.js';

const cfg = loadConfig({}).rules.selection;

describe('contract score', () => {
  it('is the seed formula: 0.4·spread + 0.3·OI + 0.2·volume + 0.1·delta', () => {
    // spread 5 % of 10 % → 0.5; OI 600/1000 → 0.6; volume 250/500 → 0.5; |Δ| 0.40 vs 0.55 → 1 − 0.15/0.3 = 0.5
    const r = scoreContract({ spreadPct: 0.05, maxSpreadPct: 0.1, openInterest: 600, volume: 250, delta: -0.4 }, cfg);
    expect(r.parts).toEqual({ spread: 0.5, openInterest: 0.6, volume: 0.5, delta: expect.closeTo(0.5, 12) });
    expect(r.score).toBeCloseTo(0.4 * 0.5 + 0.3 * 0.6 + 0.2 * 0.5 + 0.1 * 0.5, 12);
  });

  it('rewards closeness to the centre of the delta band', () => {
    expect(deltaTarget(cfg)).toBeCloseTo(0.55);
    const at = (delta: number) => scoreContract({ spreadPct: 0, maxSpreadPct: 0.1, openInterest: 0, volume: 0, delta }, cfg).parts.delta;
    expect(at(0.55)).toBeCloseTo(1);
    expect(at(0.5)).toBeGreaterThan(at(0.45));
    expect(at(0.95)).toBe(0);
  });

  it('clamps each part: saturating OI and volume, spreads past the ceiling', () => {
    const r = scoreContract({ spreadPct: 0.3, maxSpreadPct: 0.1, openInterest: 1e6, volume: 1e6, delta: 0.55 }, cfg);
    expect(r.parts).toMatchObject({ spread: 0, openInterest: 1, volume: 1 });
  });

  it('handles a zero spread ceiling without dividing by zero', () => {
    expect(scoreContract({ spreadPct: 0, maxSpreadPct: 0, openInterest: 0, volume: 0, delta: 0.55 }, cfg).parts.spread).toBe(1);
    expect(scoreContract({ spreadPct: 0.01, maxSpreadPct: 0, openInterest: 0, volume: 0, delta: 0.55 }, cfg).parts.spread).toBe(0);
  });

  it('throws on NaN input instead of scoring it', () => {
    expect(() => scoreContract({ spreadPct: Number.NaN, maxSpreadPct: 0.1, openInterest: 0, volume: 0, delta: 0.5 }, cfg)).toThrow(DomainError);
  });

  it('always scores in [0, 1] with every part in [0, 1] (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1e7, noNaN: true }),
        fc.double({ min: 0, max: 1e7, noNaN: true }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        (spreadPct, maxSpreadPct, openInterest, volume, delta) => {
          const r = scoreContract({ spreadPct, maxSpreadPct, openInterest, volume, delta }, cfg);
          for (const x of [r.score, ...Object.values(r.parts)]) {
            expect(x).toBeGreaterThanOrEqual(0);
            expect(x).toBeLessThanOrEqual(1);
          }
        },
      ),
    );
  });
});
