import type { DecisionEvent } from '../../../actors/ports/decision-sink.js';
import type { DecisionStore } from '../../../actors/ports/decision-store.js';
import { DecisionRow } from '../entities/decision.js';
import { withEm } from '../orm.js';
import type { Orm } from '../sql.js';

/**
 * Rows per INSERT statement: 8 parameters a row stays far below PostgreSQL's 65,535 bind
 * parameters and SQLite's 32,766 per statement.
 */
const ROWS_PER_STATEMENT = 500;

/** The decisions audit on MikroORM: a batch is one transaction of multi-row INSERTs. */
export class OrmDecisionStore implements DecisionStore {
  constructor(private readonly orm: Orm) {}

  async record(events: readonly DecisionEvent[]): Promise<void> {
    if (events.length === 0) return;
    // Each field read once, here: an event may compute one when read.
    const rows = events.map(toRow);
    await withEm(this.orm, (em) =>
      em.transactional(async (tx) => {
        for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
          await tx.createQueryBuilder(DecisionRow).insert(rows.slice(i, i + ROWS_PER_STATEMENT)).execute('run');
        }
      }),
    );
  }

  async recent(limit: number): Promise<DecisionEvent[]> {
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`limit must be a whole number ≥ 0, got ${limit}`);
    if (limit === 0) return [];
    return withEm(this.orm, async (em) => {
      const rows = await em.find(DecisionRow, {}, { orderBy: { id: 'desc' }, limit, disableIdentityMap: true });
      return rows.map(fromRow);
    });
  }

  async forCorrelation(correlationId: string): Promise<DecisionEvent[]> {
    return withEm(this.orm, async (em) => {
      const rows = await em.find(DecisionRow, { correlationId }, { orderBy: { id: 'asc' }, disableIdentityMap: true });
      return rows.map(fromRow);
    });
  }

  async latestFor(correlationId: string, ok?: boolean): Promise<DecisionEvent | undefined> {
    return withEm(this.orm, async (em) => {
      const row = await em.findOne(DecisionRow, { correlationId, ...(ok === undefined ? {} : { ok }) }, { orderBy: { id: 'desc' }, disableIdentityMap: true });
      return row === null ? undefined : fromRow(row);
    });
  }
}

function toRow(e: DecisionEvent): Omit<DecisionRow, 'id'> {
  return {
    ts: e.ts,
    correlationId: e.correlationId,
    kind: e.kind,
    ok: e.ok,
    underlying: e.underlying,
    symbol: e.symbol ?? null,
    reasons: [...e.reasons],
  };
}

function fromRow(row: DecisionRow): DecisionEvent {
  return {
    ts: row.ts,
    correlationId: row.correlationId,
    kind: row.kind,
    ok: row.ok,
    underlying: row.underlying,
    ...(row.symbol === null || row.symbol === undefined ? {} : { symbol: row.symbol }),
    reasons: row.reasons,
  };
}
