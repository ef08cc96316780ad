import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/domain/config/index.js';
import { planEntry, type EntryPlan } from '../../../src/domain/intents/entry.js';
import type { Signal } from '../../../src/domain/signals/evaluate.js';
import { makeContract } from '../../../src/domain/values/contract.js';
import { makeQuote } from '../../../src/domain/values/quote.js';

/** Monday 2025-12-01 10:00 New York; a 3-DTE ATM call and put at $2.50 ask (the seed's premium). */
const NOW = Date.UTC(2025, 11, 1, 15);
const { rules, risk } = loadConfig({});
const greeks = (delta: number) => ({ delta, gamma: 0.07, theta: -0.4, vega: 0.18 });
const leg = (right: 'call' | 'put') => {
  const contract = makeContract({ underlying: 'SPY', expiry: '2025-12-04', right, strike: 500 });
  return { contract, quote: makeQuote({ symbol: contract.symbol, ts: NOW - 1_000, bid: 2.4, ask: 2.5, volume: 800, openInterest: 2_000, greeks: greeks(right === 'call' ? 0.52 : -0.52) }) };
};
const chain = [leg('call'), leg('put')];

function plan(direction: Signal['direction'], sentiment?: number): EntryPlan {
  const signal: Signal = { symbol: 'SPY', ts: NOW - 60_000, direction, tradeType: 'day', confidence: 0.8, premiumSide: 'both', ...(sentiment === undefined ? {} : { sentiment }) };
  return planEntry({ signal, chain, spot: 500, equity: 182_000, rates: { rate: 0.04, dividendYield: 0 }, now: NOW, correlationId: 'c', signalReasons: [] }, rules, risk);
}

const sizeOf = (p: EntryPlan) => (p.stage === 'order' ? { qty: p.order.intent.qty, riskPct: p.order.sizing.riskPct, tags: p.order.intent.reasons.filter((r) => r.startsWith('SENTIMENT')) } : p.stage);

describe('planEntry: sentiment aligned with the trade side scales the size (never the side)', () => {
  it('no sentiment: the seed size, 0.5 % of $182,000 = $910 → 3 contracts', () => {
    expect(sizeOf(plan('bullish'))).toEqual({ qty: 3, riskPct: 0.005, tags: [] });
  });

  it('positive news on a call: aligned +0.8 → 0.5 % × (1 + 0.25 × 0.8) = 0.6 % → $1,092 → 4 contracts', () => {
    const s = sizeOf(plan('bullish', 0.8));
    expect(s).toMatchObject({ qty: 4, tags: ['SENTIMENT_SCALED_UP'] });
  });

  it('the same positive news on a put: aligned −0.8 → 0.4 % → $728 → 2 contracts, still a put', () => {
    const p = plan('bearish', 0.8);
    expect(sizeOf(p)).toMatchObject({ qty: 2, tags: ['SENTIMENT_SCALED_DOWN'] });
    expect(p.stage === 'order' && p.order.selected.contract.right).toBe('put');
  });
});
