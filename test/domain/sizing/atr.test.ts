import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/domain/config/index.js';
import { atrScale } from '../../../src/domain/sizing/atr.js';

const { sizing } = loadConfig({}).rules;

describe('atrScale', () => {
  it('is min(1, referenceAtrPct / (ATR% × factor))', () => {
    expect(atrScale(0.008, sizing.atr)).toBeCloseTo(0.25, 12);
    expect(atrScale(0, sizing.atr)).toBe(1);
    expect(atrScale(undefined, sizing.atr)).toBe(1);
  });
});
