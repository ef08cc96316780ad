import type { PositionJournal, PositionSnapshot } from '../../../actors/ports/position-journal.js';
import { failpoint, failpointArmed } from '../../failpoints/index.js';
import { PositionRow } from '../entities/position.js';
import { withEm } from '../orm.js';
import type { Orm } from '../sql.js';

/** The position journal on MikroORM: one row per position, its latest snapshot (an upsert per save). */
export class OrmPositionJournal implements PositionJournal {
  /** Positions this process has journaled (kept only while the recovery tests' crash point is armed). */
  private readonly saved = new Set<string>();

  constructor(private readonly orm: Orm) {}

  async save(s: PositionSnapshot): Promise<void> {
    if (failpointArmed('position-journaled') && !this.saved.has(s.id)) {
      this.saved.add(s.id);
      failpoint('position-journaled');
    }
    // A plain JSON copy: the actor's state is frozen, and the ORM writes into what it is given.
    const state: unknown = JSON.parse(JSON.stringify(s.state));
    await withEm(this.orm, async (em) => {
      await em.upsert(PositionRow, { id: s.id, underlying: s.underlying, symbol: s.symbol, state, open: s.open, updatedTs: s.ts });
    });
  }

  async known(ids: readonly string[]): Promise<ReadonlySet<string>> {
    if (ids.length === 0) return new Set();
    return withEm(this.orm, async (em) => {
      const rows = await em.find(PositionRow, { id: { $in: [...ids] } }, { fields: ['id'], disableIdentityMap: true });
      return new Set(rows.map((r) => r.id));
    });
  }

  async openPositions(): Promise<PositionSnapshot[]> {
    return withEm(this.orm, async (em) => {
      const rows = await em.find(PositionRow, { open: true }, { orderBy: { updatedTs: 'asc', id: 'asc' } });
      return rows.map((r) => ({ id: r.id, underlying: r.underlying, symbol: r.symbol, open: r.open, ts: r.updatedTs, state: r.state }));
    });
  }
}
