import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/domain/config/index.js';
import { planDeltaHedge, type UnderlyingDelta } from '../../../src/domain/portfolio/hedge.js';
import { checkOrder, portfolioGreeks, RiskBook, shareExposure } from '../../../src/domain/portfolio/index.js';

/** risk.maxNetDeltaShares 1000, hedging.delta.targetShareOfCap 0.5: the target is ±500. */
const LIMITS = { capShares: 1000, targetShareOfCap: 0.5 };
const u = (ticker: string, optionDeltaShares: number, hedgeShares = 0): UnderlyingDelta => ({ ticker, optionDeltaShares, hedgeShares });

describe('the hedging config', () => {
  it('is off by default, hedging back to half the cap, portfolio-wide only', () => {
    expect(loadConfig({}).hedging).toEqual({ delta: { enabled: false, targetShareOfCap: 0.5, limitCollarPct: 0.005 } });
    expect(loadConfig({ hedging: { delta: { enabled: true, targetShareOfCap: 0.25 } } }).hedging.delta).toMatchObject({ enabled: true, targetShareOfCap: 0.25 });
    expect(() => loadConfig({ hedging: { delta: { targetShareOfCap: 1.5 } } })).toThrow(/hedging\.delta\.targetShareOfCap/);
    expect(() => loadConfig({ tickers: { SPY: { hedging: {} } } })).toThrow(/tickers\.SPY\.hedging: not a per-ticker rule section/);
  });
});

describe('planDeltaHedge', () => {
  it('does nothing within the cap, the cap itself included', () => {
    // 600 + 400 = 1000: not more than 1000.
    expect(planDeltaHedge([u('SPY', 600), u('QQQ', 400)], LIMITS)).toEqual({ netDeltaShares: 1000, netAfter: 1000, orders: [], reasons: ['NET_DELTA_WITHIN_CAP'] });
  });

  it('sells the largest same-sign underlying down to the target', () => {
    // net = 900 + 450 − 100 = 1250 > 1000; target +500; sell 1250 − 500 = 750 SPY (room 900) → net 500.
    const plan = planDeltaHedge([u('QQQ', 450), u('SPY', 900), u('IWM', -100)], LIMITS);
    expect(plan).toEqual({
      netDeltaShares: 1250,
      netAfter: 500,
      orders: [{ ticker: 'SPY', side: 'sell', effect: 'open', qty: 750, reasons: ['DELTA_HEDGE', 'NET_DELTA_OVER_CAP'] }],
      reasons: ['NET_DELTA_OVER_CAP'],
    });
  });

  it('never hedges an underlying past flat: the rest goes to the next largest', () => {
    // net = 600 + 550 = 1150; need 650: SPY takes its 600, QQQ the other 50 → net 500.
    const plan = planDeltaHedge([u('SPY', 600), u('QQQ', 550)], LIMITS);
    expect(plan.orders).toEqual([
      { ticker: 'SPY', side: 'sell', effect: 'open', qty: 600, reasons: ['DELTA_HEDGE', 'NET_DELTA_OVER_CAP'] },
      { ticker: 'QQQ', side: 'sell', effect: 'open', qty: 50, reasons: ['DELTA_HEDGE', 'NET_DELTA_OVER_CAP'] },
    ]);
    expect(plan.netAfter).toBe(500);
  });

  it('buys shares against a short-delta breach, whole shares past the fraction', () => {
    // net = −1200.4; target −500; need 700.4 → 701 shares bought → net −499.4.
    const plan = planDeltaHedge([u('SPY', -1200.4)], LIMITS);
    expect(plan.orders).toEqual([{ ticker: 'SPY', side: 'buy', effect: 'open', qty: 701, reasons: ['DELTA_HEDGE', 'NET_DELTA_OVER_CAP'] }]);
    expect(plan.netAfter).toBeCloseTo(-499.4, 9);
  });

  it('adds to a hedge already held, up to its options’ delta', () => {
    // SPY 2500 − 1000 hedged = 1500 > 1000; sell 1000 more (room 2500 − 1000 = 1500) → net 500.
    const plan = planDeltaHedge([u('SPY', 2500, -1000)], LIMITS);
    expect(plan.orders).toEqual([{ ticker: 'SPY', side: 'sell', effect: 'open', qty: 1000, reasons: ['DELTA_HEDGE', 'NET_DELTA_OVER_CAP'] }]);
    expect(plan.netAfter).toBe(500);
  });

  it('unwinds a hedge whose options are gone and cuts one larger than its options', () => {
    // SPY: no options, −300 hedge → buy 300. QQQ: options 200, hedge −250 → buy back 50. net after = 0 + 200 − 200 = 0.
    const plan = planDeltaHedge([u('SPY', 0, -300), u('QQQ', 200, -250)], LIMITS);
    expect(plan).toEqual({
      netDeltaShares: -350,
      netAfter: 0,
      orders: [
        { ticker: 'QQQ', side: 'buy', effect: 'close', qty: 50, reasons: ['HEDGE_REDUCE'] },
        { ticker: 'SPY', side: 'buy', effect: 'close', qty: 300, reasons: ['HEDGE_UNWIND'] },
      ],
      reasons: ['NET_DELTA_WITHIN_CAP'],
    });
  });

  it('unwinds a hedge whose options now point its way, then hedges the new breach', () => {
    // SPY options now +1400 with a +300 long-share hedge (bought when they were short delta): unwind, sell 300.
    // Then net = 1400 > 1000: sell 900 to reach +500 (room 1400).
    const plan = planDeltaHedge([u('SPY', 1400, 300)], LIMITS);
    expect(plan.orders).toEqual([
      { ticker: 'SPY', side: 'sell', effect: 'close', qty: 300, reasons: ['HEDGE_UNWIND'] },
      { ticker: 'SPY', side: 'sell', effect: 'open', qty: 900, reasons: ['DELTA_HEDGE', 'NET_DELTA_OVER_CAP'] },
    ]);
    expect(plan.netAfter).toBe(500);
  });

  it('keeps a long-share hedge of short option delta', () => {
    // Options −1400, hedge +300: lawful (opposite, within 1400). net −1100 < −1000: buy 600 more → −500.
    expect(planDeltaHedge([u('SPY', -1400, 300)], LIMITS).orders).toEqual([{ ticker: 'SPY', side: 'buy', effect: 'open', qty: 600, reasons: ['DELTA_HEDGE', 'NET_DELTA_OVER_CAP'] }]);
  });

  it('says when every underlying on the breach side is already hedged to flat', () => {
    // Cap 10, target 5. SPY 12.6 fully hedged (−12) leaves 0.6; QQQ 11.5 hedges at most 11: net 12.6 − 12 + 11.5 = 12.1 > 10,
    // need 7.1 → 8 wanted, QQQ room 11 → sell 8 → net 4.1: reached.
    expect(planDeltaHedge([u('SPY', 12.6, -12), u('QQQ', 11.5)], { capShares: 10, targetShareOfCap: 0.5 }).orders).toEqual([
      { ticker: 'QQQ', side: 'sell', effect: 'open', qty: 8, reasons: ['DELTA_HEDGE', 'NET_DELTA_OVER_CAP'] },
    ]);
    // Cap 0 (target 0): SPY 0.6 has no whole share of room; net 0.6 > 0 stays: short of target.
    expect(planDeltaHedge([u('SPY', 0.6)], { capShares: 0, targetShareOfCap: 0.5 })).toEqual({ netDeltaShares: 0.6, netAfter: 0.6, orders: [], reasons: ['NET_DELTA_OVER_CAP', 'HEDGE_SHORT_OF_TARGET'] });
  });

  it('refuses bad input', () => {
    expect(() => planDeltaHedge([u('SPY', 100), u('SPY', 5)], LIMITS)).toThrow(/given twice/);
    expect(() => planDeltaHedge([u('SPY', 100, 1.5)], LIMITS)).toThrow(/whole/);
    expect(() => planDeltaHedge([u('SPY', Number.NaN)], LIMITS)).toThrow();
    expect(() => planDeltaHedge([], { capShares: 1000, targetShareOfCap: 2 })).toThrow(/targetShareOfCap/);
  });
});

describe('hedge shares in the risk gate', () => {
  it('count delta 1 a share, no capital at risk, and no open position', () => {
    const book = new RiskBook(100_000);
    // A long call position: 10 contracts × 100 × 0.6 = +600 share equivalents, $2,000 at risk.
    book.upsertPosition({ id: 'SPY-1', underlying: 'SPY', symbol: 'SPY250117C00500000', qty: 10, multiplier: 100, delta: 0.6, gamma: 0.01, theta: -0.1, vega: 0.2, capitalAtRisk: 2000 });
    const hedge = shareExposure('th-SPY-5-h', 'SPY', -400);
    const risk = loadConfig({ risk: { maxOpenPositions: 1 } }).risk;
    // One option symbol held and the cap at 1: the hedge opens no new position. Net 600 − 400 = 200.
    const decision = book.check({ effect: 'open', exposure: hedge }, risk);
    expect(decision).toEqual({ ok: true, value: expect.objectContaining({ netDeltaShares: 200, capitalAtRisk: 2000, openPositions: 1 }), reasons: ['WITHIN_LIMITS'] });
    expect(checkOrder({ effect: 'open', exposure: hedge }, book.toState(), risk)).toEqual(decision);
    book.reserve(hedge);
    expect(book.greeks()).toMatchObject({ netDeltaShares: 200, openPositions: 1, capitalAtRisk: 2000 });
    expect(portfolioGreeks(book.toState())).toMatchObject({ netDeltaShares: 200, openPositions: 1 });
  });
});
