import { describe, expect, it } from 'vitest';
import { Atr } from '../../../src/domain/indicators/atr.js';

describe('Atr (Wilder)', () => {
  it('matches a hand-computed series with period 3', () => {
    const atr = Atr.create(3);
    // TR1 = H − L = 1 (no previous close)
    expect(atr.update(10, 9, 9.5)).toBeUndefined();
    // TR2 = max(0.7, |10.5 − 9.5|, |9.8 − 9.5|) = 1.0
    expect(atr.update(10.5, 9.8, 10.2)).toBeUndefined();
    expect(atr.initialized).toBe(false);
    // TR3 = max(0.4, 0.2, 0.2) = 0.4; first ATR = (1 + 1 + 0.4) / 3 = 0.8
    expect(atr.update(10.4, 10.0, 10.1)).toBeCloseTo(0.8, 12);
    expect(atr.initialized).toBe(true);
    // TR4 = max(1.0, 0.1, |9.0 − 10.1| = 1.1) = 1.1; ATR = (0.8 × 2 + 1.1) / 3 = 0.9
    expect(atr.update(10.0, 9.0, 9.2)).toBeCloseTo(0.9, 12);
    // gap up: TR5 = max(0.2, |11 − 9.2| = 1.8, 1.6) = 1.8; ATR = (0.9 × 2 + 1.8) / 3 = 1.2
    expect(atr.update(11, 10.8, 10.9)).toBeCloseTo(1.2, 12);
  });

  it('restores mid-warm-up and continues identically', () => {
    const a = Atr.create(3);
    a.update(10, 9, 9.5);
    const b = Atr.restore(JSON.parse(JSON.stringify(a.snapshot())), 3);
    for (const [h, l, c] of [[10.5, 9.8, 10.2], [10.4, 10, 10.1], [10, 9, 9.2]] as const) {
      expect(b.update(h, l, c)).toBe(a.update(h, l, c));
    }
  });
});
