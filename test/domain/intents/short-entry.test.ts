import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/domain/config/index.js';
import { parseOrderId } from '../../../src/domain/intents/ids.js';
import type { EntryInput } from '../../../src/domain/intents/entry.js';
import { planShortPremiumEntry } from '../../../src/domain/intents/short-entry.js';
import type { Signal } from '../../../src/domain/signals/evaluate.js';
import { leg, NOW } from '../premium/fixture.js';

const { rules, risk } = loadConfig({});
const BAR_TS = NOW - 60_000;

/** The premium fixture's put chain on XYZ at $100, 39 DTE (test/domain/premium/select.test.ts works it by hand). */
const PUTS = [
  leg({ strike: 97, bid: 1.9, ask: 2.06, delta: -0.38 }),
  leg({ strike: 95, bid: 1.2, ask: 1.3, delta: -0.3 }),
  leg({ strike: 94, bid: 0.95, ask: 1.03, delta: -0.26 }),
  leg({ strike: 93, bid: 0.7, ask: 0.77, delta: -0.21 }),
];

function input(over: Partial<Signal> = {}): EntryInput {
  const signal: Signal = { symbol: 'XYZ', ts: BAR_TS, direction: 'bullish', tradeType: 'day', confidence: 0.8, premiumSide: 'short', ...over };
  return { signal, chain: PUTS, spot: 100, equity: 100_000, rates: { rate: 0.04, dividendYield: 0 }, now: NOW, correlationId: 'c-sell', signalReasons: ['BULLISH_TREND', 'IV_RANK_HIGH'] };
}

describe('planShortPremiumEntry: a signal on the short side to a sell-to-open order', () => {
  it('a bull put spread 95/93: one order with its two legs, a limit at the $0.43 credit, 5 units, risking $157 each', () => {
    const plan = planShortPremiumEntry(input(), rules, risk);
    expect(plan.stage).toBe('order');
    if (plan.stage !== 'order') return;
    const { intent, exposure } = plan.order;
    expect(intent).toMatchObject({ clientOrderId: `th-XYZ-${BAR_TS}-open`, symbol: 'XYZ260213P00095000', side: 'sell', effect: 'open', qty: 5, type: 'limit', limitPrice: 0.43 });
    expect(intent.legs).toEqual([
      { symbol: 'XYZ260213P00095000', side: 'sell', ratio: 1, positionIntent: 'sell_to_open' },
      { symbol: 'XYZ260213P00093000', side: 'buy', ratio: 1, positionIntent: 'buy_to_open' },
    ]);
    expect(intent.reasons).toEqual(['BULLISH_TREND', 'IV_RANK_HIGH', 'BULL_PUT_SPREAD', 'CSP_TOO_LARGE', 'RISK_PCT', 'ATR_UNKNOWN', 'HARD_CAP']);
    expect(parseOrderId(intent.clientOrderId)).toMatchObject({ role: 'entry', positionId: `XYZ-${BAR_TS}` });
    // Sold: −5 units under the short leg; at risk 5 × (2 − 0.43) × 100 = $785; delta per unit −0.30 − (−0.21) = −0.09.
    expect(exposure).toMatchObject({ id: intent.clientOrderId, symbol: 'XYZ260213P00095000', qty: -5 });
    expect(exposure.capitalAtRisk).toBeCloseTo(785, 9);
    expect(exposure.delta).toBeCloseTo(-0.09, 12);
  });

  it('a cash-secured put when the account can hold the assignment: one leg, no legs field', () => {
    // $10,000,000 × 1 % = $100,000 buys floor(100,000 / 9,380) = 10 puts → the hard cap 5.
    const plan = planShortPremiumEntry({ ...input(), equity: 10_000_000 }, rules, risk);
    expect(plan.stage === 'order' && plan.order.intent).toMatchObject({ symbol: 'XYZ260213P00095000', side: 'sell', qty: 5, limitPrice: 1.2 });
    expect(plan.stage === 'order' && plan.order.intent.legs).toBeUndefined();
    expect(plan.stage === 'order' && plan.order.intent.reasons).toContain('CASH_SECURED_PUT');
  });

  it('never sells on a long-premium signal', () => {
    expect(planShortPremiumEntry(input({ premiumSide: 'long' }), rules, risk)).toEqual({ stage: 'selection', decision: { ok: false, reasons: ['PREMIUM_SIDE_LONG'] } });
  });
});
