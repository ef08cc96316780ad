import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/domain/config/index.js';
import { planEntry, type EntryInput, type EntryPlan } from '../../../src/domain/intents/entry.js';
import { parseOrderId } from '../../../src/domain/intents/ids.js';
import { fillGreeks } from '../../../src/domain/selection/fill-greeks.js';
import { selectContract } from '../../../src/domain/selection/select.js';
import type { ChainEntry } from '../../../src/domain/selection/types.js';
import type { Signal } from '../../../src/domain/signals/evaluate.js';
import { makeContract, type OptionRight } from '../../../src/domain/values/contract.js';
import { makeQuote, type Greeks } from '../../../src/domain/values/quote.js';

/** Monday 2025-12-01 15:00 UTC (10:00 ET); the signal's bar closed a minute earlier. */
const NOW = Date.UTC(2025, 11, 1, 15);
const BAR_TS = NOW - 60_000;
const DAY_EXPIRY = '2025-12-04'; // 3 DTE: a day-trade scalp
const SWING_EXPIRY = '2025-12-31'; // 30 DTE
const SPOT = 500;
const rates = { rate: 0.04, dividendYield: 0 };
const config = loadConfig({});
const { rules, risk } = config;

interface Leg {
  strike: number;
  right?: OptionRight;
  expiry?: string;
  bid: number;
  ask: number;
  oi?: number;
  vol?: number;
  greeks?: Greeks;
}

function leg(l: Leg): ChainEntry {
  const contract = makeContract({ underlying: 'SPY', expiry: l.expiry ?? DAY_EXPIRY, right: l.right ?? 'call', strike: l.strike });
  const quote = makeQuote({
    symbol: contract.symbol,
    ts: NOW - 1_000,
    bid: l.bid,
    ask: l.ask,
    volume: l.vol ?? 800,
    openInterest: l.oi ?? 2_000,
    ...(l.greeks ? { greeks: l.greeks } : {}),
  });
  return { contract, quote };
}

/** ATM call, no greeks on the quote (Black-Scholes gives |Δ| ≈ 0.51 from the mid's IV); the $2.50 ask is the limit. */
const atm = leg({ strike: 500, bid: 2.4, ask: 2.5 });
/** Eligible but thinner and wider: scores below the ATM call. */
const thin = leg({ strike: 501, bid: 2.0, ask: 2.12, oi: 600, vol: 250, greeks: { delta: 0.52, gamma: 0.07, theta: -0.4, vega: 0.18 } });
/** A put: wrong right for a bullish signal. */
const put = leg({ strike: 500, right: 'put', bid: 2.3, ask: 2.4, greeks: { delta: -0.48, gamma: 0.07, theta: -0.4, vega: 0.18 } });
const chain = [thin, atm, put];

const signal: Signal = { symbol: 'SPY', ts: BAR_TS, direction: 'bullish', tradeType: 'day', confidence: 0.8, premiumSide: 'both' };

function input(over: Partial<EntryInput> = {}): EntryInput {
  return { signal, chain, spot: SPOT, equity: 182_000, rates, now: NOW, correlationId: 'corr-1', signalReasons: ['BULLISH_TREND', 'BREAKOUT_CONFIRMED'], ...over };
}

function order(plan: EntryPlan) {
  if (plan.stage !== 'order') throw new Error(`expected an order, got stage ${plan.stage}`);
  return plan.order;
}

describe('planEntry', () => {
  it('seed example: $182,000 equity, $2.50 premium day trade → a limit buy of 3 contracts', () => {
    const o = order(planEntry(input(), rules, risk));
    expect(o.selected.contract.symbol).toBe(atm.contract.symbol);
    expect(o.intent).toMatchObject({
      clientOrderId: `th-SPY-${BAR_TS}-open`,
      correlationId: 'corr-1',
      underlying: 'SPY',
      symbol: 'SPY251204C00500000',
      side: 'buy',
      effect: 'open',
      type: 'limit',
      limitPrice: 2.5,
      qty: 3,
      timeInForce: 'day',
      ts: NOW,
    });
    // 0.5 % × $182,000 = $910; $910 / ($2.50 × 100) = 3.64 → 3.
    expect(o.sizing).toMatchObject({ contracts: 3, riskPct: 0.005, riskPerContract: 250, maxLoss: 750 });
    expect(o.sizing.riskDollars).toBeCloseTo(910, 9);
    // No ATR yet (warming up): the ATR bound is skipped and says so.
    expect(o.intent.reasons).toEqual(['BULLISH_TREND', 'BREAKOUT_CONFIRMED', 'RISK_PCT', 'ATR_UNKNOWN']);
    expect(parseOrderId(o.intent.clientOrderId)).toEqual({ ticker: 'SPY', positionId: `SPY-${BAR_TS}`, effect: 'open', role: 'entry' });
  });

  it('fills missing greeks by Black-Scholes before selecting, and carries them in the exposure', () => {
    // Without the fill, the ATM call is rejected for MISSING_GREEKS and the thin call would win.
    const raw = selectContract(chain, { underlying: 'SPY', direction: 'bullish', tradeType: 'day', spot: SPOT, now: NOW }, rules);
    expect(raw.rejected.find((r) => r.symbol === atm.contract.symbol)?.reasons).toEqual(['MISSING_GREEKS']);
    expect(raw.decision.ok && raw.decision.value.contract.strike).toBe(501);

    const o = order(planEntry(input(), rules, risk));
    const filled = fillGreeks(atm, { spot: SPOT, now: NOW, ...rates }).quote.greeks;
    expect(filled).toBeDefined();
    expect(o.selected.quote.greeks).toEqual(filled);
    expect(Math.abs(filled?.delta ?? 0)).toBeGreaterThanOrEqual(0.5);
    expect(o.exposure).toEqual({
      id: o.intent.clientOrderId,
      underlying: 'SPY',
      symbol: atm.contract.symbol,
      qty: 3,
      multiplier: 100,
      delta: filled?.delta,
      gamma: filled?.gamma,
      theta: filled?.theta,
      vega: filled?.vega,
      capitalAtRisk: 2.5 * 3 * 100,
    });
  });

  it('is deterministic: the same input plans the same order with the same id', () => {
    expect(planEntry(input(), rules, risk)).toEqual(planEntry(input(), rules, risk));
  });

  it('seed swing example: 1.0 % = $1,820 buys 7 contracts, held to the 5-contract hard cap', () => {
    const swingChain = [leg({ strike: 500, expiry: SWING_EXPIRY, bid: 2.4, ask: 2.5, greeks: { delta: 0.55, gamma: 0.02, theta: -0.1, vega: 0.5 } })];
    const o = order(planEntry(input({ chain: swingChain, signal: { ...signal, tradeType: 'swing' } }), rules, risk));
    expect(o.sizing).toMatchObject({ uncappedContracts: 7, fullContracts: 5, contracts: 5 });
    expect(o.intent.qty).toBe(5);
    expect(o.intent.reasons).toContain('HARD_CAP');
    expect(o.exposure.capitalAtRisk).toBeCloseTo(2.5 * 5 * 100, 9);
    expect(o.exposure.delta).toBe(0.55);
  });

  it('sizes by the ATR rule with the selected contract’s delta when it is the smaller', () => {
    // Swing $1,820; % rule 1820 / 250 = 7.28 → 7. ATR rule with |Δ| 0.55 and a $0.25 one-minute ATR over
    // 390 bars: 0.25 × √390 = 4.937104; 0.55 × 4.937104 × 2 × 100 = $543.08; 1820 / 543.08 = 3.35 → 3.
    const swingChain = [leg({ strike: 500, expiry: SWING_EXPIRY, bid: 2.4, ask: 2.5, greeks: { delta: 0.55, gamma: 0.02, theta: -0.1, vega: 0.5 } })];
    const o = order(planEntry(input({ chain: swingChain, signal: { ...signal, tradeType: 'swing' }, atr: 0.25 }), rules, risk));
    expect(o.sizing).toMatchObject({ pctContracts: 7, atrContracts: 3, contracts: 3 });
    expect(o.intent.qty).toBe(3);
    expect(o.intent.reasons).toContain('ATR_LIMIT');
    expect(o.intent.reasons).not.toContain('HARD_CAP');
    expect(o.exposure.capitalAtRisk).toBeCloseTo(750, 9);
  });

  it('prices a market order at the ask for sizing and sends no limit price', () => {
    const market = loadConfig({ execution: { orderType: 'market' } }).rules;
    const o = order(planEntry(input(), market, risk));
    expect(o.intent.type).toBe('market');
    expect(o.intent.limitPrice).toBeUndefined();
    expect(o.exposure.capitalAtRisk).toBeCloseTo(2.5 * 3 * 100, 9);
  });

  it('stops at selection with EMPTY_CHAIN for an empty chain', () => {
    expect(planEntry(input({ chain: [] }), rules, risk)).toEqual({ stage: 'selection', decision: { ok: false, reasons: ['EMPTY_CHAIN'] }, rejected: 0 });
  });

  it('stops at selection with NO_ELIGIBLE_CONTRACT when nothing is liquid', () => {
    const illiquid = [leg({ strike: 500, bid: 2.4, ask: 2.5, oi: 10, vol: 5 }), leg({ strike: 499, bid: 1.0, ask: 1.5, greeks: { delta: 0.55, gamma: 0.07, theta: -0.4, vega: 0.18 } })];
    const plan = planEntry(input({ chain: illiquid }), rules, risk);
    expect(plan).toEqual({ stage: 'selection', decision: { ok: false, reasons: ['NO_ELIGIBLE_CONTRACT'] }, rejected: 2 });
  });

  it('stops at sizing with PREMIUM_TOO_EXPENSIVE when the budget buys no contract', () => {
    // 0.5 % of $10,000 = $50 < $250 per contract.
    const plan = planEntry(input({ equity: 10_000 }), rules, risk);
    expect(plan.stage).toBe('sizing');
    if (plan.stage !== 'sizing') return;
    expect(plan.decision).toEqual({ ok: false, reasons: ['PREMIUM_TOO_EXPENSIVE', 'ATR_UNKNOWN'] });
    expect(plan.selected.contract.symbol).toBe(atm.contract.symbol);
  });
});
