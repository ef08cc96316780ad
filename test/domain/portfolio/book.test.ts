import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/domain/config/index.js';
import { RESYNC_MIN_CHANGES, RiskBook } from '../../../src/domain/portfolio/book.js';
import { checkOrder } from '../../../src/domain/portfolio/check.js';
import type { Exposure } from '../../../src/domain/portfolio/exposure.js';
import { portfolioGreeks } from '../../../src/domain/portfolio/greeks.js';
import { emptyPortfolio, release, removePosition, reserve, settleFill, updateHeldPositions, upsertPosition, type PortfolioState } from '../../../src/domain/portfolio/state.js';
import { contribution, type Contribution } from '../../../src/domain/portfolio/totals.js';
import { exposure } from './arbitraries.js';

const SYMBOLS = ['SPY250117C00500000', 'SPY250117P00490000', 'QQQ250117C00420000', 'IWM250117P00200000', 'AAPL250117C00190000'];
const POSITION_IDS = ['pos-0', 'pos-1', 'pos-2', 'pos-3', 'pos-4', 'pos-5'];
const RESERVATION_IDS = ['th-r0', 'th-r1', 'th-r2', 'th-r3'];

/**
 * Greeks on a dyadic grid (k/64) and whole dollars at risk: every product and sum is exact in
 * binary floating point whatever the order of summation, so the book and the pure reference must
 * agree exactly, decisions included (no cap comparison can fall within float noise).
 */
function gridExposureArb(id: fc.Arbitrary<string>): fc.Arbitrary<Exposure> {
  const grid = (min: number, max: number) => fc.integer({ min, max }).map((k) => k / 64);
  return fc.record({
    id,
    underlying: fc.constant('SPY'),
    symbol: fc.constantFrom(...SYMBOLS),
    qty: fc.integer({ min: -8, max: 8 }),
    multiplier: fc.constant(100),
    delta: grid(-64, 64),
    gamma: grid(0, 13),
    theta: grid(-32, 0),
    vega: grid(0, 38),
    capitalAtRisk: fc.integer({ min: 0, max: 6000 }),
  });
}

const riskArb = fc
  .record({
    maxRiskPerTradePct: fc.double({ min: 0.005, max: 0.03, noNaN: true }),
    maxTotalRiskPct: fc.double({ min: 0.01, max: 0.05, noNaN: true }),
    maxNetDeltaShares: fc.double({ min: 0, max: 1500, noNaN: true }),
    maxNetVega: fc.double({ min: 0, max: 400, noNaN: true }),
    maxOpenPositions: fc.integer({ min: 1, max: 5 }),
  })
  .map((caps) => loadConfig({ risk: caps }).risk);

type Op =
  | { readonly kind: 'reserve'; readonly e: Exposure }
  | { readonly kind: 'release'; readonly id: string }
  | { readonly kind: 'upsert'; readonly e: Exposure }
  | { readonly kind: 'update'; readonly e: Exposure }
  | { readonly kind: 'remove'; readonly id: string }
  | { readonly kind: 'settle'; readonly id: string; readonly filled: Exposure | undefined }
  | { readonly kind: 'invalid'; readonly e: Exposure }
  | { readonly kind: 'equity'; readonly equity: number };

const positionId = fc.constantFrom(...POSITION_IDS);
const reservationId = fc.constantFrom(...RESERVATION_IDS);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: gridExposureArb(reservationId).map((e) => ({ kind: 'reserve' as const, e })) },
  { weight: 1, arbitrary: reservationId.map((id) => ({ kind: 'release' as const, id })) },
  { weight: 3, arbitrary: gridExposureArb(positionId).map((e) => ({ kind: 'upsert' as const, e })) },
  { weight: 2, arbitrary: gridExposureArb(positionId).map((e) => ({ kind: 'update' as const, e })) },
  { weight: 1, arbitrary: positionId.map((id) => ({ kind: 'remove' as const, id })) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('settle' as const), id: reservationId, filled: fc.option(gridExposureArb(positionId), { nil: undefined }) }) },
  { weight: 1, arbitrary: gridExposureArb(reservationId).map((e) => ({ kind: 'invalid' as const, e: { ...e, delta: Number.NaN } })) },
  { weight: 1, arbitrary: fc.integer({ min: 10_000, max: 500_000 }).map((equity) => ({ kind: 'equity' as const, equity })) },
);

/** The op on the pure reference (state.ts). */
function applyPure(s: PortfolioState, op: Op): PortfolioState {
  switch (op.kind) {
    case 'reserve':
    case 'invalid':
      return reserve(s, op.e);
    case 'release':
      return release(s, op.id);
    case 'upsert':
      return upsertPosition(s, op.e);
    case 'update':
      return updateHeldPositions(s, [op.e]);
    case 'remove':
      return removePosition(s, op.id);
    case 'settle':
      return settleFill(s, op.id, op.filled);
    case 'equity':
      return { ...s, equity: op.equity };
  }
}

/** The same op on the book, in place. */
function applyBook(b: RiskBook, op: Op): void {
  switch (op.kind) {
    case 'reserve':
    case 'invalid':
      b.reserve(op.e);
      return;
    case 'release':
      b.release(op.id);
      return;
    case 'upsert':
      b.upsertPosition(op.e);
      return;
    case 'update':
      b.updateHeldPosition(op.e);
      return;
    case 'remove':
      b.removePosition(op.id);
      return;
    case 'settle':
      b.settleFill(op.id, op.filled);
      return;
    case 'equity':
      b.setEquity(op.equity);
      return;
  }
}

function attempt<T>(f: () => T): { ok: true; value: T } | { ok: false; error: unknown } {
  try {
    return { ok: true, value: f() };
  } catch (error) {
    return { ok: false, error };
  }
}

function expectSameBook(book: RiskBook, state: PortfolioState): void {
  expect(book.equity).toBe(state.equity);
  expect([...book.positions.entries()]).toEqual([...state.positions.entries()]); // same entries, same order
  expect([...book.reservations.entries()]).toEqual([...state.reservations.entries()]);
  expect(book.greeks()).toEqual(portfolioGreeks(state));
}

describe('RiskBook: the pure state functions and checkOrder, in O(1)', () => {
  it('after any sequence of changes holds the same book, greeks and decisions as the pure reference; a change that throws changes nothing', () => {
    fc.assert(
      fc.property(
        fc.array(opArb, { maxLength: 40 }),
        fc.array(fc.record({ effect: fc.constantFrom('open' as const, 'close' as const), e: gridExposureArb(fc.constantFrom('th-new', ...RESERVATION_IDS)), risk: riskArb }), { minLength: 1, maxLength: 3 }),
        (ops, orders) => {
          let state = emptyPortfolio(100_000);
          const book = new RiskBook(100_000);
          for (const op of ops) {
            const pure = attempt(() => applyPure(state, op));
            const before = book.toState();
            const mutable = attempt(() => applyBook(book, op));
            expect(mutable.ok).toBe(pure.ok);
            if (pure.ok) state = pure.value;
            else {
              expect((mutable as { error: unknown }).error).toEqual(pure.error);
              expectSameBook(book, before);
            }
            expectSameBook(book, state);
            for (const { effect, e, risk } of orders) {
              expect(book.check({ effect, exposure: e }, risk)).toEqual(checkOrder({ effect, exposure: e }, state, risk));
            }
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('round-trips through its plain state', () => {
    let s = upsertPosition(emptyPortfolio(100_000), exposure());
    s = reserve(s, exposure({ id: 'th-1', symbol: 'QQQ250117C00420000' }));
    const book = RiskBook.from(s);
    expect(book.toState()).toEqual(s);
    expect(structuredClone(book.toState())).toEqual(s);
    expect(book.greeks()).toEqual(portfolioGreeks(s));
  });

  it('an empty book is exactly zero again, whatever came and went', () => {
    const book = new RiskBook(100_000);
    book.upsertPosition(exposure({ delta: 0.1, gamma: 0.07, vega: 0.3 }));
    book.reserve(exposure({ id: 'th-1', delta: 0.2, theta: -0.7 }));
    book.settleFill('th-1', exposure({ delta: 0.2, theta: -0.7 }));
    book.removePosition('pos-1');
    expect(book.greeks()).toEqual(portfolioGreeks(emptyPortfolio(100_000)));
  });
});

/**
 * The error-free sum of doubles, rounded once at the end (Shewchuk's partials, as in Python's
 * math.fsum, without its last-bit correction): the reference for the running totals' drift.
 */
function exactSum(xs: Iterable<number>): number {
  const partials: number[] = [];
  for (let x of xs) {
    let i = 0;
    for (let y of partials) {
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) partials[i++] = lo;
      x = hi;
    }
    partials.length = i;
    partials.push(x);
  }
  return partials.reduce((a, b) => a + b, 0);
}

const FIELDS = ['netDeltaShares', 'netGamma', 'netTheta', 'netVega', 'capitalAtRisk'] as const satisfies readonly (keyof Contribution)[];
const U = 2 ** -53;

/**
 * The stated tolerance of a running total: 4u·Σ|terms held| (the rounding of the result) plus
 * 2⁻⁸⁰·Σ|every term counted in or out| (the second-order error of Neumaier's compensation over
 * the changes, u²·n with n ≤ 2²⁶ changes between recounts). A plain running sum misses it by many
 * orders of magnitude once large terms come and go (see below).
 */
function expectWithinTolerance(book: RiskBook, held: readonly Exposure[], churn: Record<(typeof FIELDS)[number], number>): void {
  const g = book.greeks();
  for (const f of FIELDS) {
    const terms = held.map((e) => contribution(e)[f]);
    const exact = exactSum(terms);
    const tolerance = 4 * U * exactSum(terms.map(Math.abs)) + 2 ** -80 * churn[f];
    expect(Math.abs(g[f] - exact), `${f}: ${g[f]} vs ${exact}`).toBeLessThanOrEqual(tolerance);
  }
}

/** An exposure whose greeks and capital at risk span 1e-6 … 1e12 (the worst case for a running sum). */
const wideExposureArb = fc
  .record({
    symbol: fc.constantFrom(...SYMBOLS),
    qty: fc.integer({ min: -8, max: 8 }),
    scale: fc.constantFrom(1e-6, 1, 1e3, 1e6, 1e12),
    delta: fc.double({ min: -1, max: 1, noNaN: true }),
    gamma: fc.double({ min: 0, max: 0.2, noNaN: true }),
    theta: fc.double({ min: -0.5, max: 0, noNaN: true }),
    vega: fc.double({ min: 0, max: 0.6, noNaN: true }),
    risk: fc.double({ min: 0, max: 6000, noNaN: true }),
  })
  .map(({ scale, risk, delta, gamma, theta, vega, ...rest }) =>
    exposure({ ...rest, delta: delta * scale, gamma: gamma * scale, theta: theta * scale, vega: vega * scale, capitalAtRisk: risk * scale }),
  );

describe('RiskBook: running totals stay within a stated tolerance of a from-scratch sum', () => {
  const ids = Array.from({ length: 40 }, (_, i) => `e-${i}`);
  const churnOf = () => ({ netDeltaShares: 0, netGamma: 0, netTheta: 0, netVega: 0, capitalAtRisk: 0 });
  const addChurn = (churn: Record<(typeof FIELDS)[number], number>, e: Exposure | undefined) => {
    if (e === undefined) return;
    const c = contribution(e);
    for (const f of FIELDS) churn[f] += Math.abs(c[f]);
  };

  it('after many random adds, replacements and removals of positions and reservations (magnitudes 1e-6 … 1e12)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ add: fc.boolean(), reservation: fc.boolean(), id: fc.constantFrom(...ids), e: wideExposureArb }), { minLength: 1, maxLength: 600 }),
        (ops) => {
          const book = new RiskBook(100_000);
          const churn = churnOf();
          for (const { add, reservation, id, e } of ops) {
            const map = reservation ? book.reservations : book.positions;
            addChurn(churn, map.get(id));
            if (add) {
              addChurn(churn, e);
              if (reservation) book.reserve({ ...e, id });
              else book.upsertPosition({ ...e, id });
            } else if (reservation) book.release(id);
            else book.removePosition(id);
          }
          expectWithinTolerance(book, [...book.positions.values(), ...book.reservations.values()], churn);
          // The from-scratch sum the pure functions give agrees within the same bound plus its own (naive) rounding.
          const scratch = portfolioGreeks(book.toState());
          expect(book.greeks().openPositions).toBe(scratch.openPositions);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a large exposure that comes and goes leaves the small ones intact (a plain running sum would lose them)', () => {
    const book = new RiskBook(100_000);
    const small = exposure({ id: 'small', qty: 1, delta: 0.0123 });
    const huge = exposure({ id: 'huge', symbol: 'QQQ250117C00420000', qty: 8, delta: 1e15 });
    let plain = 0;
    for (let i = 0; i < 1_000; i++) {
      book.upsertPosition(small);
      plain += contribution(small).netDeltaShares;
      book.upsertPosition(huge);
      plain += contribution(huge).netDeltaShares;
      book.removePosition('huge');
      plain -= contribution(huge).netDeltaShares;
      book.removePosition('small');
      plain -= contribution(small).netDeltaShares;
    }
    book.upsertPosition(small);
    book.upsertPosition(huge);
    book.removePosition('huge');
    plain += contribution(small).netDeltaShares;
    expect(book.greeks().netDeltaShares).toBe(contribution(small).netDeltaShares);
    expect(Math.abs(plain - contribution(small).netDeltaShares)).toBeGreaterThan(0.1); // what a plain running sum would hold
  });

  it(`recounts from scratch past ${RESYNC_MIN_CHANGES} changes, and stays within the tolerance throughout`, () => {
    const book = new RiskBook(100_000);
    let seed = 7;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648; // deterministic, test-only
    const changes = RESYNC_MIN_CHANGES + 10_000;
    const churn = churnOf();
    for (let i = 0; i < changes; i++) {
      const id = `e-${Math.floor(next() * 200)}`;
      addChurn(churn, book.positions.get(id));
      const e = exposure({ id, qty: 1 + Math.floor(next() * 8), delta: next() * 10 ** Math.floor(next() * 12), capitalAtRisk: next() * 1e6 });
      addChurn(churn, e);
      book.upsertPosition(e);
      if (i % 5_000 === 0) expectWithinTolerance(book, [...book.positions.values()], churn);
    }
    expectWithinTolerance(book, [...book.positions.values()], churn);
    book.resync();
    expectWithinTolerance(book, [...book.positions.values()], churnOf());
  });
});
