import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/domain/config/index.js';
import { planShortRollOpen, type ShortRollOpenInput } from '../../../src/domain/intents/short-roll.js';
import { leg } from '../premium/fixture.js';

const { rules, risk } = loadConfig({});
/** Friday 2026-01-23, 10:00 New York: the old expiry (2026-02-13) is 21 days out, the new one (2026-03-13) 49. */
const NOW = Date.UTC(2026, 0, 23, 15);
const DECIDED = NOW - 60_000;
const NEXT = '2026-03-13';
const short95 = leg({ strike: 95, bid: 2.4, ask: 2.6, delta: -0.4, ts: NOW, expiry: NEXT });
const wing93 = leg({ strike: 93, bid: 1.4, ask: 1.5, delta: -0.2, ts: NOW, expiry: NEXT });

function input(over: Partial<ShortRollOpenInput> = {}): ShortRollOpenInput {
  return { kind: 'bull_put_spread', short: short95, wing: wing93, closedQty: 3, decidedAt: DECIDED, spot: 94, equity: 100_000, now: NOW, correlationId: 'XYZ-1', reasons: ['ROLL_OPEN', 'SHORT_AT_ROLL_DTE', 'SHORT_ITM'], ...over };
}

describe('planShortRollOpen: a sold structure sold again on the rolled strikes', () => {
  it('a bull put spread 95/93 in the new expiry: one order with both legs at the natural credit, as many units as were bought back', () => {
    const plan = planShortRollOpen(input(), rules, risk);
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    const { intent, exposure } = plan.value;
    // Net quote: bid 2.40 − 1.50 = 0.90, ask 2.60 − 1.40 = 1.20; the limit sits at the natural 0.90 (offset 1 × the half spread).
    // 1 % of $100,000 = $1,000 over (2 − 0.90) × 100 = $110 a unit: 9, the hard cap 5; 3 were bought back: 3.
    expect(intent).toMatchObject({ clientOrderId: `th-XYZ-${DECIDED}-open`, symbol: 'XYZ260313P00095000', side: 'sell', effect: 'open', qty: 3, type: 'limit', limitPrice: 0.9 });
    expect(intent.legs).toEqual([
      { symbol: 'XYZ260313P00095000', side: 'sell', ratio: 1, positionIntent: 'sell_to_open' },
      { symbol: 'XYZ260313P00093000', side: 'buy', ratio: 1, positionIntent: 'buy_to_open' },
    ]);
    expect(intent.reasons.slice(0, 4)).toEqual(['ROLL_OPEN', 'SHORT_AT_ROLL_DTE', 'SHORT_ITM', 'BULL_PUT_SPREAD']);
    expect(intent.reasons).not.toContain('ROLL_OPEN_SIZED_DOWN');
    // At risk 3 × $110 = $330; delta per unit −0.40 − (−0.20) = −0.20, held −3.
    expect(exposure).toMatchObject({ id: intent.clientOrderId, qty: -3 });
    expect(exposure.capitalAtRisk).toBeCloseTo(330, 9);
    expect(exposure.delta).toBeCloseTo(-0.2, 12);
  });

  it('never sells more than sizing allows now: 8 bought back, 5 sold again (ROLL_OPEN_SIZED_DOWN)', () => {
    const plan = planShortRollOpen(input({ closedQty: 8 }), rules, risk);
    expect(plan.ok && plan.value.intent.qty).toBe(5);
    expect(plan.ok && plan.value.intent.reasons).toContain('ROLL_OPEN_SIZED_DOWN');
  });

  it('a cash-secured put rolls its one leg: no legs field, the put\'s bid as the limit', () => {
    // $10,000,000 × 1 % = $100,000 over (95 − 2.40) × 100 = $9,260: 10, the hard cap 5; 2 bought back: 2.
    const plan = planShortRollOpen({ ...input({ kind: 'cash_secured_put', closedQty: 2, equity: 10_000_000 }), wing: undefined }, rules, risk);
    expect(plan.ok && plan.value.intent).toMatchObject({ symbol: 'XYZ260313P00095000', side: 'sell', qty: 2, limitPrice: 2.4 });
    expect(plan.ok && plan.value.intent.legs).toBeUndefined();
    expect(plan.ok && plan.value.intent.reasons).toContain('CASH_SECURED_PUT');
  });

  it('a leg that fails liquidity now is denied with its reasons, nothing planned', () => {
    // The wing 0.50 / 1.50: a spread of 1.00 on a 1.00 mid, past the 10 % swing ceiling.
    const wide = leg({ strike: 93, bid: 0.5, ask: 1.5, delta: -0.2, ts: NOW, expiry: NEXT });
    const plan = planShortRollOpen(input({ wing: wide }), rules, risk);
    expect(plan).toEqual({ ok: false, reasons: ['SPREAD_TOO_WIDE'] });
  });

  it('a credit below the minimum share of the width is denied (CREDIT_BELOW_MINIMUM): no roll for pennies', () => {
    // Both legs liquid (spreads 0.04 / 0.72 and 0.02 / 0.35, mids above $0.30); net bid 0.70 − 0.36 = 0.34 < 20 % × 2 = 0.40.
    const thin = { short: leg({ strike: 95, bid: 0.7, ask: 0.74, delta: -0.3, ts: NOW, expiry: NEXT }), wing: leg({ strike: 93, bid: 0.34, ask: 0.36, delta: -0.15, ts: NOW, expiry: NEXT }) };
    expect(planShortRollOpen(input(thin), rules, risk)).toEqual({ ok: false, reasons: ['CREDIT_BELOW_MINIMUM'] });
  });
});
