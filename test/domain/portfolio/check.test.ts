import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/domain/config/index.js';
import { checkOrder } from '../../../src/domain/portfolio/check.js';
import { shareExposure } from '../../../src/domain/portfolio/exposure.js';
import { portfolioGreeks } from '../../../src/domain/portfolio/greeks.js';
import { winnerTargetDollars } from '../../../src/domain/portfolio/profit-target.js';
import { emptyPortfolio, release, reserve, upsertPosition, type PortfolioState } from '../../../src/domain/portfolio/state.js';
import { exposure, orderExposureArb, stateArb } from './arbitraries.js';

const { risk } = loadConfig({});
const book = upsertPosition(emptyPortfolio(100_000), exposure({ capitalAtRisk: 2500 })); // 2.5 % at risk

describe('checkOrder', () => {
  it('approves an opening order inside every cap and returns the greeks after it', () => {
    const d = checkOrder({ effect: 'open', exposure: exposure({ id: 'th-1', qty: 1, capitalAtRisk: 2500 }) }, book, risk);
    expect(d).toMatchObject({ ok: true, reasons: ['WITHIN_LIMITS'], value: { capitalAtRisk: 5000, openPositions: 1 } });
  });

  it('3-5-7: 3 % per trade and 5 % in total, a value exactly at the cap is inside it', () => {
    const open = (capitalAtRisk: number, s: PortfolioState = emptyPortfolio(100_000)) =>
      checkOrder({ effect: 'open', exposure: exposure({ id: 'th-1', qty: 1, capitalAtRisk }) }, s, risk);
    expect(open(3000).ok).toBe(true);
    expect(open(3001)).toEqual({ ok: false, reasons: ['PER_TRADE_RISK'] });
    expect(open(2501, book)).toEqual({ ok: false, reasons: ['TOTAL_RISK'] });
    expect(open(3500, book)).toEqual({ ok: false, reasons: ['PER_TRADE_RISK', 'TOTAL_RISK'] });
  });

  it('counts pending reservations in the total; a retried order does not count twice', () => {
    const pending = reserve(book, exposure({ id: 'th-1', qty: 1, capitalAtRisk: 2000 }));
    expect(checkOrder({ effect: 'open', exposure: exposure({ id: 'th-2', capitalAtRisk: 1000 }) }, pending, risk).reasons).toEqual(['TOTAL_RISK']);
    expect(checkOrder({ effect: 'open', exposure: exposure({ id: 'th-1', qty: 1, capitalAtRisk: 2000 }) }, pending, risk).ok).toBe(true);
  });

  it('net delta and net vega caps block growth past the cap but never a hedge', () => {
    const long = upsertPosition(emptyPortfolio(1_000_000), exposure({ qty: 18, delta: 0.55, vega: 0.2, capitalAtRisk: 0 })); // 990 shares
    const more = exposure({ id: 'th-1', symbol: 'QQQ250117C00420000', qty: 1, delta: 0.5, vega: 0.2, capitalAtRisk: 0 });
    expect(checkOrder({ effect: 'open', exposure: more }, long, risk)).toEqual({ ok: false, reasons: ['NET_DELTA'] });
    const hedge = exposure({ id: 'th-2', symbol: 'SPY250117P00490000', qty: 2, delta: -0.45, vega: 0.2, capitalAtRisk: 0 });
    expect(checkOrder({ effect: 'open', exposure: hedge }, long, risk).ok).toBe(true);
    const vegaCap = { ...risk, maxNetVega: 370 }; // 360 held, 380 after
    expect(checkOrder({ effect: 'open', exposure: more }, long, vegaCap)).toEqual({ ok: false, reasons: ['NET_DELTA', 'NET_VEGA'] });
  });

  it('max positions counts new symbols only', () => {
    const one = { ...risk, maxOpenPositions: 1 };
    expect(checkOrder({ effect: 'open', exposure: exposure({ id: 'th-1', symbol: 'QQQ250117C00420000' }) }, book, one)).toEqual({ ok: false, reasons: ['MAX_POSITIONS'] });
    expect(checkOrder({ effect: 'open', exposure: exposure({ id: 'th-2', qty: 1 }) }, book, one).ok).toBe(true);
  });

  it('always approves a close, and an order that only shrinks a held position, whatever the caps', () => {
    const broken = upsertPosition(emptyPortfolio(10_000), exposure({ qty: 4, capitalAtRisk: 9000 }));
    const sell = exposure({ id: 'th-x', qty: -2, capitalAtRisk: 0 });
    expect(checkOrder({ effect: 'close', exposure: sell }, broken, risk)).toMatchObject({ ok: true, reasons: ['RISK_REDUCING'] });
    expect(checkOrder({ effect: 'open', exposure: sell }, broken, risk)).toMatchObject({ ok: true, reasons: ['RISK_REDUCING'] });
    // Past flat it opens a short of its own (its maximum loss at risk): new risk, and the book is over its cap.
    expect(checkOrder({ effect: 'open', exposure: { ...sell, qty: -5, capitalAtRisk: 100 } }, broken, risk)).toEqual({ ok: false, reasons: ['TOTAL_RISK'] });
  });

  it('a book over its total-risk cap still takes an order that adds no capital at risk (a delta hedge\'s shares)', () => {
    // $9,000 at risk on $10,000 is over the 5 % cap; 100 shares sold against the calls' delta add none.
    const broken = upsertPosition(emptyPortfolio(10_000), exposure({ qty: 4, capitalAtRisk: 9000 }));
    expect(checkOrder({ effect: 'open', exposure: shareExposure('th-SPY-1-h', 'SPY', -100) }, broken, risk)).toMatchObject({ ok: true, reasons: ['WITHIN_LIMITS'] });
  });

  it('exports the 7 % profit target as 7:3 of the capital risked', () => {
    // A trade risking the full 3 % of $182,000 = $5,460 targets 7 % of it: 5,460 × 0.07 / 0.03 = 12,740.
    expect(winnerTargetDollars(5_460, risk)).toBeCloseTo(12_740, 6);
  });
});

describe('checkOrder: properties', () => {
  const tol = (limit: number) => limit * (1 + 1e-9) + 1e-9;
  const effectArb = fc.constantFrom('open' as const, 'close' as const);
  /** Caps tight enough that every one of them binds in some runs. */
  const riskArb = fc
    .record({
      maxRiskPerTradePct: fc.double({ min: 0.005, max: 0.03, noNaN: true }),
      maxTotalRiskPct: fc.double({ min: 0.01, max: 0.05, noNaN: true }),
      maxNetDeltaShares: fc.double({ min: 0, max: 1500, noNaN: true }),
      maxNetVega: fc.double({ min: 0, max: 400, noNaN: true }),
      maxOpenPositions: fc.integer({ min: 1, max: 5 }),
    })
    .map((caps) => loadConfig({ risk: caps }).risk);

  it('closing orders are always approved, whatever the state', () => {
    fc.assert(
      fc.property(stateArb, orderExposureArb, riskArb, (state, e, risk) => {
        expect(checkOrder({ effect: 'close', exposure: e }, state, risk)).toMatchObject({ ok: true, reasons: ['RISK_REDUCING'] });
      }),
    );
  });

  it('never approves an opening order that leaves a cap broken, and denies with exactly the caps broken', () => {
    fc.assert(
      fc.property(stateArb, orderExposureArb, effectArb, riskArb, (state, e, effect, risk) => {
        const d = checkOrder({ effect, exposure: e }, state, risk);
        if (d.ok && d.reasons.includes('RISK_REDUCING')) return;
        const after = portfolioGreeks(reserve(state, e));
        const before = portfolioGreeks(release(state, e.id));
        const grows = (a: number, b: number) => Math.abs(a) > Math.abs(b);
        const broken = [
          e.capitalAtRisk > tol(risk.maxRiskPerTradePct * state.equity) && 'PER_TRADE_RISK',
          after.capitalAtRisk > tol(risk.maxTotalRiskPct * state.equity) && after.capitalAtRisk > before.capitalAtRisk && 'TOTAL_RISK',
          Math.abs(after.netDeltaShares) > tol(risk.maxNetDeltaShares) && grows(after.netDeltaShares, before.netDeltaShares) && 'NET_DELTA',
          Math.abs(after.netVega) > tol(risk.maxNetVega) && grows(after.netVega, before.netVega) && 'NET_VEGA',
          after.openPositions > risk.maxOpenPositions && after.openPositions > before.openPositions && 'MAX_POSITIONS',
        ].filter((r) => r !== false);
        if (d.ok) expect(broken).toEqual([]);
        else expect(d.reasons).toEqual(broken);
      }),
      { numRuns: 1000 },
    );
  });
});
