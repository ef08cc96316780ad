import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/domain/config/index.js';
import { kellyLimit, kellyPct } from '../../../src/domain/sizing/kelly.js';

const { sizing } = loadConfig({}).rules;

describe('kellyPct', () => {
  it('is the seed formula (W·AvgWin − L·AvgLoss) / AvgWin', () => {
    expect(kellyPct({ trades: 100, winRate: 0.5, avgWin: 2, avgLoss: 1 })).toBeCloseTo(0.25, 12);
    expect(kellyPct({ trades: 100, winRate: 0.5, avgWin: 1, avgLoss: 1 })).toBeCloseTo(0, 12);
  });

  it('half-Kelly caps at kelly.fraction of it, only with minTrades trades', () => {
    const stats = { trades: 30, winRate: 0.5, avgWin: 2, avgLoss: 1 };
    expect(kellyLimit(stats, sizing.kelly)).toEqual({ applies: true, kellyPct: 0.25, cap: 0.125 });
    expect(kellyLimit({ ...stats, trades: 29 }, sizing.kelly)).toEqual({ applies: false, tooFewTrades: true });
    expect(kellyLimit(undefined, sizing.kelly)).toEqual({ applies: false, tooFewTrades: false });
  });
});
