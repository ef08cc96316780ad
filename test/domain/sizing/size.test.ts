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
    // No ATR given: the ATR bound is skipped and says so.
    expect(d.reasons).toEqual(['RISK_PCT', 'ATR_UNKNOWN']);
  });

  it('swing: 1 % = $1,820 → 7 contracts before the hard cap, 5 after', () => {
    const d = sized({ ...seed, tradeType: 'swing' });
    expect(d.value).toMatchObject({ riskDollars: 1820, uncappedContracts: 7, fullContracts: 5, contracts: 5 });
    expect(d.reasons).toEqual(['RISK_PCT', 'ATR_UNKNOWN', 'HARD_CAP']);
  });

  it('the old 5 % / 10 % sizing is impossible: the config rejects riskPct outside the seed band', () => {
    expect(() => loadConfig({ sizing: { riskPct: { day: 0.05 } } })).toThrow(/0.0075/);
  });
});

describe('sizePosition: reductions', () => {
  it('denies PREMIUM_TOO_EXPENSIVE when the budget buys no whole contract', () => {
    const off = { ...cfg, atr: { ...cfg.atr, enabled: false } };
    expect(sizePosition({ ...seed, premium: 9.2 }, off, risk)).toEqual({ ok: false, reasons: ['PREMIUM_TOO_EXPENSIVE'] });
  });

  it('counts a float-rounded ratio as the whole number (0.30 × 100 buys exactly 30 of $900)', () => {
    const d = sized({ equity: 180_000, premium: 0.3, multiplier: 100, tradeType: 'day' }, { ...cfg, maxContracts: 5 });
    expect(d.value.uncappedContracts).toBe(30);
  });

  it('ATR unknown: the % rule alone, with ATR_UNKNOWN (DELTA_UNKNOWN without a delta)', () => {
    expect(sized(seed).reasons).toEqual(['RISK_PCT', 'ATR_UNKNOWN']);
    expect(sized({ ...seed, atr: 0.2 }).reasons).toEqual(['RISK_PCT', 'DELTA_UNKNOWN']);
    expect(sized({ ...seed, atr: 0.2 }).value).not.toHaveProperty('atrContracts');
  });

  it('disabled ATR: no bound and no reason', () => {
    const off = { ...cfg, atr: { ...cfg.atr, enabled: false } };
    expect(sized({ ...seed, atr: 5, delta: 0.55 }, off)).toMatchObject({ value: { contracts: 3 }, reasons: ['RISK_PCT'] });
  });
});

describe('sizePosition: the ATR rule beside the % rule and the caps (the smallest wins)', () => {
  /** A 16-bar day horizon: √16 = 4, so a $0.30 one-minute ATR is $1.20 over the horizon. */
  const sixteen = { ...cfg, atr: { ...cfg.atr, horizonBars: { day: 16, swing: 390 } } };
  const base: SizingInput = { equity: 100_000, premium: 1, multiplier: 100, tradeType: 'day', atr: 0.3, delta: 0.55 };

  it('ATR binds: $500 / (0.55 × $1.20 × 2 × 100) = 3.79 → 3, below the % rule’s 5', () => {
    // RiskAmount = 0.5 % × $100,000 = $500; % rule: 500 / ($1.00 × 100) = 5; ATR: 500 / 132 = 3.79 → 3.
    const d = sized(base, sixteen);
    expect(d.value).toMatchObject({ pctContracts: 5, atrContracts: 3, uncappedContracts: 3, fullContracts: 3, contracts: 3, riskPerContract: 100, maxLoss: 300 });
    expect(d.value.atrRiskPerContract).toBeCloseTo(132, 9);
    expect(d.value.riskDollars).toBeCloseTo(500, 9);
    expect(d.reasons).toEqual(['RISK_PCT', 'ATR_LIMIT']);
  });

  it('the % rule binds: premium $2.00 → 500 / 200 = 2.5 → 2, below the ATR’s 3', () => {
    const d = sized({ ...base, premium: 2 }, sixteen);
    expect(d.value).toMatchObject({ pctContracts: 2, atrContracts: 3, contracts: 2 });
    expect(d.reasons).toEqual(['RISK_PCT']);
  });

  it('a tie is the % rule’s: premium $1.60 → 500 / 160 = 3.125 → 3, as the ATR’s 3', () => {
    expect(sized({ ...base, premium: 1.6 }, sixteen).reasons).toEqual(['RISK_PCT']);
  });

  it('the hard cap binds after both: swing $1,820, premium $1.00 → % 18, ATR 8, cap 5', () => {
    // Default swing horizon: 0.10 × √390 = 1.974842; 0.55 × 1.974842 × 2 × 100 = $217.23; 1820 / 217.23 = 8.38 → 8.
    const d = sized({ equity: 182_000, premium: 1, multiplier: 100, tradeType: 'swing', atr: 0.1, delta: 0.55 });
    expect(d.value).toMatchObject({ pctContracts: 18, atrContracts: 8, uncappedContracts: 8, fullContracts: 5, contracts: 5 });
    expect(d.reasons).toEqual(['RISK_PCT', 'ATR_LIMIT', 'HARD_CAP']);
  });

  it('the 3 % per-trade cap lowers RiskAmount for both rules', () => {
    // RiskAmount = 0.4 % × $100,000 = $400: % rule 400 / 100 = 4; ATR 400 / 132 = 3.03 → 3.
    const d = sized(base, sixteen, { ...risk, maxRiskPerTradePct: 0.004 });
    expect(d.value).toMatchObject({ riskPct: 0.004, pctContracts: 4, atrContracts: 3, contracts: 3 });
    expect(d.reasons).toEqual(['RISK_PCT', 'PER_TRADE_CAP', 'ATR_LIMIT']);
  });

  it('denies ATR_RISK_TOO_HIGH when one contract’s ATR risk exceeds the budget the premium fits', () => {
    // 2.00 × 4 = $8.00 horizon ATR; 0.55 × 8 × 2 × 100 = $880 > $500; the % rule would buy 5.
    expect(sizePosition({ ...base, atr: 2 }, sixteen, risk)).toEqual({ ok: false, reasons: ['ATR_RISK_TOO_HIGH'] });
  });

  it('PREMIUM_TOO_EXPENSIVE comes first when the premium itself does not fit', () => {
    expect(sizePosition({ ...base, premium: 6, atr: 2 }, sixteen, risk)).toEqual({ ok: false, reasons: ['PREMIUM_TOO_EXPENSIVE'] });
    expect(sizePosition({ ...seed, premium: 9.2 }, cfg, risk)).toEqual({ ok: false, reasons: ['PREMIUM_TOO_EXPENSIVE', 'ATR_UNKNOWN'] });
  });

  it('Factor scales the ATR risk: Factor 1 doubles the ATR count to 7', () => {
    // 0.55 × 1.20 × 1 × 100 = $66; 500 / 66 = 7.58 → 7, above the % rule's 5.
    const one = { ...sixteen, atr: { ...sixteen.atr, factor: 1 } };
    expect(sized(base, one).value).toMatchObject({ atrContracts: 7, contracts: 5 });
  });

  it('the tranche splits the ATR-bound size', () => {
    const on = { ...sixteen, scaleIn: { ...sixteen.scaleIn, enabled: true } };
    // full 3 → first max(1, floor(1.5)) = 1 (the position adds 2 on confirmation).
    expect(sized({ ...base, tranche: 'first' }, on).value).toMatchObject({ contracts: 1, fullContracts: 3 });
  });
});

describe('sizePosition: Kelly and the per-trade ceiling', () => {
  it('half-Kelly lowers the risk fraction once enough trades exist', () => {
    // Kelly = (0.4·1.0 − 0.6·0.6)/1.0 = 0.04; half = 0.02 > 1 %: no reduction.
    const edge = { trades: 50, winRate: 0.4, avgWin: 1, avgLoss: 0.6 };
    expect(sized({ ...seed, tradeType: 'swing', kelly: edge }).value).toMatchObject({ riskPct: 0.01, kellyPct: expect.closeTo(0.04, 12) });
    // Kelly = (0.4·1.0 − 0.6·0.65)/1.0 = 0.01; half = 0.005 < 1 %: swing risk halves to $910 → 3.
    const thin = sized({ ...seed, tradeType: 'swing', kelly: { ...edge, avgLoss: 0.65 } });
    expect(thin.value.riskPct).toBeCloseTo(0.005, 12);
    expect(thin.value.contracts).toBe(3);
    expect(thin.reasons).toEqual(['RISK_PCT', 'KELLY_REDUCED', 'ATR_UNKNOWN']);
  });

  it('Kelly is ignored below minTrades, and a negative edge is denied', () => {
    const losing = { trades: 50, winRate: 0.3, avgWin: 1, avgLoss: 0.6 };
    expect(sizePosition({ ...seed, kelly: losing }, cfg, risk)).toEqual({ ok: false, reasons: ['NEGATIVE_EDGE'] });
    const few = sized({ ...seed, kelly: { ...losing, trades: 29 } });
    expect(few.value.contracts).toBe(3);
    expect(few.reasons).toEqual(['RISK_PCT', 'KELLY_TOO_FEW_TRADES', 'ATR_UNKNOWN']);
    expect(sized({ ...seed, kelly: losing }, { ...cfg, kelly: { ...cfg.kelly, enabled: false } }).value.contracts).toBe(3);
  });

  it('the 3 % per-trade ceiling binds when configured below the risk %', () => {
    const d = sized({ ...seed, tradeType: 'swing' }, cfg, { ...risk, maxRiskPerTradePct: 0.004 });
    expect(d.value).toMatchObject({ riskPct: 0.004, riskDollars: 728, contracts: 2 });
    expect(d.reasons).toEqual(['RISK_PCT', 'PER_TRADE_CAP', 'ATR_UNKNOWN']);
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
    ['NaN ATR', { atr: Number.NaN }],
    ['delta below −1', { atr: 0.2, delta: -1.2 }],
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
    atr: fc.option(fc.double({ min: 0, max: 5, noNaN: true }), { nil: undefined }),
    delta: fc.option(fc.double({ min: -1, max: 1, noNaN: true }), { nil: undefined }),
    tranche: fc.option(fc.constant('first' as const), { nil: undefined }),
    scaleIn: fc.boolean(),
  });

  it('contracts are whole, ≤ maxContracts, and never cost more than min(risk %, 3 %) of equity', () => {
    fc.assert(
      fc.property(arbitraryCase, (c) => {
        const { rules: r, risk: k } = loadConfig({
          sizing: { riskPct: { day: c.day, swing: c.swing }, maxContracts: c.maxContracts, scaleIn: { enabled: c.scaleIn } },
          risk: { maxRiskPerTradePct: c.perTrade },
        });
        const d = sizePosition({ equity: c.equity, premium: c.premium, multiplier: 100, tradeType: c.tradeType, atr: c.atr, delta: c.delta, tranche: c.tranche }, r.sizing, k);
        if (!d.ok) return;
        const { contracts } = d.value;
        const budget = c.equity * Math.min(c.tradeType === 'day' ? c.day : c.swing, c.perTrade);
        expect(Number.isInteger(contracts)).toBe(true);
        expect(contracts).toBeGreaterThanOrEqual(1);
        expect(contracts).toBeLessThanOrEqual(c.maxContracts);
        expect(contracts * c.premium * 100).toBeLessThanOrEqual(budget * (1 + 1e-9) + 1e-6);
        expect(d.value.maxLoss).toBeLessThanOrEqual(d.value.riskDollars * (1 + 1e-9) + 1e-6);
        // The ATR rule: a loss of Factor (2) horizon ATRs at |Δ| on the full size stays within the budget.
        const horizon = c.tradeType === 'day' ? 60 : 390;
        const atrLoss = d.value.fullContracts * Math.abs(c.delta ?? 0) * (c.atr ?? 0) * Math.sqrt(horizon) * 2 * 100;
        expect(atrLoss).toBeLessThanOrEqual(budget * (1 + 1e-9) + 1e-6);
      }),
    );
  });
});
