import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/domain/config/index.js';
import { planShortExit } from '../../../src/domain/intents/short-exit.js';
import { makeStructure } from '../../../src/domain/premium/structure.js';
import { makeContract } from '../../../src/domain/values/contract.js';

const execution = loadConfig({}).rules.execution;
const NOW = Date.UTC(2026, 0, 20, 15);
const put = (strike: number) => makeContract({ underlying: 'XYZ', expiry: '2026-02-13', right: 'put', strike });
const spread = { id: 'XYZ-1767625140000', structure: makeStructure('bull_put_spread', put(95), put(93)), qty: 5 };
const csp = { id: 'XYZ-1767625140000', structure: makeStructure('cash_secured_put', put(95)), qty: 3 };

describe('planShortExit: buying back a sold structure', () => {
  it('a spread closes in one multi-leg order at the far side of its net quote', () => {
    // Short 95P 0.40/0.46, long 93P 0.15/0.19: the net ask (what buying back costs at worst) is 0.46 − 0.15 = 0.31.
    const o = planShortExit(spread, { short: { bid: 0.4, ask: 0.46 }, long: { bid: 0.15, ask: 0.19 } }, ['SHORT_TAKE_PROFIT'], 1, NOW, 'c-x', execution);
    expect(o).toMatchObject({ clientOrderId: 'th-XYZ-1767625140000-x1', symbol: 'XYZ260213P00095000', side: 'buy', effect: 'close', qty: 5, type: 'limit', limitPrice: 0.31, reasons: ['SHORT_TAKE_PROFIT'] });
    expect(o.legs).toEqual([
      { symbol: 'XYZ260213P00095000', side: 'buy', ratio: 1, positionIntent: 'buy_to_close' },
      { symbol: 'XYZ260213P00093000', side: 'sell', ratio: 1, positionIntent: 'sell_to_close' },
    ]);
  });

  it('a cash-secured put is bought back at its ask, one leg', () => {
    const o = planShortExit(csp, { short: { bid: 0.4, ask: 0.46 } }, ['SHORT_AT_ROLL_DTE', 'NOT_AT_RISK'], 2, NOW, 'c', execution);
    expect(o).toMatchObject({ clientOrderId: 'th-XYZ-1767625140000-x2', side: 'buy', qty: 3, type: 'limit', limitPrice: 0.46 });
    expect(o.legs).toBeUndefined();
  });

  it('without fresh quotes of every leg, a market order (never a limit on a stale price)', () => {
    expect(planShortExit(spread, undefined, ['SHORT_STOP'], 1, NOW, 'c', execution)).toMatchObject({ type: 'market', qty: 5 });
    expect(planShortExit(spread, { short: { bid: 0.4, ask: 0.46 } }, ['SHORT_STOP'], 1, NOW, 'c', execution).type).toBe('market');
  });

  it('a spread worth nothing is still bought back at $0.01, not at 0', () => {
    // Net ask 0.02 − 0.05 = −0.03: the limit floors at a cent.
    expect(planShortExit(spread, { short: { bid: 0, ask: 0.02 }, long: { bid: 0.05, ask: 0.07 } }, ['SHORT_TAKE_PROFIT'], 1, NOW, 'c', execution).limitPrice).toBe(0.01);
  });
});
