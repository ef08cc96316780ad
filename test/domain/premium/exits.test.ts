import { describe, expect, it } from 'vitest';
import { evaluateShortPremiumExit, type ShortPremiumPosition } from '../../../src/domain/premium/exits.js';
import { expirySettlement } from '../../../src/domain/premium/settlement.js';
import { makeStructure } from '../../../src/domain/premium/structure.js';
import type { ChainEntry } from '../../../src/domain/selection/types.js';
import { CTX, ctxWith, EXPIRY, leg, NOW } from './fixture.js';

const short95 = leg({ strike: 95, bid: 1.2, ask: 1.3, delta: -0.3 }).contract;
const long93 = leg({ strike: 93, bid: 0.7, ask: 0.77, delta: -0.21 }).contract;
const spread: ShortPremiumPosition = {
  id: 'p1', structure: makeStructure('bull_put_spread', short95, long93), direction: 'bullish', qty: 5, credit: 0.5, entryTs: NOW, entryUnderlying: 100,
};
const csp: ShortPremiumPosition = { ...spread, structure: makeStructure('cash_secured_put', short95) };

/** The two legs' quotes at `now`: short 95P and long 93P with the given bids and asks. */
function marks(now: number, s: [number, number], l: [number, number], expiry = EXPIRY): ChainEntry[] {
  return [leg({ strike: 95, bid: s[0], ask: s[1], delta: -0.3, ts: now, expiry }), leg({ strike: 93, bid: l[0], ask: l[1], delta: -0.2, ts: now, expiry })];
}
const exit = (p: ShortPremiumPosition, spot: number, now: number, chain: readonly ChainEntry[]) => evaluateShortPremiumExit(p, { spot, now, chain }, CTX);

describe('take profit at 50 % of the credit (credit 0.50: close at a cost ≤ 0.25)', () => {
  it('cost 0.40 − 0.15 = 0.25: exactly the threshold, take profit', () => {
    const d = exit(spread, 100, NOW, marks(NOW, [0.38, 0.42], [0.14, 0.16]));
    expect(d.action).toBe('exit');
    expect(d.reasons).toEqual(['SHORT_TAKE_PROFIT']);
    expect('costToClose' in d && d.costToClose).toBeCloseTo(0.25, 12);
  });

  it('cost 0.41 − 0.15 = 0.26: hold', () => {
    expect(exit(spread, 100, NOW, marks(NOW, [0.39, 0.43], [0.14, 0.16]))).toMatchObject({ action: 'hold', reasons: ['NO_EXIT_CONDITION'] });
  });
});

describe('stop at a loss of 2 × the credit (credit 0.50: close at a cost ≥ 1.50)', () => {
  it('cost 2.10 − 0.60 = 1.50: loss 1.00 = 2 × 0.50, stop', () => {
    expect(exit(spread, 96, NOW, marks(NOW, [2.05, 2.15], [0.55, 0.65])).reasons).toEqual(['SHORT_STOP']);
  });

  it('cost 2.09 − 0.60 = 1.49: hold', () => {
    expect(exit(spread, 96, NOW, marks(NOW, [2.04, 2.14], [0.55, 0.65])).action).toBe('hold');
  });
});

describe('21 DTE (rolling.shortRollDte)', () => {
  const day21 = Date.UTC(2026, 0, 23, 15); // Jan 23 → Feb 13: 8 + 13 = 21 DTE
  const day22 = Date.UTC(2026, 0, 22, 15);
  const NEXT = '2026-03-13'; // Jan 23 → Mar 13: 8 + 28 + 13 = 49 DTE, inside 30–60

  it('at 22 DTE: hold', () => {
    expect(exit(spread, 105, day22, marks(day22, [0.45, 0.49], [0.15, 0.19])).action).toBe('hold');
  });

  it('at 21 DTE, not at risk (95 strike 9.5 % below 105): close, as evaluateShortRoll says', () => {
    expect(exit(spread, 105, day21, marks(day21, [0.45, 0.49], [0.15, 0.19]))).toMatchObject({ action: 'exit', reasons: ['SHORT_AT_ROLL_DTE', 'NOT_AT_RISK'] });
  });

  it('at 21 DTE with the short in the money: roll both legs to the same strikes in the next expiry', () => {
    const chain = [...marks(day21, [1.4, 1.5], [0.45, 0.55]), ...marks(day21, [2.4, 2.6], [1.4, 1.5], NEXT)];
    const d = exit(spread, 94, day21, chain); // cost 1.45 − 0.50 = 0.95: neither stop (1.50) nor profit (0.25)
    expect(d.action).toBe('roll');
    if (d.action !== 'roll') return;
    expect(d.reasons).toEqual(['SHORT_AT_ROLL_DTE', 'SHORT_ITM']);
    expect([d.roll.short.close, d.roll.short.open.contract.symbol]).toEqual(['XYZ260213P00095000', 'XYZ260313P00095000']);
    expect([d.roll.long?.close, d.roll.long?.open.contract.symbol]).toEqual(['XYZ260213P00093000', 'XYZ260313P00093000']);
  });

  it('a spread whose long has no contract in the new expiry closes instead (NO_LONG_ROLL_TARGET)', () => {
    const chain = [...marks(day21, [1.4, 1.5], [0.45, 0.55]), leg({ strike: 95, bid: 2.4, ask: 2.6, delta: -0.4, ts: day21, expiry: NEXT })];
    expect(exit(spread, 94, day21, chain).reasons).toEqual(['SHORT_AT_ROLL_DTE', 'SHORT_ITM', 'NO_LONG_ROLL_TARGET']);
  });

  it('with rolling.shortRolls off, a short due to roll is closed, never rolled (SHORT_CLOSED_NOT_ROLLED); one not at risk closes as before', () => {
    const chain = [...marks(day21, [1.4, 1.5], [0.45, 0.55]), ...marks(day21, [2.4, 2.6], [1.4, 1.5], NEXT)];
    const off = ctxWith({ rolling: { shortRolls: false } });
    expect(evaluateShortPremiumExit(spread, { spot: 94, now: day21, chain }, off)).toMatchObject({ action: 'exit', reasons: ['SHORT_AT_ROLL_DTE', 'SHORT_ITM', 'SHORT_CLOSED_NOT_ROLLED'] });
    expect(evaluateShortPremiumExit(spread, { spot: 105, now: day21, chain }, off)).toMatchObject({ action: 'exit', reasons: ['SHORT_AT_ROLL_DTE', 'NOT_AT_RISK'] });
  });

  it('a cash-secured put rolls its one leg', () => {
    const chain = [...marks(day21, [1.4, 1.5], [0.45, 0.55]), ...marks(day21, [2.4, 2.6], [1.4, 1.5], NEXT)];
    const d = exit(csp, 94, day21, chain);
    expect(d.action === 'roll' && d.roll.long).toBeUndefined();
    expect(d.action === 'roll' && d.roll.short.open.contract.symbol).toBe('XYZ260313P00095000');
  });
});

describe('expiry', () => {
  const expiryDay = Date.UTC(2026, 1, 13, 15);
  it('expiry day, short put $0.01 in the money (spot 94.99): close before assignment', () => {
    expect(exit(spread, 94.99, expiryDay, []).reasons).toEqual(['SHORT_EXPIRY_ITM']);
  });

  it('expiry day, spot at the strike: hold to expire worthless', () => {
    expect(exit(spread, 95, expiryDay, [])).toEqual({ action: 'hold', reasons: ['SHORT_EXPIRES_OTM'] });
  });

  it('after expiry: settle (spot 94: the short put is assigned, 100 shares bought at 95)', () => {
    const d = exit(spread, 94, Date.UTC(2026, 1, 14, 15), []);
    expect(d.action).toBe('settle');
    if (d.action !== 'settle') return;
    expect(d.settlement.legs.map((l) => [l.exercised, l.shares, l.cash])).toEqual([[true, 100, -9500], [false, 0, 0]]);
    expect(d.settlement.value).toBe(1);
  });
});

describe('expirySettlement', () => {
  it('both puts in the money (spot 90): shares net to 0, cash −(95 − 93) × 100 = −200, value 2', () => {
    const s = expirySettlement(spread.structure, 90);
    expect(s.legs.map((l) => [l.intrinsic, l.shares, l.cash])).toEqual([[5, 100, -9500], [3, -100, 9300]]);
    expect([s.shares, s.cash, s.value]).toEqual([0, -200, 2]);
  });

  it('a bear call spread with the short in the money delivers 100 shares at the strike', () => {
    const c105 = leg({ strike: 105, bid: 1, ask: 1.1, delta: 0.3, right: 'call' }).contract;
    const c107 = leg({ strike: 107, bid: 0.5, ask: 0.6, delta: 0.2, right: 'call' }).contract;
    const s = expirySettlement(makeStructure('bear_call_spread', c105, c107), 106);
    expect([s.shares, s.cash, s.value]).toEqual([-100, 10500, 1]);
  });
});

describe('quotes', () => {
  it('without fresh quotes of every leg the credit rules wait', () => {
    expect(exit(spread, 100, NOW, [])).toEqual({ action: 'hold', reasons: ['NO_STRUCTURE_QUOTE', 'NO_EXIT_CONDITION'] });
    const stale = marks(NOW - 120_001, [0.38, 0.42], [0.14, 0.16]); // would take profit if fresh; 120 s is the limit
    expect(exit(spread, 100, NOW, stale).reasons).toEqual(['NO_STRUCTURE_QUOTE', 'NO_EXIT_CONDITION']);
  });

  it('a closed position holds; bad input throws', () => {
    expect(exit({ ...spread, qty: 0 }, 100, NOW, [])).toEqual({ action: 'hold', reasons: ['POSITION_CLOSED'] });
    expect(() => exit({ ...spread, credit: 0 }, 100, NOW, [])).toThrow(/credit/);
  });
});
