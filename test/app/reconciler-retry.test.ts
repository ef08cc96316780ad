import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/actors/engine.js';
import type { BrokerReports, MassStatus } from '../../src/actors/ports/broker-reports.js';
import type { DecisionEvent } from '../../src/actors/ports/decision-sink.js';
import type { OrderStore } from '../../src/actors/ports/order-store.js';
import type { PositionJournal } from '../../src/actors/ports/position-journal.js';
import { Reconciler } from '../../src/app/reconciler.js';
import { eventually } from '../helpers/eventually.js';
import { recordingLogger } from '../helpers/logger.js';

let reconciler: Reconciler | undefined;
afterEach(() => reconciler?.stop());

/**
 * The engine and its executor start side by side: the engine's first reconciliation can ask before the
 * executor listens (NATS "no responders"). It must not wait the whole interval (a minute) halted: a run
 * that could not ask the venue is tried again in a second.
 */
describe('a reconciliation that could not ask the venue', () => {
  it('is tried again within seconds, not after the whole interval, and entries resume when it passes', async () => {
    let asked = 0;
    const reports: BrokerReports = {
      massStatus: (): Promise<MassStatus> => {
        asked += 1;
        if (asked === 1) return Promise.reject(new Error('no executor answered on ns.broker.status (none is listening)'));
        return Promise.resolve({ ts: 0, openOrders: [], orders: [], positions: [], activities: [] });
      },
    };
    const halts: (readonly string[])[] = [];
    let resumed = 0;
    const engine = { whenIdle: () => Promise.resolve(), haltEntries: (r: readonly string[]) => halts.push(r), resumeEntries: () => (resumed += 1), onSettlement: () => undefined } as unknown as Engine;
    const decisions: DecisionEvent[] = [];
    const log = recordingLogger();
    reconciler = new Reconciler({
      engine,
      store: { workingOrders: () => Promise.resolve([]), order: () => Promise.resolve(undefined) } as unknown as OrderStore,
      journal: { openPositions: () => Promise.resolve([]) } as unknown as PositionJournal,
      deliver: () => undefined,
      decisions: { record: (e: DecisionEvent) => decisions.push(e) },
      reports,
      now: () => 1_000,
      log,
      everyMs: 60_000,
    });
    expect((await reconciler.run()).reasons).toEqual(['ENTRIES_HALTED', 'RECONCILIATION_FAILED']);
    expect(log.entries.find((e) => e.msg.startsWith('reconciliation could not run'))?.obj).toMatchObject({ retryInMs: 1_000 });
    // Tried again a second later (not 60 s): it passes, entries resume.
    await eventually(() => expect(reconciler?.status().halted).toBe(false), { timeoutMs: 5_000 });
    expect(asked).toBe(2);
    expect(resumed).toBe(1);
    expect(decisions.map((d) => d.reasons)).toEqual([['ENTRIES_HALTED', 'RECONCILIATION_FAILED'], ['RECONCILED']]);
  });
});
