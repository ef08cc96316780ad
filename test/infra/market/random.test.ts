import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveSeed, hashUnit, mulberry32 } from '../../../src/infra/market/random.js';

describe('seeded randomness', () => {
  it('is deterministic by seed', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const c = mulberry32(8);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
  });

  it('draws uniforms in [0, 1) and integers in range', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const r = mulberry32(seed);
        for (let i = 0; i < 50; i += 1) {
          const u = r.next();
          const k = r.int(-2, 3);
          if (u < 0 || u >= 1 || k < -2 || k > 3 || !Number.isInteger(k)) return false;
        }
        return true;
      }),
    );
  });

  it('draws standard normals', () => {
    const r = mulberry32(1);
    const xs = Array.from({ length: 20_000 }, () => r.normal());
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(variance).toBeGreaterThan(0.95);
    expect(variance).toBeLessThan(1.05);
  });

  it('hashes keys to stable units and seeds', () => {
    expect(hashUnit('ALFA250620C00042000')).toBe(hashUnit('ALFA250620C00042000'));
    expect(hashUnit('a')).not.toBe(hashUnit('b'));
    expect(deriveSeed(1, 'ticker', 0)).not.toBe(deriveSeed(1, 'ticker', 1));
    const units = Array.from({ length: 1000 }, (_, i) => hashUnit(`k${i}`));
    expect(units.every((u) => u >= 0 && u < 1)).toBe(true);
    expect(units.filter((u) => u < 0.5).length).toBeGreaterThan(430);
  });
});
