import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/domain/config/index.js';
import { DomainError } from '../../../src/domain/errors.js';
import { sizePosition, type SizingInput } from '../../../src/domain/sizing/size.js';

const { rules, risk } = loadConfig({});
const cfg = rules.sizing;
const seed: SizingInput = { equity: 182_000, premium: 2.5, multiplier: 100, tradeType: 'day' };

function sized(input: SizingInput, c = cfg, r = risk) {
  const d = sizePosition(input, c, r);
  if (!d.ok) throw new Error(`expected approval, got ${d.reasons.join(',')}`);
  return d;
}

describe('sizePosition: the seed examples', () => {
  it('day: 0.5 % of $182,000 = $910 → 3 contracts', () => {
    const d = sized(seed);
    expect(d.value).toMatchObject({ riskDollars: 910, riskPerContract: 250, uncappedContracts: 3, contracts: 3, maxLoss: 750 });
    expect(d.reasons).toEqual(['RISK_PCT']);
  });

  it('swing: 1 % = $1,820 → 7 contracts before the hard cap, 5 after', () => {
    const d = sized({ ...seed, tradeType: 'swing' });
    expect(d.value).toMatchObject({ riskDollars: 1820, uncappedContracts: 7, fullContracts: 5, contracts: 5 });
    expect(d.reasons).toEqual(['RISK_PCT', 'HARD_CAP']);
  });

  it('the old 5 % / 10 % sizing is impossible: the config rejects riskPct outside the seed band', () => {
    expect(() => loadConfig({ sizing: { riskPct: { day: 0.05 } } })).toThrow(/0.0075/);
  });
});

describe('sizePosition: reductions', () => {
  it('denies PREMIUM_TOO_EXPENSIVE when the budget buys no whole contract', () => {
    expect(sizePosition({ ...seed, premium: 9.2 }, cfg, risk)).toEqual({ ok: false, reasons: ['PREMIUM_TOO_EXPENSIVE'] });
  });

  it('counts a float-rounded ratio as the whole number (0.30 × 100 buys exactly 30 of $900)', () => {
    const d = sized({ equity: 180_000, premium: 0.3, multiplier: 100, tradeType: 'day' }, { ...cfg, maxContracts: 5 });
    expect(d.value.uncappedContracts).toBe(30);
  });

  it('ATR: no change at the reference ATR, proportionally smaller above it, never larger below it', () => {
    expect(sized({ ...seed, atrPct: 0.002 }).value.contracts).toBe(3);
    expect(sized({ ...seed, atrPct: 0.0001 }).value).toMatchObject({ atrScale: 1, contracts: 3 });
    const high = sized({ ...seed, atrPct: 0.004 });
    expect(high.value).toMatchObject({ atrScale: 0.5, riskDollars: 455, contracts: 1 });
    expect(high.reasons).toEqual(['RISK_PCT', 'ATR_REDUCED']);
    expect(sizePosition({ ...seed, atrPct: 0.01 }, cfg, risk)).toEqual({ ok: false, reasons: ['PREMIUM_TOO_EXPENSIVE', 'ATR_REDUCED'] });
  });

  it('ATR factor damps further; disabled ATR ignores it', () => {
    const damped = { ...cfg, atr: { ...cfg.atr, factor: 2 } };
    expect(sized({ ...seed, atrPct: 0.002 }, damped).value.atrScale).toBe(0.5);
    expect(sized({ ...seed, atrPct: 0.01 }, { ...cfg, atr: { ...cfg.atr, enabled: false } }).value.contracts).toBe(3);
  });

  it('half-Kelly lowers the risk fraction once enough trades exist', () => {
    // Kelly = (0.4·1.0 − 0.6·0.6)/1.0 = 0.04; half = 0.02 > 1 %: no reduction.
    const edge = { trades: 50, winRate: 0.4, avgWin: 1, avgLoss: 0.6 };
    expect(sized({ ...seed, tradeType: 'swing', kelly: edge }).value).toMatchObject({ riskPct: 0.01, kellyPct: expect.closeTo(0.04, 12) });
    // Kelly = (0.4·1.0 − 0.6·0.65)/1.0 = 0.01; half = 0.005 < 1 %: swing risk halves to $910 → 3.
    const thin = sized({ ...seed, tradeType: 'swing', kelly: { ...edge, avgLoss: 0.65 } });
    expect(thin.value.riskPct).toBeCloseTo(0.005, 12);
    expect(thin.value.contracts).toBe(3);
    expect(thin.reasons).toEqual(['RISK_PCT', 'KELLY_REDUCED']);
  });

  it('Kelly is ignored below minTrades, and a negative edge is denied', () => {
    const losing = { trades: 50, winRate: 0.3, avgWin: 1, avgLoss: 0.6 };
    expect(sizePosition({ ...seed, kelly: losing }, cfg, risk)).toEqual({ ok: false, reasons: ['NEGATIVE_EDGE'] });
    const few = sized({ ...seed, kelly: { ...losing, trades: 29 } });
    expect(few.value.contracts).toBe(3);
    expect(few.reasons).toEqual(['RISK_PCT', 'KELLY_TOO_FEW_TRADES']);
    expect(sized({ ...seed, kelly: losing }, { ...cfg, kelly: { ...cfg.kelly, enabled: false } }).value.contracts).toBe(3);
  });

  it('the 3 % per-trade ceiling binds when configured below the risk %', () => {
    const d = sized({ ...seed, tradeType: 'swing' }, cfg, { ...risk, maxRiskPerTradePct: 0.004 });
    expect(d.value).toMatchObject({ riskPct: 0.004, riskDollars: 728, contracts: 2 });
    expect(d.reasons).toEqual(['RISK_PCT', 'PER_TRADE_CAP']);
  });
});

describe('sizePosition: bad input', () => {
  it.each([
    ['equity 0', { equity: 0 }],
    ['negative equity', { equity: -1 }],
    ['NaN equity', { equity: Number.NaN }],
    ['premium 0', { premium: 0 }],
    ['NaN premium', { premium: Number.NaN }],
    ['infinite multiplier', { multiplier: Number.POSITIVE_INFINITY }],
    ['NaN ATR', { atrPct: Number.NaN }],
    ['win rate above 1', { kelly: { trades: 40, winRate: 1.2, avgWin: 1, avgLoss: 0.5 } }],
    ['negative avgWin', { kelly: { trades: 40, winRate: 0.5, avgWin: -0.1, avgLoss: 0.5 } }],
  ])('%s throws DomainError', (_name, patch) => {
    expect(() => sizePosition({ ...seed, ...patch }, cfg, risk)).toThrow(DomainError);
  });
});

describe('sizePosition: properties', () => {
  const arbitraryCase = fc.record({
    equity: fc.double({ min: 100, max: 1e8, noNaN: true }),
    premium: fc.double({ min: 0.01, max: 100, noNaN: true }),
    tradeType: fc.constantFrom('day' as const, 'swing' as const),
    day: fc.double({ min: 0.0025, max: 0.0075, noNaN: true }),
    swing: fc.double({ min: 0.005, max: 0.015, noNaN: true }),
    maxContracts: fc.integer({ min: 1, max: 5 }),
    perTrade: fc.double({ min: 0, max: 0.03, noNaN: true }),
    atrPct: fc.option(fc.double({ min: 0, max: 0.05, noNaN: true }), { nil: undefined }),
    tranche: fc.option(fc.constantFrom('first' as const, 'add' as const), { nil: undefined }),
    scaleIn: fc.boolean(),
  });

  it('contracts are whole, ≤ maxContracts, and never cost more than min(risk %, 3 %) of equity', () => {
    fc.assert(
      fc.property(arbitraryCase, (c) => {
        const { rules: r, risk: k } = loadConfig({
          sizing: { riskPct: { day: c.day, swing: c.swing }, maxContracts: c.maxContracts, scaleIn: { enabled: c.scaleIn } },
          risk: { maxRiskPerTradePct: c.perTrade },
        });
        const d = sizePosition({ equity: c.equity, premium: c.premium, multiplier: 100, tradeType: c.tradeType, atrPct: c.atrPct, tranche: c.tranche }, r.sizing, k);
        if (!d.ok) return;
        const { contracts } = d.value;
        const budget = c.equity * Math.min(c.tradeType === 'day' ? c.day : c.swing, c.perTrade);
        expect(Number.isInteger(contracts)).toBe(true);
        expect(contracts).toBeGreaterThanOrEqual(1);
        expect(contracts).toBeLessThanOrEqual(c.maxContracts);
        expect(contracts * c.premium * 100).toBeLessThanOrEqual(budget * (1 + 1e-9) + 1e-6);
        expect(d.value.maxLoss).toBeLessThanOrEqual(d.value.riskDollars * (1 + 1e-9) + 1e-6);
      }),
    );
  });
});
