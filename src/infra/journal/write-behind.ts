import type { PositionJournal, PositionSnapshot } from '../../actors/ports/position-journal.js';
import type { Logger } from '../../actors/runtime/logger.js';
import { databaseUnreachable } from '../db/unreachable.js';

/**
 * The position journal of a live engine when the database may be away. A snapshot is written at
 * once and the position actor waits for it. A write the database refuses (a constraint, a bad value)
 * rejects: the actor stops and restarts from its last snapshot written, with backoff, never carrying
 * on as if written. When the database cannot be reached (databaseUnreachable), the actors are not
 * held up, since a position's stops must keep working through an outage: from then on every snapshot
 * is kept, the latest per position, and written again every `retryMs`, oldest first, until the
 * database takes them all; then writes are direct again. Nothing is taken as written before it is:
 * `behind` says how many positions wait, and a crash meanwhile restarts from the last snapshots
 * written, which reconciliation with the broker checks (fail closed).
 */
export class WriteBehindJournal implements PositionJournal {
  readonly stats = { written: 0, deferred: 0, rewritten: 0 };
  private readonly waiting = new Map<string, PositionSnapshot>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly inner: PositionJournal,
    private readonly log: Logger,
    private readonly retryMs = 1_000,
  ) {}

  /** Positions whose latest snapshot is not written yet. */
  get behind(): number {
    return this.waiting.size;
  }

  async save(snapshot: PositionSnapshot): Promise<void> {
    if (this.waiting.size > 0) {
      this.defer(snapshot);
      return;
    }
    try {
      await this.inner.save(snapshot);
      this.stats.written += 1;
    } catch (error) {
      if (!databaseUnreachable(error)) throw error;
      this.log.error({ positionId: snapshot.id, error: error instanceof Error ? error.message : String(error) }, 'database unreachable: journal snapshots are kept and written when it is back');
      this.defer(snapshot);
    }
  }

  openPositions(): Promise<PositionSnapshot[]> {
    return this.inner.openPositions();
  }

  known(ids: readonly string[]): Promise<ReadonlySet<string>> {
    return this.inner.known(ids);
  }

  /** Stops retrying; what is still unwritten is said (a restart starts from the last snapshots written, checked by reconciliation). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.waiting.size > 0) this.log.error({ positions: [...this.waiting.keys()] }, 'stopped with journal snapshots unwritten');
  }

  private defer(snapshot: PositionSnapshot): void {
    this.stats.deferred += 1;
    this.waiting.delete(snapshot.id); // re-inserted last: the map stays in write order
    this.waiting.set(snapshot.id, snapshot);
    if (this.timer === undefined && !this.stopped) this.timer = setTimeout(() => void this.flush(), this.retryMs);
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    for (const [id, snapshot] of this.waiting) {
      try {
        await this.inner.save(snapshot);
      } catch {
        break; // still away: try again later
      }
      this.stats.rewritten += 1;
      if (this.waiting.get(id) === snapshot) this.waiting.delete(id);
    }
    if (this.waiting.size === 0) this.log.warn({}, 'journal caught up: every snapshot kept during the outage is written');
    else if (!this.stopped) this.timer = setTimeout(() => void this.flush(), this.retryMs);
  }
}
