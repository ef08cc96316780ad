import { describe, expect, it } from 'vitest';
import * as domain from '../../src/domain/index.js';

describe('domain public API', () => {
  it.each([
    'loadConfig',
    'rulesFor',
    'evaluateSignal',
    'selectContract',
    'fillGreeks',
    'checkLiquidity',
    'sizePosition',
    'evaluateExit',
    'evaluateRoll',
    'checkOrder',
    'blackScholes',
    'impliedVol',
    'parseOcc',
    'makeQuote',
    'planEntry',
    'planExit',
    'parseOrderId',
    'limitPrice',
  ])('exports %s as a function', (name) => {
    expect(typeof (domain as Record<string, unknown>)[name]).toBe('function');
  });

  it('exports the indicator classes and the reason code lists', () => {
    expect(typeof domain.FeatureEngine).toBe('function');
    expect(typeof domain.IvRankTracker).toBe('function');
    expect(domain.SIGNAL_REASONS).toContain('CHOP');
    expect(domain.LIQUIDITY_REASONS).toContain('SPREAD_TOO_WIDE');
    expect(domain.SIZING_REASONS).toContain('PREMIUM_TOO_EXPENSIVE');
    expect(domain.EXIT_REASONS).toContain('OPTION_STOP');
  });

  it('wires end to end: the default config sizes the seed example through the barrel', () => {
    const { rules, risk } = domain.loadConfig({});
    const sized = domain.sizePosition({ equity: 182_000, premium: 2.5, multiplier: 100, tradeType: 'day' }, rules.sizing, risk);
    expect(sized.ok && sized.value.contracts).toBe(3);
  });
});
