import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ring, ringOf, ringPush, ringState, ringValues } from '../../../src/domain/indicators/ring-buffer.js';

describe('ring', () => {
  it('fills, then evicts the oldest value on each push', () => {
    const r = ring(3);
    [1, 2, 3].forEach((x) => ringPush(r, x));
    expect([ringValues(r), r.count]).toEqual([[1, 2, 3], 3]);
    ringPush(r, 4);
    expect([ringValues(r), r.count]).toEqual([[2, 3, 4], 3]);
  });

  it('rejects a bad capacity', () => {
    expect(() => ring(0)).toThrow(/capacity must be a whole number >= 1/);
    expect(() => ring(1.5)).toThrow(/capacity/);
  });

  it('matches the last `capacity` values of the pushed sequence, and survives snapshot/restore', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(fc.integer(), { maxLength: 40 }), (cap, xs) => {
        const r = ring(cap);
        for (const x of xs) ringPush(r, x);
        expect(ringValues(r)).toEqual(xs.slice(-cap));
        const restored = ringOf(JSON.parse(JSON.stringify(ringState(r))), cap, 'x');
        expect(ringValues(restored)).toEqual(ringValues(r));
        ringPush(restored, 7);
        ringPush(r, 7);
        expect(ringValues(restored)).toEqual(ringValues(r));
      }),
    );
  });

  it('refuses to restore into a different configured size', () => {
    const r = ring(3);
    ringPush(r, 1);
    expect(() => ringOf(ringState(r), 4, 'sma')).toThrow(/sma: saved window of 3 \(1 values\) does not fit configured 4/);
  });
});
