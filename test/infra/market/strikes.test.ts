import { describe, expect, it } from 'vitest';
import { strikeGrid, strikeSpacing } from '../../../src/infra/market/strikes.js';

describe('strikes', () => {
  it('spaces strikes by price level', () => {
    expect([12, 24.99, 25, 99, 150, 299, 300, 480].map(strikeSpacing)).toEqual([0.5, 0.5, 1, 1, 2.5, 2.5, 5, 5]);
  });

  it('lists grid strikes within the range of spot', () => {
    expect(strikeGrid(60, 0.05)).toEqual([57, 58, 59, 60, 61, 62, 63]);
    expect(strikeGrid(20.2, 0.05)).toEqual([19.5, 20, 20.5, 21]);
    expect(strikeGrid(151, 0.03)).toEqual([147.5, 150, 152.5, 155]);
  });
});
