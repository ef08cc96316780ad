import { describe, expect, it } from 'vitest';
import { selectShortPremium } from '../../../src/domain/premium/select.js';
import { structureExposure } from '../../../src/domain/premium/risk.js';
import type { ShortPremiumRequest } from '../../../src/domain/premium/types.js';
import { portfolioGreeks } from '../../../src/domain/portfolio/greeks.js';
import { emptyPortfolio, upsertPosition } from '../../../src/domain/portfolio/state.js';
import { CTX, ctxWith, leg, NOW } from './fixture.js';

const bullish: ShortPremiumRequest = { underlying: 'XYZ', direction: 'bullish', premiumSide: 'short', spot: 100, now: NOW, equity: 100_000 };

/*
 * A put chain on XYZ at $100, 39 DTE. Liquidity (swing): spread ≤ 10 % of mid, OI ≥ 500, volume ≥ 200, mid ≥ $0.30.
 *   97P 1.90/2.06 Δ −0.38  out of the 0.25–0.35 band
 *   95P 1.20/1.30 Δ −0.30  mid 1.25, spread 0.10/1.25 = 8 %
 *   94P 0.95/1.03 Δ −0.26  mid 0.99, spread 0.08/0.99 = 8.08 %
 *   93P 0.70/0.77 Δ −0.21  mid 0.735, spread 0.07/0.735 = 9.52 % (out of the band: only a wing)
 * Short scores (0.4 spread + 0.3 OI + 0.2 volume + 0.1 delta, delta part 1 − | |Δ| − 0.30 | / 0.3):
 *   95P: 0.4 × (1 − 0.08/0.10) + 0.3 + 0.2 + 0.1 × 1 = 0.08 + 0.6 = 0.68
 *   94P: 0.4 × (1 − 0.0808/0.10) + 0.3 + 0.2 + 0.1 × (1 − 0.04/0.3) = 0.0768 + 0.5 + 0.0867 = 0.6635
 * so 95P is the short. Wing target 95 − 0.02 × 100 = 93 → 93P, width $2.
 */
const PUTS = [
  leg({ strike: 97, bid: 1.9, ask: 2.06, delta: -0.38 }),
  leg({ strike: 95, bid: 1.2, ask: 1.3, delta: -0.3 }),
  leg({ strike: 94, bid: 0.95, ask: 1.03, delta: -0.26 }),
  leg({ strike: 93, bid: 0.7, ask: 0.77, delta: -0.21 }),
];

describe('selectShortPremium: bull put spread, worked by hand', () => {
  /*
   * CSP on 95P first: credit at the natural (offset 1) = 1.20; assignment cost (95 − 1.20) × 100 = $9,380
   * > RiskAmount $100,000 × 1 % = $1,000 → CSP_TOO_LARGE → bull put spread 95/93.
   * Net quote: bid 1.20 − 0.77 = 0.43 (natural), ask 1.30 − 0.70 = 0.60, mid 0.515, half spread 0.085.
   */
  it('default offset 1: limit = natural 0.43, max loss $157, floor(1000/157) = 6 → hard cap 5', () => {
    const r = selectShortPremium(PUTS, bullish, CTX);
    expect(r.ranking.map((s) => s.contract.strike)).toEqual([95, 94]);
    expect(r.decision.ok).toBe(true);
    if (!r.decision.ok) return;
    const p = r.decision.value;
    expect(p.structure.kind).toBe('bull_put_spread');
    expect(p.structure.legs.map((l) => [l.contract.symbol, l.side, l.ratio])).toEqual([
      ['XYZ260213P00095000', 'short', 1],
      ['XYZ260213P00093000', 'long', 1],
    ]);
    expect(p.structure.width).toBe(2);
    expect(p.pricing.netMid).toBeCloseTo(0.515, 12);
    expect(p.pricing.natural).toBeCloseTo(0.43, 12);
    expect(p.credit).toBe(0.43);
    expect(p.maxLossPerContract).toBeCloseTo(157, 9); // (2 − 0.43) × 100
    expect(p.sizing.uncappedContracts).toBe(6); // 6 × 157 = 942 ≤ 1000 < 7 × 157 = 1099
    expect(p.sizing.contracts).toBe(5);
    expect(p.reasons).toEqual(['BULL_PUT_SPREAD', 'CSP_TOO_LARGE', 'RISK_PCT', 'ATR_UNKNOWN', 'HARD_CAP']);
  });

  it('offset 0.5: limit = 0.515 − 0.5 × 0.085 = 0.4725 → 0.47 (a tick down); max loss $153', () => {
    const r = selectShortPremium(PUTS, bullish, ctxWith({ execution: { limitOffsetOfHalfSpread: 0.5 } }));
    expect(r.decision.ok && r.decision.value.credit).toBe(0.47);
    if (!r.decision.ok) return;
    expect(r.decision.value.maxLossPerContract).toBeCloseTo(153, 9);
    expect(r.decision.value.sizing.uncappedContracts).toBe(6); // floor(1000 / 153) = 6
  });

  it('exposure: capital at risk = 5 × $157; net delta sums both legs signed by side', () => {
    const r = selectShortPremium(PUTS, bullish, CTX);
    if (!r.decision.ok) throw new Error('expected an approval');
    const e = structureExposure('pos-1', r.decision.value, r.decision.value.sizing.contracts);
    expect(e.qty).toBe(-5);
    expect(e.symbol).toBe('XYZ260213P00095000');
    expect(e.capitalAtRisk).toBeCloseTo(785, 9); // 5 × 157
    expect(e.delta).toBeCloseTo(-0.09, 12); // −0.30 − (−0.21)
    // Leg by leg: short 95P −5 × 100 × −0.30 = +150; long 93P +5 × 100 × −0.21 = −105; net +45 shares.
    // Vega: short −5 × 100 × 0.15 = −75; long +5 × 100 × 0.105 = +52.5; net −22.5.
    const g = portfolioGreeks(upsertPosition(emptyPortfolio(100_000), e));
    expect(g.netDeltaShares).toBeCloseTo(45, 9);
    expect(g.netVega).toBeCloseTo(-22.5, 9);
  });

  it('CSP disabled: the spread, with CSP_DISABLED', () => {
    const r = selectShortPremium(PUTS, bullish, ctxWith({ premium: { cashSecuredPut: false } }));
    expect(r.decision.reasons.slice(0, 2)).toEqual(['BULL_PUT_SPREAD', 'CSP_DISABLED']);
  });
});

describe('selectShortPremium: cash-secured put when it fits', () => {
  /*
   * XYZ at $10: 9.5P 0.30/0.32 Δ −0.30 (mid 0.31, spread 0.02/0.31 = 6.5 %). Credit 0.30 (natural, offset 1).
   * Assignment cost (9.50 − 0.30) × 100 = $920 ≤ $1,000 → 1 contract.
   */
  it('sells one cash-secured put', () => {
    const chain = [leg({ strike: 9.5, bid: 0.3, ask: 0.32, delta: -0.3 })];
    const r = selectShortPremium(chain, { ...bullish, spot: 10 }, CTX);
    expect(r.decision.ok).toBe(true);
    if (!r.decision.ok) return;
    expect(r.decision.value.structure.kind).toBe('cash_secured_put');
    expect(r.decision.value.structure.legs).toHaveLength(1);
    expect(r.decision.value.credit).toBe(0.3);
    expect(r.decision.value.maxLossPerContract).toBeCloseTo(920, 9);
    expect(r.decision.value.sizing.contracts).toBe(1);
    expect(r.decision.reasons[0]).toBe('CASH_SECURED_PUT');
  });

  it('at 0.5 % risk ($500) the $920 assignment does not fit: a spread is needed and, with no wing, nothing is sold', () => {
    const chain = [leg({ strike: 9.5, bid: 0.3, ask: 0.32, delta: -0.3 })];
    const r = selectShortPremium(chain, { ...bullish, spot: 10 }, ctxWith({ sizing: { riskPct: { swing: 0.005 } } }));
    expect(r.decision).toEqual({ ok: false, reasons: ['NO_SHORT_PREMIUM_STRUCTURE', 'CSP_TOO_LARGE', 'NO_LONG_LEG'] });
  });
});

describe('selectShortPremium: bear call spread', () => {
  /*
   * Calls at $100: 105C 1.00/1.08 Δ 0.30, 107C 0.50/0.54 Δ 0.20. Wing target 105 + 2 = 107.
   * Net bid 1.00 − 0.54 = 0.46 = the limit (offset 1); ≥ 0.20 × 2 = 0.40. Max loss (2 − 0.46) × 100 = $154.
   */
  it('sells the 105/107 call spread for 0.46', () => {
    const chain = [leg({ strike: 105, bid: 1, ask: 1.08, delta: 0.3, right: 'call' }), leg({ strike: 107, bid: 0.5, ask: 0.54, delta: 0.2, right: 'call' })];
    const r = selectShortPremium(chain, { ...bullish, direction: 'bearish' }, CTX);
    expect(r.decision.ok).toBe(true);
    if (!r.decision.ok) return;
    expect(r.decision.value.structure.kind).toBe('bear_call_spread');
    expect(r.decision.value.structure.legs.map((l) => l.contract.strike)).toEqual([105, 107]);
    expect(r.decision.value.credit).toBe(0.46);
    expect(r.decision.value.maxLossPerContract).toBeCloseTo(154, 9);
    expect(r.decision.reasons[0]).toBe('BEAR_CALL_SPREAD');
  });

  it('never sells a call without its wing', () => {
    const chain = [leg({ strike: 105, bid: 1, ask: 1.08, delta: 0.3, right: 'call' })];
    expect(selectShortPremium(chain, { ...bullish, direction: 'bearish' }, CTX).decision).toEqual({ ok: false, reasons: ['NO_SHORT_PREMIUM_STRUCTURE', 'NO_LONG_LEG'] });
  });
});

describe('selectShortPremium: boundaries and denials', () => {
  it('a long premium side never sells', () => {
    expect(selectShortPremium(PUTS, { ...bullish, premiumSide: 'long' }, CTX).decision).toEqual({ ok: false, reasons: ['PREMIUM_SIDE_LONG'] });
  });

  it('delta band edges: |Δ| 0.25 and 0.35 are in, 0.2499 and 0.3501 out', () => {
    const chain = [
      leg({ strike: 96, bid: 1.5, ask: 1.6, delta: -0.35 }),
      leg({ strike: 96.5, bid: 1.6, ask: 1.7, delta: -0.3501 }),
      leg({ strike: 94, bid: 0.95, ask: 1.03, delta: -0.25 }),
      leg({ strike: 93.5, bid: 0.9, ask: 0.98, delta: -0.2499 }),
    ];
    const r = selectShortPremium(chain, bullish, CTX);
    expect(r.ranking.map((s) => s.contract.strike).sort()).toEqual([94, 96]);
    const why = Object.fromEntries(r.rejected.map((x) => [x.symbol, x.reasons]));
    expect(why['XYZ260213P00096500']).toEqual(['SHORT_DELTA_OUT_OF_RANGE']);
    expect(why['XYZ260213P00093500']).toEqual(['SHORT_DELTA_OUT_OF_RANGE']);
  });

  it('DTE window 30–60 (rolling.shortTargetDte): 29 and 61 DTE are out, 30 and 60 in', () => {
    // 2026-01-05 + 29 = 2026-02-03, + 30 = 02-04, + 60 = 03-06, + 61 = 03-07.
    const at = (expiry: string) => leg({ strike: 95, bid: 1.2, ask: 1.3, delta: -0.3, expiry });
    const r = selectShortPremium([at('2026-02-03'), at('2026-02-04'), at('2026-03-06'), at('2026-03-07')], bullish, CTX);
    expect(r.ranking.map((s) => s.contract.expiry).sort()).toEqual(['2026-02-04', '2026-03-06']);
    expect(r.rejected.map((x) => x.reasons)).toEqual([['SHORT_DTE_OUT_OF_RANGE'], ['SHORT_DTE_OUT_OF_RANGE']]);
  });

  /*
   * Minimum credit 0.20 × $2 = $0.40. Short 95P bid 1.20; wing 93P ask 0.80 → natural 1.20 − 0.80 = 0.40 (in floats
   * 0.3999999999999999, a tick 0.40): exactly the minimum, accepted. Wing ask 0.81 → 0.39: CREDIT_BELOW_MINIMUM.
   */
  it('credit exactly at the minimum passes; a cent below is denied', () => {
    const short = leg({ strike: 95, bid: 1.2, ask: 1.3, delta: -0.3 });
    const at = selectShortPremium([short, leg({ strike: 93, bid: 0.73, ask: 0.8, delta: -0.21 })], bullish, CTX);
    expect(at.decision.ok && at.decision.value.credit).toBe(0.4);
    const below = selectShortPremium([short, leg({ strike: 93, bid: 0.74, ask: 0.81, delta: -0.21 })], bullish, CTX);
    expect(below.decision).toEqual({ ok: false, reasons: ['NO_SHORT_PREMIUM_STRUCTURE', 'CSP_TOO_LARGE', 'CREDIT_BELOW_MINIMUM'] });
  });

  it('a natural price that is no credit is denied (short bid 1.00 − wing ask 1.00 = 0)', () => {
    const chain = [leg({ strike: 95, bid: 1, ask: 1.1, delta: -0.3 }), leg({ strike: 93, bid: 0.92, ask: 1, delta: -0.21 })];
    expect(selectShortPremium(chain, bullish, CTX).decision.reasons).toContain('NATURAL_NOT_A_CREDIT');
  });

  it('an empty chain is denied EMPTY_CHAIN', () => {
    expect(selectShortPremium([], bullish, CTX).decision).toEqual({ ok: false, reasons: ['EMPTY_CHAIN'] });
  });

  it('rejects bad input with a specific error', () => {
    expect(() => selectShortPremium(PUTS, { ...bullish, equity: 0 }, CTX)).toThrow(/equity/);
  });
});
