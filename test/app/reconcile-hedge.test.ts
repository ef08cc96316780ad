import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/actors/engine.js';
import type { OrderStore } from '../../src/actors/ports/order-store.js';
import type { PositionJournal, PositionSnapshot } from '../../src/actors/ports/position-journal.js';
import { Reconciler } from '../../src/app/reconciler.js';
import { Harness } from '../actors/fixtures/harness.js';
import { quoteShares } from '../actors/fixtures/shares.js';
import { recordingLogger } from '../helpers/logger.js';

/** The journal in memory: each position's last snapshot. */
class MemoryJournal implements PositionJournal {
  private readonly last = new Map<string, PositionSnapshot>();
  save(s: PositionSnapshot): Promise<void> {
    this.last.set(s.id, s);
    return Promise.resolve();
  }
  openPositions(): Promise<PositionSnapshot[]> {
    return Promise.resolve([...this.last.values()].filter((s) => s.open));
  }
  known(ids: readonly string[]): Promise<ReadonlySet<string>> {
    return Promise.resolve(new Set(ids.filter((id) => this.last.has(id))));
  }
}

let h: Harness | undefined;
afterEach(() => h?.stop());

describe('reconciliation with a delta hedge (hedging.delta)', () => {
  it('counts the hedge’s shares at the venue as Thetis’s own: nothing noted, entries go on', async () => {
    const journal = new MemoryJournal();
    // Cap 280: the breakout's 5 calls (≈ 268 share equivalents) pass it as SPY rallies, and the hedge sells shares.
    h = quoteShares(new Harness({ equity: 1_000_000, journal, config: { hedging: { delta: { enabled: true } }, risk: { maxNetDeltaShares: 280 } } }));
    let close = await h.breakout();
    for (let i = 0; i < 10 && h.broker.stockPositions().length === 0; i++) await h.bar('SPY', (close *= 1.001));
    const [shares] = h.broker.stockPositions();
    expect(shares?.qty).toBeLessThan(0);
    expect(h.engine.openPositions).toBe(1);

    const run = async (engine: Engine) => {
      const log = recordingLogger();
      const reconciler = new Reconciler({
        engine,
        store: { workingOrders: () => Promise.resolve([]), order: () => Promise.resolve(undefined) } as unknown as OrderStore,
        journal,
        deliver: () => undefined,
        decisions: { record: () => undefined },
        reports: (h as Harness).executor,
        now: () => (h as Harness).clock.now(),
        log,
        everyMs: 60_000,
      });
      const status = await reconciler.run();
      reconciler.stop();
      return { status, notes: log.entries.filter((e) => e.msg.startsWith('reconciliation: position at the broker not managed')).map((e) => (e.obj as { note: string }).note) };
    };
    // The venue holds the calls (the journal's position) and the hedge's short shares (the portfolio's SPY-hedge): both Thetis's.
    expect(await run(h.engine)).toEqual({ status: expect.objectContaining({ halted: false, reasons: [] }), notes: [] });
    // Read as before hedging existed (the engine not hedging), the same shares are a holding Thetis does not manage.
    const notHedging = Object.create(h.engine, { hedging: { value: false } }) as Engine;
    expect((await run(notHedging)).notes).toEqual([`SPY: ${shares?.qty} shares at the broker, not managed by Thetis (an exercise or assignment leaves shares)`]);
  });
});
