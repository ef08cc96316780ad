import { describe, expect, it } from 'vitest';
import { makeStructure } from '../../../src/domain/premium/structure.js';
import { positionHoldings, reconcileHoldings, type ReconcileInput } from '../../../src/domain/reconcile/holdings.js';
import { makeContract } from '../../../src/domain/values/contract.js';

// 2026-11-30 (a Monday) 15:00 UTC = 10:00 New York.
const NOW = Date.UTC(2026, 10, 30, 15, 0);
const CALL = 'SPY261218C00600000'; // expires 2026-12-18: not expired
const PUT = 'QQQ261127P00500000'; // expired 2026-11-27, before today
const input = (over: Partial<ReconcileInput>): ReconcileInput => ({ now: NOW, engine: [], venue: [], changes: [], venueOpenOrders: [], knownOrderIds: new Set(), ...over });

describe('reconcileHoldings', () => {
  it('passes when both sides hold the same contracts, summed over positions', () => {
    const r = reconcileHoldings(input({ engine: [{ symbol: CALL, qty: 2 }, { symbol: CALL, qty: 3 }], venue: [{ symbol: CALL, qty: 5 }] }));
    expect(r).toEqual({ ok: true, adoptions: [], mismatches: [], notes: [] });
  });

  it('halts on a broker position the engine lacks, and on one the broker lacks', () => {
    const unknown = reconcileHoldings(input({ venue: [{ symbol: CALL, qty: 4 }] }));
    expect(unknown.ok).toBe(false);
    expect(unknown.mismatches).toEqual([{ reason: 'BROKER_POSITION_UNKNOWN', symbol: CALL, detail: 'Thetis holds 0, the broker 4' }]);
    const missing = reconcileHoldings(input({ engine: [{ symbol: CALL, qty: 4 }] }));
    expect(missing.mismatches).toEqual([{ reason: 'POSITION_MISSING_AT_BROKER', symbol: CALL, detail: 'Thetis holds 4, the broker 0' }]);
    const fewer = reconcileHoldings(input({ engine: [{ symbol: CALL, qty: 4 }], venue: [{ symbol: CALL, qty: 1 }] }));
    expect(fewer.mismatches.map((m) => m.reason)).toEqual(['POSITION_QTY_MISMATCH']);
  });

  it('adopts an assignment, an exercise, an expiry and a liquidation that take the whole position', () => {
    const assigned = reconcileHoldings(input({ engine: [{ symbol: CALL, qty: 2 }], changes: [{ kind: 'assignment', symbol: CALL, qty: -2, ts: NOW - 1 }] }));
    expect(assigned).toMatchObject({ ok: true, adoptions: [{ reason: 'ASSIGNED_AT_VENUE', symbol: CALL }] });
    const exercised = reconcileHoldings(input({ engine: [{ symbol: CALL, qty: 2 }], changes: [{ kind: 'exercise', symbol: CALL, qty: -2, ts: NOW - 1 }], venue: [{ symbol: 'SPY', qty: 200 }] }));
    expect(exercised.adoptions).toEqual([{ reason: 'EXERCISED_AT_VENUE', symbol: CALL }]);
    expect(exercised.ok).toBe(true);
    expect(exercised.notes).toHaveLength(1); // the shares are reported, not fought
    const expired = reconcileHoldings(input({ engine: [{ symbol: CALL, qty: 2 }], changes: [{ kind: 'expiry', symbol: CALL, qty: -2, ts: NOW - 1 }] }));
    expect(expired.adoptions).toEqual([{ reason: 'EXPIRED_AT_VENUE', symbol: CALL, price: 0 }]);
    // Liquidated in two fills: 1 at 2.00 and 3 at 3.00 → (2 + 9) / 4 = 2.75 a share.
    const liquidated = reconcileHoldings(
      input({
        engine: [{ symbol: CALL, qty: 4 }],
        changes: [
          { kind: 'foreign-fill', symbol: CALL, qty: -1, price: 2, ts: NOW - 2 },
          { kind: 'foreign-fill', symbol: CALL, qty: -3, price: 3, ts: NOW - 1 },
        ],
      }),
    );
    expect(liquidated.adoptions).toEqual([{ reason: 'LIQUIDATED_AT_VENUE', symbol: CALL, price: 2.75 }]);
  });

  it('does not adopt a venue change that leaves part of the position unexplained', () => {
    const r = reconcileHoldings(input({ engine: [{ symbol: CALL, qty: 4 }], changes: [{ kind: 'foreign-fill', symbol: CALL, qty: -1, price: 2, ts: NOW }] }));
    expect(r.ok).toBe(false);
    expect(r.mismatches.map((m) => m.reason)).toEqual(['POSITION_MISSING_AT_BROKER']);
  });

  it('adopts a contract gone from the broker after its expiry date, at intrinsic value', () => {
    const r = reconcileHoldings(input({ engine: [{ symbol: PUT, qty: 1 }] }));
    expect(r).toEqual({ ok: true, adoptions: [{ reason: 'EXPIRED_AT_VENUE', symbol: PUT }], mismatches: [], notes: [] });
  });

  it('halts on working orders the store does not know, Thetis ids or foreign option orders; ignores foreign stock orders', () => {
    const r = reconcileHoldings(
      input({
        knownOrderIds: new Set(['th-SPY-1-open']),
        venueOpenOrders: [
          { clientOrderId: 'th-SPY-1-open', symbol: CALL },
          { clientOrderId: 'th-SPY-2-open', symbol: CALL },
          { clientOrderId: 'manual-1', symbol: CALL },
          { clientOrderId: 'manual-2', symbol: 'SPY' },
        ],
      }),
    );
    expect(r.mismatches.map((m) => [m.reason, m.symbol])).toEqual([
      ['UNKNOWN_THETIS_ORDER', CALL],
      ['FOREIGN_OPEN_ORDER', CALL],
    ]);
  });

  describe('a sold structure is held leg by leg', () => {
    const put = (strike: number) => makeContract({ underlying: 'SPY', expiry: '2026-12-18', right: 'put', strike });
    // A bull put spread of 3 units: short 3 of the 590 put, long 3 of the 580 put.
    const spread = { contract: put(590), side: 'short' as const, qty: 3, structure: makeStructure('bull_put_spread', put(590), put(580)) };

    it('its holdings are every leg, signed by side', () => {
      expect(positionHoldings(spread)).toEqual([
        { symbol: 'SPY261218P00590000', qty: -3 },
        { symbol: 'SPY261218P00580000', qty: 3 },
      ]);
      expect(positionHoldings({ contract: put(590), side: 'long', qty: 2 })).toEqual([{ symbol: 'SPY261218P00590000', qty: 2 }]);
    });

    it('matches the two legs at the broker; the wing alone would read as a position Thetis does not know', () => {
      const venue = [
        { symbol: 'SPY261218P00590000', qty: -3 },
        { symbol: 'SPY261218P00580000', qty: 3 },
      ];
      expect(reconcileHoldings(input({ engine: positionHoldings(spread), venue })).ok).toBe(true);
      const shortOnly = reconcileHoldings(input({ engine: [{ symbol: 'SPY261218P00590000', qty: -3 }], venue }));
      expect(shortOnly.mismatches.map((m) => [m.reason, m.symbol])).toEqual([['BROKER_POSITION_UNKNOWN', 'SPY261218P00580000']]);
    });
  });
});

describe('reconcileHoldings with a delta hedge (hedging.delta)', () => {
  it('counts the hedge’s shares as Thetis’s own: none noted when the broker holds exactly them', () => {
    expect(reconcileHoldings(input({ hedges: [{ symbol: 'SPY', qty: -155 }], venue: [{ symbol: 'SPY', qty: -155 }] }))).toEqual({ ok: true, adoptions: [], mismatches: [], notes: [] });
  });

  it('notes only the shares beyond the hedge (an assignment’s), on its side', () => {
    // −155 hedged, −255 at the broker: −100 are someone else’s (a short call assigned).
    const r = reconcileHoldings(input({ hedges: [{ symbol: 'SPY', qty: -155 }], venue: [{ symbol: 'SPY', qty: -255 }, { symbol: 'QQQ', qty: 100 }] }));
    expect(r).toEqual({
      ok: true,
      adoptions: [],
      mismatches: [],
      notes: ['QQQ: 100 shares at the broker, not managed by Thetis (an exercise or assignment leaves shares)', "SPY: -255 shares at the broker, -155 of them Thetis's delta hedge; -100 not managed by Thetis (an exercise or assignment leaves shares)"],
    });
  });

  it('halts when the broker holds less of the hedge than Thetis, or none', () => {
    expect(reconcileHoldings(input({ hedges: [{ symbol: 'SPY', qty: -155 }], venue: [{ symbol: 'SPY', qty: -100 }] })).mismatches).toEqual([
      { reason: 'POSITION_QTY_MISMATCH', symbol: 'SPY', detail: "Thetis's delta hedge holds -155 shares, the broker -100" },
    ]);
    expect(reconcileHoldings(input({ hedges: [{ symbol: 'SPY', qty: 40 }], venue: [{ symbol: 'SPY', qty: -40 }] })).mismatches.map((m) => m.reason)).toEqual(['POSITION_QTY_MISMATCH']);
    const missing = reconcileHoldings(input({ hedges: [{ symbol: 'SPY', qty: -155 }] }));
    expect(missing).toMatchObject({ ok: false, mismatches: [{ reason: 'POSITION_MISSING_AT_BROKER', symbol: 'SPY', detail: "Thetis's delta hedge holds -155 shares, the broker 0" }] });
  });
});
