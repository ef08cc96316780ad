import { describe, expect, it } from 'vitest';
import { ConfigError, deepMerge, loadConfig, rulesFor } from '../../../src/domain/config/index.js';

function problemsOf(input: unknown): readonly string[] {
  try {
    loadConfig(input);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error('expected the config to be rejected');
}

describe('config', () => {
  it('fills every seed default from an empty config', () => {
    const c = loadConfig({});
    expect(c.rules.liquidity).toMatchObject({ maxSpreadPct: { day: 0.08, swing: 0.1 }, minOpenInterest: 500, minVolume: 200, minPremium: 0.3 });
    expect(c.rules.sizing.riskPct).toEqual({ day: 0.005, swing: 0.01 });
    expect(c.rules.sizing.maxContracts).toBe(5);
    expect(c.rules.selection.weights).toEqual({ spread: 0.4, openInterest: 0.3, volume: 0.2, delta: 0.1 });
    expect(c.rules.selection.strikeWindowPct).toBe(0.02);
    expect(c.rules.selection.targetDelta).toEqual({ min: 0.5, max: 0.6 });
    expect(c.rules.exits.underlying.adversePct).toBe(0.006);
    expect(c.rules.exits.option.stopPct).toEqual({ min: 0.25, max: 0.4 });
    expect(c.rules.exits.option.targetPct).toEqual({ min: 0.35, max: 0.8 });
    expect(c.rules.rolling.shortRollDte).toBe(21);
    expect(c.rules.indicators.ivRankLookback).toBe(252);
    expect(c.risk).toMatchObject({ maxRiskPerTradePct: 0.03, maxTotalRiskPct: 0.05, profitTargetPct: 0.07 });
  });

  it('is frozen', () => {
    const c = loadConfig({});
    expect(Object.isFrozen(c.rules.liquidity.maxSpreadPct)).toBe(true);
  });

  it('applies per-ticker overrides over the global rules', () => {
    const c = loadConfig({ liquidity: { minVolume: 300 }, tickers: { SPY: { liquidity: { minOpenInterest: 5000 } } } });
    expect(rulesFor(c, 'SPY').liquidity).toMatchObject({ minOpenInterest: 5000, minVolume: 300 });
    expect(rulesFor(c, 'QQQ').liquidity).toMatchObject({ minOpenInterest: 500, minVolume: 300 });
  });

  it('names the key and the problem for every invalid value', () => {
    expect(problemsOf({ sizing: { riskPct: { day: 0.05 } } })).toEqual(['sizing.riskPct.day: must be <= 0.0075 (seed band 0.0025–0.0075)']);
    expect(problemsOf({ liquidity: { minVolume: 'lots' } })[0]).toMatch(/^liquidity\.minVolume: .*expected number/);
    expect(problemsOf({ selection: { weights: { spread: 0.5 } } })).toEqual(['selection.weights: weights must sum to 1']);
    expect(problemsOf({ exits: { option: { stopPct: { min: 0.5, max: 0.3 } } } })).toEqual(['exits.option.stopPct: min must be <= max']);
  });

  it('rejects unknown keys, so a typo is not silently ignored', () => {
    expect(problemsOf({ liquidty: {} })).toEqual(['(root): Unrecognized key: "liquidty"']);
    expect(problemsOf({ tickers: { SPY: { risk: {} } } })).toContain('tickers.SPY.risk: not a per-ticker rule section');
  });

  it('validates per-ticker overrides with their full path', () => {
    expect(problemsOf({ tickers: { SPY: { liquidity: { minVolume: -1 } } } })[0]).toMatch(/^tickers\.SPY\.liquidity\.minVolume: /);
    expect(problemsOf({ tickers: { spy: {} } })[0]).toMatch(/^tickers\.spy: /);
  });

  it('deep-merges plain objects and replaces everything else', () => {
    expect(deepMerge({ a: { b: 1, c: 2 }, d: [1] }, { a: { b: 3 }, d: [2] })).toEqual({ a: { b: 3, c: 2 }, d: [2] });
  });
});
