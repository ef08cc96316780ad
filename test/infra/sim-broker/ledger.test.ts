import { describe, expect, it } from 'vitest';
import { addFill, intrinsicValue } from '../../../src/infra/sim-broker/ledger.js';
import { CALL, PUT } from './fixtures.js';

describe('broker positions', () => {
  it('averages cost when adding, keeps it when reducing, and drops a closed position', () => {
    const one = addFill(undefined, CALL, 1, 2.0);
    const three = addFill(one, CALL, 2, 2.3);
    expect(three).toEqual({ contract: CALL, qty: 3, avgPrice: 2.2 });
    expect(addFill(three, CALL, -1, 5)).toEqual({ contract: CALL, qty: 2, avgPrice: 2.2 });
    expect(addFill(three, CALL, -3, 5)).toBeUndefined();
  });

  it('starts a flipped position at the fill price', () => {
    expect(addFill({ contract: CALL, qty: 1, avgPrice: 2 }, CALL, -3, 2.5)).toEqual({ contract: CALL, qty: -2, avgPrice: 2.5 });
  });

  it('computes intrinsic value for calls and puts, rejecting a bad spot', () => {
    expect(intrinsicValue(CALL, 512.5)).toBe(12.5);
    expect(intrinsicValue(CALL, 499)).toBe(0);
    expect(intrinsicValue(PUT, 480)).toBe(20);
    expect(intrinsicValue(PUT, 500)).toBe(0);
    expect(() => intrinsicValue(PUT, -1)).toThrow(/spot/);
  });
});
