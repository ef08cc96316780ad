import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/domain/config/load.js';
import { evaluateExit } from '../../../src/domain/exits/evaluate.js';
import { winnerTargetDollars } from '../../../src/domain/portfolio/profit-target.js';
import { cfg, ctx, pos, run } from './fixtures.js';

const { risk } = loadConfig({});
// Past the first target and with the trail lock armed, so only the 3-5-7 target can close it on a rising mark.
const rest = { qty: 2, partialStage: 1, trailFloorPct: 0.5, peakOptionPrice: 6.8 };

describe('3-5-7 profit target', () => {
  it('the target is 7:3 of the capital risked', () => {
    // $1,000 risked × 0.07 / 0.03 = $2,333.33; at 7 % / 3.5 % it is 2:1.
    expect(winnerTargetDollars(1000, risk)).toBeCloseTo(2333.333333, 5);
    expect(winnerTargetDollars(1000, { profitTargetPct: 0.07, maxRiskPerTradePct: 0.035 })).toBeCloseTo(2000, 9);
    expect(() => winnerTargetDollars(1000, { profitTargetPct: 0.07, maxRiskPerTradePct: 0 })).toThrow(/maxRiskPerTradePct/);
  });

  it('a long exits in full once its profit reaches 7/3 of the premium it risked', () => {
    // 2 contracts at $2.00: $400 risked → target $933.33, i.e. a mark of 2 + 933.33 / 200 = 6.6667.
    // Mark 6.70: profit 4.70 × 200 = $940 → exit; 6.60: $920 → hold.
    expect(run(rest, { mark: 6.7, dte: 5 })).toMatchObject({ action: 'exit', qty: 2, reasons: ['PROFIT_TARGET_357'] });
    expect(run(rest, { mark: 6.6, dte: 5 }).action).toBe('hold');
  });

  it('reads the configured risk caps', () => {
    // 6 % / 3 % = 2:1: $400 risked → $800, a mark of 6.00 (profit 4.00 × 200 = $800).
    const r = { profitTargetPct: 0.06, maxRiskPerTradePct: 0.03 };
    expect(evaluateExit(pos(rest), ctx({ mark: 6, dte: 5 }), cfg, undefined, r).reasons).toEqual(['PROFIT_TARGET_357']);
    expect(evaluateExit(pos(rest), ctx({ mark: 5.9, dte: 5 }), cfg, undefined, r).action).toBe('hold');
    // No trade may risk anything: the rule is off rather than a crash.
    expect(evaluateExit(pos(rest), ctx({ mark: 9, dte: 5 }), cfg, undefined, { ...r, maxRiskPerTradePct: 0 }).action).toBe('hold');
  });

  it('not for shorts (their capital at risk is not their premium), nor without a fresh quote', () => {
    const short = { side: 'short', direction: 'bearish', qty: 2, partialStage: 1, trailFloorPct: 0.5, peakOptionPrice: 0.3 } as const;
    expect(run(short, { mark: 0.25, dte: 5 }).reasons).not.toContain('PROFIT_TARGET_357');
    expect(run(rest, { quote: null, dte: 5 }).reasons).not.toContain('PROFIT_TARGET_357');
  });
});
