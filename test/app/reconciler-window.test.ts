import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/actors/engine.js';
import type { BrokerReports, MassStatus, MassStatusRequest } from '../../src/actors/ports/broker-reports.js';
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
  it('a day back with nothing held, and back to the oldest entry when one is older', () => {
    expect(changesSince(NOW, [], undefined)).toBe(NOW - DAY);
    expect(changesSince(NOW, [NOW - 3 * HOUR], undefined)).toBe(NOW - DAY);
    expect(changesSince(NOW, [NOW - 10 * DAY, NOW - 40 * DAY], undefined)).toBe(NOW - 40 * DAY);
  });

  it('never from earlier than a day before the last run that passed, which compared every change until then', () => {
    expect(changesSince(NOW, [NOW - 40 * DAY], NOW - 2 * HOUR)).toBe(NOW - 2 * HOUR - DAY);
    expect(changesSince(NOW, [NOW - 40 * DAY], NOW - 10 * DAY)).toBe(NOW - 11 * DAY);
    // A position entered after the last pass: its entry is later still, and a day back holds.
    expect(changesSince(NOW, [NOW - 3 * HOUR], NOW - 10 * DAY)).toBe(NOW - DAY);
    // A pass "after now" (a clock set back) is taken as now.
    expect(changesSince(NOW, [NOW - 40 * DAY], NOW + DAY)).toBe(NOW - DAY);
    expect(changesSince(DAY / 2, [], undefined)).toBe(0);
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

  function start(now: () => number, lastPassedTs?: number): MassStatusRequest[] {
    const asked: MassStatusRequest[] = [];
    const reports: BrokerReports = {
      massStatus: (request): Promise<MassStatus> => {
        asked.push(request);
        // The venue holds the same 3 contracts: every run passes.
        return Promise.resolve({ ts: now(), openOrders: [], orders: [], positions: [{ symbol: contract.symbol, qty: 3, avgEntryPrice: 4.2 }], activities: [] });
      },
    };
    const engine = { whenIdle: () => Promise.resolve(), haltEntries: () => undefined, resumeEntries: () => undefined, onSettlement: () => undefined, hedging: false } as unknown as Engine;
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

  it('asks for the changes since its entry when no run has passed, then from a day before the last pass', async () => {
    let now = NOW;
    const asked = start(() => now);
    expect((await reconciler?.run())?.halted).toBe(false);
    now = NOW + 6 * HOUR; // a stream reconnect later that day
    await reconciler?.run();
    expect(asked.map((r) => r.since)).toEqual([ENTRY, NOW - DAY]);
  });

  it('started after a pass the decisions audit holds: from a day before it, not since the entry', async () => {
    const asked = start(() => NOW, NOW - 3 * DAY);
    await reconciler?.run();
    expect(asked.map((r) => r.since)).toEqual([NOW - 4 * DAY]);
  });
});
