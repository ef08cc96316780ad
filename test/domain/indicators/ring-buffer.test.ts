import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RingBuffer } from '../../../src/domain/indicators/ring-buffer.js';

describe('RingBuffer', () => {
  it('fills (evicting nothing: 0 leaves a running sum), then evicts the oldest value on each push', () => {
    const b = new RingBuffer(3);
    expect([b.push(1), b.push(2), b.push(3)]).toEqual([0, 0, 0]);
    expect(b.full).toBe(true);
    expect(b.push(4)).toBe(1);
    expect(b.toArray()).toEqual([2, 3, 4]);
    expect([b.fromNewest(0), b.fromNewest(2), b.fromNewest(3), b.oldest()]).toEqual([4, 2, undefined, 2]);
  });

  it('rejects a bad capacity', () => {
    expect(() => new RingBuffer(0)).toThrow(/capacity must be a whole number >= 1/);
    expect(() => new RingBuffer(1.5)).toThrow(/capacity/);
  });

  it('matches the last `capacity` values of the pushed sequence, and survives snapshot/restore', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(fc.integer(), { maxLength: 40 }), (cap, xs) => {
        const b = new RingBuffer(cap);
        for (const x of xs) b.push(x);
        expect(b.toArray()).toEqual(xs.slice(-cap));
        const r = RingBuffer.restore(JSON.parse(JSON.stringify(b.snapshot())), cap, 'x');
        expect(r.toArray()).toEqual(b.toArray());
        expect(r.push(7)).toEqual(b.push(7));
      }),
    );
  });

  it('refuses to restore into a different configured size', () => {
    const b = new RingBuffer(3);
    b.push(1);
    expect(() => RingBuffer.restore(b.snapshot(), 4, 'sma')).toThrow(/sma: saved window of 3/);
  });
});
