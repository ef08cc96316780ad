import type { Engine } from '../actors/engine.js';
import type { BrokerReports, MassStatus } from '../actors/ports/broker-reports.js';
import type { DecisionSink } from '../actors/ports/decision-sink.js';
import type { OrderStore } from '../actors/ports/order-store.js';
import type { PositionJournal } from '../actors/ports/position-journal.js';
import { seedFrom } from '../actors/position/journal.js';
import type { Logger } from '../actors/runtime/logger.js';
import { isShares } from '../domain/values/order.js';
import { positionHoldings, reconcileHoldings, type Mismatch, type Reconciliation } from '../domain/reconcile/holdings.js';
import { DAY_MS } from '../domain/values/time.js';
import type { Execution } from '../domain/values/execution.js';

export interface ReconcilerDeps {
  readonly engine: Engine;
  readonly store: OrderStore;
  readonly journal: PositionJournal;
  /** Routes an order's state learned from the venue as the transport's own would be (deduplicated). */
  readonly deliver: (execution: Execution) => void;
  readonly decisions: DecisionSink;
  readonly reports: BrokerReports;
  readonly now: () => number;
  readonly log: Logger;
  /** While halted, run again this often (wall ms). */
  readonly everyMs: number;
  /** Entries taken up again at start whose order may have ended unseen: their state is asked for too. */
  readonly resumed?: readonly string[];
  /** When a reconciliation last passed before this start (the decisions audit's latest RECONCILED), if one did. */
  readonly lastPassedTs?: number;
}

export interface ReconcilerStatus {
  readonly halted: boolean;
  /** Reason codes of the halt (ENTRIES_HALTED first). */
  readonly reasons: readonly string[];
  readonly mismatches: readonly Mismatch[];
  readonly lastRunTs?: number;
}

/** The correlation id of reconciliation's decisions: `thetis status` reads the latest to tell whether entries are halted. */
export const RECONCILIATION = 'reconciliation';

/**
 * Reconciles the engine with the venue, on start and then, while entries are halted, every
 * `everyMs` until it passes (a run that could not ask the venue is tried again sooner: 1 s, doubling). First the engine catches up: the venue's state of every order the
 * store has not seen end is routed in (fills made while the engine was down). Then the journal's
 * positions are compared with the venue's (reconcileHoldings): the venue's own changes are adopted
 * (the positions closed with their reason), anything else halts new entries with its reasons, in
 * the log and the decisions audit. A venue that cannot be asked halts too (fail closed). Exits are
 * never halted.
 */
export class Reconciler {
  private current: ReconcilerStatus = { halted: false, reasons: [], mismatches: [] };
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** Runs in a row that could not ask the venue (no executor listening yet, the venue away). */
  private failures = 0;
  /** When a run last passed: the engine and the venue agreed then. */
  private lastPassed: number | undefined;

  constructor(private readonly d: ReconcilerDeps) {
    this.lastPassed = d.lastPassedTs;
  }

  status(): ReconcilerStatus {
    return this.current;
  }

  async run(): Promise<ReconcilerStatus> {
    clearTimeout(this.timer);
    const now = this.d.now();
    try {
      // A difference is looked at twice before it halts: an order can fill between the venue's answer and
      // the journal read. The first look reads the venue's changes since the last run that passed, the
      // second since the oldest open entry (changesSince).
      let result = await this.reconcile(this.lastPassed);
      if (!result.ok) result = await this.reconcile(undefined);
      for (const a of result.adoptions) {
        this.d.log.warn({ symbol: a.symbol, reason: a.reason, price: a.price }, 'reconciliation: adopting what the broker did');
        this.d.engine.onSettlement(a.symbol, a.price, now, a.reason);
      }
      for (const note of result.notes) this.d.log.warn({ note }, 'reconciliation: position at the broker not managed by Thetis');
      if (result.ok) this.resume(now);
      else this.halt(now, result.mismatches.map((m) => m.reason), result.mismatches);
      this.failures = 0;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.failures += 1;
      this.d.log.error({ error: message, retryInMs: this.retryMs() }, 'reconciliation could not run: entries halted until it does');
      this.halt(now, ['RECONCILIATION_FAILED'], []);
    }
    if (this.current.halted && !this.stopped) {
      this.timer = setTimeout(() => void this.run(), this.retryMs());
      this.timer.unref();
    }
    return this.current;
  }

  /**
   * When to try again while halted: a mismatch every `everyMs`; a run that could not ask the venue
   * (an executor starting beside the engine has no listener yet) soon, 1 s doubling up to `everyMs`.
   */
  private retryMs(): number {
    return this.failures === 0 ? this.d.everyMs : Math.min(this.d.everyMs, 1_000 * 2 ** (this.failures - 1));
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async reconcile(lastPassed: number | undefined): Promise<Reconciliation> {
    const { engine, store, journal } = this.d;
    await engine.whenIdle();
    const working = await store.workingOrders();
    const before = (await journal.openPositions()).map(seedFrom);
    const since = changesSince(this.d.now(), before.map((s) => s.position.entryTs), lastPassed);
    const ids = new Set([...working.map((o) => o.intent.clientOrderId), ...(this.d.resumed ?? [])]);
    const venue: MassStatus = await this.d.reports.massStatus({ clientOrderIds: [...ids], since });
    for (const e of venue.orders) this.d.deliver(e);
    await engine.whenIdle();
    const held = (await journal.openPositions()).map(seedFrom);
    const known = new Set<string>();
    for (const o of venue.openOrders) if ((await store.order(o.clientOrderId)) !== undefined) known.add(o.clientOrderId);
    // The delta hedge's shares (hedging.delta), as the portfolio books them: Thetis's own at the venue.
    const hedges = engine.hedging ? (await engine.portfolio()).positions.filter(isShares).map((e) => ({ symbol: e.symbol, qty: e.qty })) : [];
    return reconcileHoldings({
      now: this.d.now(),
      engine: held.flatMap((s) => positionHoldings(s.position)),
      hedges,
      venue: venue.positions,
      changes: venue.activities,
      venueOpenOrders: venue.openOrders,
      knownOrderIds: known,
    });
  }

  private halt(now: number, reasons: readonly string[], mismatches: readonly Mismatch[]): void {
    const all = ['ENTRIES_HALTED', ...new Set(reasons)];
    for (const m of mismatches) this.d.log.error({ reason: m.reason, symbol: m.symbol, detail: m.detail }, 'reconciliation mismatch: new entries halted (exits go on)');
    this.d.engine.haltEntries(all);
    this.d.decisions.record({ ts: now, correlationId: RECONCILIATION, kind: 'supervision', ok: false, underlying: '', reasons: all });
    this.current = { halted: true, reasons: all, mismatches, lastRunTs: now };
  }

  private resume(now: number): void {
    this.lastPassed = now;
    if (this.current.halted) this.d.log.warn({}, 'reconciliation passed: entries resume');
    this.d.engine.resumeEntries();
    this.d.decisions.record({ ts: now, correlationId: RECONCILIATION, kind: 'supervision', ok: true, underlying: '', reasons: ['RECONCILED'] });
    this.current = { halted: false, reasons: [], mismatches: [], lastRunTs: now };
  }
}

/**
 * From when the venue's changes (activities, fills of orders Thetis did not place) are read: back to
 * the oldest open position's entry, and a day back at least, since a change since then can explain a
 * position gone. Given the last run that passed (`lastPassed`, not after `now`), from then instead
 * when it is later: the engine and the venue agreed then, so the changes since explain a difference
 * made after it. Reconciliation looks with it first and, should a difference be left, again without:
 * a change the venue dates by day only, or a close the journal lost, is then still found. Without the
 * first look, a position held for weeks on a busy account (a delta hedge sends share orders by the
 * minute) meant paging through every order since its entry, past the report's page cap, at every
 * run: each one failed, and entries stayed halted.
 */
export function changesSince(now: number, entries: readonly number[], lastPassed: number | undefined): number {
  let since = now - DAY_MS;
  for (const ts of entries) since = Math.min(since, ts);
  if (lastPassed !== undefined && lastPassed <= now) since = Math.max(since, lastPassed);
  return Math.max(0, since);
}
