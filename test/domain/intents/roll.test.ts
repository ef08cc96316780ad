import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/domain/config/index.js';
import { planRollOpen, type RollOpenInput } from '../../../src/domain/intents/roll.js';
import { makeContract } from '../../../src/domain/values/contract.js';
import { makeQuote } from '../../../src/domain/values/quote.js';

const T0 = Date.UTC(2025, 11, 1, 15, 0);
const { rules, risk } = loadConfig({});
const contract = makeContract({ underlying: 'SPY', expiry: '2025-12-05', right: 'call', strike: 505 });
const quote = makeQuote({ symbol: contract.symbol, ts: T0, bid: 1.95, ask: 2.05, volume: 5000, openInterest: 2000, greeks: { delta: 0.55, gamma: 0.05, theta: -0.2, vega: 0.1 } });
const input: RollOpenInput = { contract, quote, closedQty: 3, decidedAt: T0, tradeType: 'day', equity: 1_000_000, now: T0 + 60_000, correlationId: 'SPY-1', reasons: ['ROLL_OPEN', 'LONG_PROFIT_TARGET'] };

describe('planRollOpen: a roll\'s opening leg', () => {
  it('opens as many contracts as were closed, at the entry limit, under the decision\'s deterministic id', () => {
    const plan = planRollOpen(input, rules, risk);
    if (!plan.ok) throw new Error(plan.reasons.join());
    const { intent, exposure } = plan.value;
    // Limit = mid 2.00 + 1 × half-spread 0.05 = 2.05 (the ask). $1,000,000 × 0.5 % = $5,000 / $205 = 24 → the cap 5; min(3 closed, 5) = 3.
    expect(intent).toMatchObject({ clientOrderId: `th-SPY-${T0}-open`, symbol: contract.symbol, side: 'buy', effect: 'open', qty: 3, type: 'limit', limitPrice: 2.05 });
    expect(intent.reasons.slice(0, 2)).toEqual(['ROLL_OPEN', 'LONG_PROFIT_TARGET']);
    expect(intent.reasons).not.toContain('ROLL_OPEN_SIZED_DOWN');
    // Capital at risk: 2.05 × 3 × 100 = 615.
    expect(exposure).toMatchObject({ id: intent.clientOrderId, qty: 3, delta: 0.55, capitalAtRisk: 615 });
  });

  it('sizes down to what sizing allows now, never up', () => {
    // $100,000 × 0.5 % = $500 / $205 a contract = 2 (floor), fewer than the 3 closed.
    const plan = planRollOpen({ ...input, equity: 100_000 }, rules, risk);
    if (!plan.ok) throw new Error(plan.reasons.join());
    expect(plan.value.intent.qty).toBe(2);
    expect(plan.value.intent.reasons).toContain('ROLL_OPEN_SIZED_DOWN');
  });

  it('refuses a quote without greeks (no exposure to gate), and what sizing refuses', () => {
    const bare = makeQuote({ symbol: contract.symbol, ts: T0, bid: 1.95, ask: 2.05, volume: 5000, openInterest: 2000 });
    expect(planRollOpen({ ...input, quote: bare }, rules, risk)).toEqual({ ok: false, reasons: ['ROLL_OPEN_NO_GREEKS'] });
    // $10,000 × 0.5 % = $50: not one $205 contract.
    expect(planRollOpen({ ...input, equity: 10_000 }, rules, risk).ok).toBe(false);
  });
});
