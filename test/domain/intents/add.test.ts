import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/domain/config/index.js';
import { planAdd, scaleInPlan, type AddInput } from '../../../src/domain/intents/add.js';
import { parseOrderId, positionIdFor } from '../../../src/domain/intents/ids.js';
import { makeContract } from '../../../src/domain/values/contract.js';
import { makePosition } from '../../../src/domain/values/position.js';
import { makeQuote } from '../../../src/domain/values/quote.js';

const T0 = Date.UTC(2025, 11, 1, 15, 0);
const NOW = T0 + 10 * 60_000;
const execution = loadConfig({}).rules.execution;
const contract = makeContract({ underlying: 'SPY', expiry: '2025-12-05', right: 'call', strike: 500 });
const ID = positionIdFor('SPY', T0);
const GREEKS = { delta: 0.6, gamma: 0.05, theta: -0.2, vega: 0.1 };

/** The first tranche: 2 contracts bought at $2.00 ($400 at risk) of a 5-contract plan. */
const first = makePosition({
  id: ID,
  contract,
  side: 'long',
  tradeType: 'day',
  direction: 'bullish',
  qty: 2,
  initialQty: 2,
  entryPrice: 2,
  entryTs: T0,
  entryUnderlying: 500,
  peakOptionPrice: 2,
  peakUnderlying: 500,
  partialStage: 0,
});

function input(bid: number, ask: number, over: Partial<AddInput> = {}): AddInput {
  return {
    position: first,
    plan: { addQty: 3, budget: 1_000 },
    quote: makeQuote({ symbol: contract.symbol, ts: NOW - 1_000, bid, ask, volume: 900, openInterest: 3_000 }),
    greeks: GREEKS,
    seq: 1,
    now: NOW,
    maxTradeRisk: 3_000,
    correlationId: 'c-add',
    reasons: ['SCALE_IN_CONFIRMED'],
    ...over,
  };
}

describe('planAdd: the second tranche of a confirmed trade', () => {
  it('buys the planned remainder at the entry limit (the ask, offset 1) when the budget holds it', () => {
    // Rest of the budget: $1,000 − 2 × $2.00 × 100 = $600; at the $2.00 ask a contract costs $200 → 3, all of the plan.
    const d = planAdd(input(1.9, 2.0), execution);
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(d.reasons).toEqual(['TRANCHE_ADD']);
    expect(d.value.intent).toMatchObject({ clientOrderId: `th-${ID}-a1`, side: 'buy', effect: 'open', qty: 3, type: 'limit', limitPrice: 2, symbol: contract.symbol });
    expect(d.value.intent.reasons).toEqual(['SCALE_IN_CONFIRMED', 'TRANCHE_ADD']);
    expect(d.value.exposure).toMatchObject({ id: `th-${ID}-a1`, qty: 3, capitalAtRisk: 600, delta: 0.6 });
    expect(parseOrderId(d.value.intent.clientOrderId)).toMatchObject({ positionId: ID, role: 'add', effect: 'open' });
  });

  it('buys fewer when the price has risen, never taking the trade past its budget', () => {
    // Rest of the budget $1,000 − $400 = $600; at the $2.10 ask a contract costs $210 → floor(2.857) = 2.
    const d = planAdd(input(2.0, 2.1), execution);
    expect(d.ok && d.value.intent.qty).toBe(2);
    expect(d.reasons).toEqual(['TRANCHE_ADD', 'SCALE_IN_BUDGET_LIMIT']);
  });

  it('the per-trade cap at today\'s equity bounds the whole trade too', () => {
    // Equity fell to $25,000: 3 % = $750; $750 − $400 held = $350 buys one $2.00 contract.
    const d = planAdd(input(1.9, 2.0, { maxTradeRisk: 750 }), execution);
    expect(d.ok && d.value.intent.qty).toBe(1);
    expect(d.reasons).toEqual(['TRANCHE_ADD', 'SCALE_IN_BUDGET_LIMIT']);
  });

  it('buys nothing when the first tranche already uses the budget, or without a quote', () => {
    expect(planAdd(input(1.9, 2.0, { plan: { addQty: 3, budget: 500 } }), execution)).toEqual({ ok: false, reasons: ['SCALE_IN_BUDGET_SPENT'] });
    expect(planAdd(input(1.9, 2.0, { quote: undefined }), execution)).toEqual({ ok: false, reasons: ['SCALE_IN_NO_QUOTE'] });
  });

  it('a second add of the same position has its own id', () => {
    const d = planAdd(input(1.9, 2.0, { seq: 2 }), execution);
    expect(d.ok && d.value.intent.clientOrderId).toBe(`th-${ID}-a2`);
  });
});

describe('scaleInPlan: what an entry sized as its first tranche may add', () => {
  it('adds the rest of the full size, within the risk amount of the trade', () => {
    // Full 5 (the hard cap), first tranche 2 → adds 3; the risk amount ($1,000) is the budget.
    expect(scaleInPlan({ contracts: 2, fullContracts: 5, riskDollars: 1_000 })).toEqual({ addQty: 3, budget: 1_000 });
  });

  it('has nothing to add when the entry is the whole position', () => {
    expect(scaleInPlan({ contracts: 1, fullContracts: 1, riskDollars: 1_000 })).toBeUndefined();
  });
});
