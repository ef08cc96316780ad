import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/actors/engine.js';
import type { BrokerActivity, BrokerReports, MassStatus, MassStatusRequest } from '../../src/actors/ports/broker-reports.js';
import type { OrderStore } from '../../src/actors/ports/order-store.js';
import type { PositionJournal } from '../../src/actors/ports/position-journal.js';
import { snapshotOf } from '../../src/actors/position/journal.js';
import type { PositionState } from '../../src/actors/position/state.js';
import { changesSince, Reconciler } from '../../src/app/reconciler.js';
import { makeContract } from '../../src/domain/values/contract.js';
import { makePosition } from '../../src/domain/values/position.js';
import { recordingLogger } from '../helpers/logger.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2025, 3, 21, 15, 0); // Monday 21 April 2025, 11:00 New York

describe('changesSince: from when reconciliation reads the venue\'s changes', () => {
  it('back to the oldest entry, and a day back at least', () => {
    expect(changesSince(NOW, [], undefined)).toBe(NOW - DAY);
    expect(changesSince(NOW, [NOW - 3 * HOUR], undefined)).toBe(NOW - DAY);
    expect(changesSince(NOW, [NOW - 10 * DAY, NOW - 40 * DAY], undefined)).toBe(NOW - 40 * DAY);
    expect(changesSince(DAY / 2, [], undefined)).toBe(0);
  });

  it('from the last run that passed when that is later: the engine and the venue agreed then', () => {
    expect(changesSince(NOW, [NOW - 40 * DAY], NOW - 2 * HOUR)).toBe(NOW - 2 * HOUR);
    expect(changesSince(NOW, [NOW - 40 * DAY], NOW - 10 * DAY)).toBe(NOW - 10 * DAY);
    // A position entered after the last pass: a day back holds.
    expect(changesSince(NOW, [NOW - 3 * HOUR], NOW - 10 * DAY)).toBe(NOW - DAY);
    // A pass after now (a clock set back) tells nothing: back to the entry.
    expect(changesSince(NOW, [NOW - 40 * DAY], NOW + DAY)).toBe(NOW - 40 * DAY);
  });
});

let reconciler: Reconciler | undefined;
afterEach(() => reconciler?.stop());

describe('a reconciler with a position held for 40 days', () => {
  const ENTRY = NOW - 40 * DAY;
  const contract = makeContract({ underlying: 'SPY', expiry: '2025-06-20', right: 'call', strike: 500 });
  const position = makePosition({ id: `SPY-${ENTRY}`, contract, side: 'long', tradeType: 'swing', direction: 'bullish', qty: 3, initialQty: 3, entryPrice: 4.2, entryTs: ENTRY, entryUnderlying: 500, peakOptionPrice: 4.2, peakUnderlying: 500, partialStage: 0, trailFloorPct: 0.1 });
  const state: PositionState = {
    position,
    greeks: { delta: 0.5, gamma: 0.05, theta: -0.2, vega: 0.1 },
    entryReasons: ['SIGNAL'],
    entryFees: 1.95,
    entryOrderId: `th-SPY-${ENTRY}-open`,
    entryWorking: false,
    exitSeq: 0,
    exitQty: 0,
    exitNotional: 0,
    exitFees: 0,
    exitReasons: [],
    deadlines: [],
    armed: true,
  };

  /** The venue's changes of the position, as the venue reports them: those at or after the time asked for. */
  let changes: BrokerActivity[] = [];
  let heldAtVenue = 3;
  const settled: unknown[][] = [];

  function start(now: () => number, lastPassedTs?: number): MassStatusRequest[] {
    const asked: MassStatusRequest[] = [];
    const reports: BrokerReports = {
      massStatus: (request): Promise<MassStatus> => {
        asked.push(request);
        const positions = heldAtVenue === 0 ? [] : [{ symbol: contract.symbol, qty: heldAtVenue, avgEntryPrice: 4.2 }];
        return Promise.resolve({ ts: now(), openOrders: [], orders: [], positions, activities: changes.filter((c) => c.ts >= request.since) });
      },
    };
    const engine = { whenIdle: () => Promise.resolve(), haltEntries: () => undefined, resumeEntries: () => undefined, onSettlement: (...args: unknown[]) => settled.push(args), hedging: false } as unknown as Engine;
    reconciler = new Reconciler({
      engine,
      store: { workingOrders: () => Promise.resolve([]), order: () => Promise.resolve(undefined) } as unknown as OrderStore,
      journal: { openPositions: () => Promise.resolve([snapshotOf(state, ENTRY + 60_000)]) } as unknown as PositionJournal,
      deliver: () => undefined,
      decisions: { record: () => undefined },
      reports,
      now,
      log: recordingLogger(),
      everyMs: 60_000,
      ...(lastPassedTs === undefined ? {} : { lastPassedTs }),
    });
    return asked;
  }

  afterEach(() => {
    changes = [];
    heldAtVenue = 3;
    settled.length = 0;
  });

  it('asks for the changes since its entry when no run has passed, then since the last pass', async () => {
    let now = NOW;
    const asked = start(() => now);
    expect((await reconciler?.run())?.halted).toBe(false);
    now = NOW + 6 * HOUR; // another run later that day (RunningEngine.reconcile)
    await reconciler?.run();
    expect(asked.map((r) => r.since)).toEqual([ENTRY, NOW]);
  });

  it('started after a pass the decisions audit holds: since that pass, not since the entry', async () => {
    const asked = start(() => NOW, NOW - 3 * DAY);
    expect((await reconciler?.run())?.halted).toBe(false);
    expect(asked.map((r) => r.since)).toEqual([NOW - 3 * DAY]);
  });

  it('a position gone by a change before the last pass (its close lost by the journal) is still explained: the second look reads since the entry', async () => {
    // Exercised five days ago; the run that passed three days ago adopted it, but the journal's close was lost.
    heldAtVenue = 0;
    changes = [{ id: 'ex-1', kind: 'exercise', symbol: contract.symbol, qty: -3, price: 6.5, ts: NOW - 5 * DAY }];
    const asked = start(() => NOW, NOW - 3 * DAY);
    const status = await reconciler?.run();
    expect(asked.map((r) => r.since)).toEqual([NOW - 3 * DAY, ENTRY]);
    expect(status?.halted).toBe(false);
    expect(settled).toEqual([[contract.symbol, 6.5, NOW, 'EXERCISED_AT_VENUE']]);
  });

  it('a position gone with no change to explain it halts entries after both looks', async () => {
    heldAtVenue = 0;
    const asked = start(() => NOW, NOW - 3 * DAY);
    expect((await reconciler?.run())?.reasons).toEqual(['ENTRIES_HALTED', 'POSITION_MISSING_AT_BROKER']);
    expect(asked.map((r) => r.since)).toEqual([NOW - 3 * DAY, ENTRY]);
    expect(settled).toEqual([]);
  });
});
