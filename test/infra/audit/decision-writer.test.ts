import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DecisionEvent } from '../../../src/actors/ports/decision-sink.js';
import { DecisionWriter } from '../../../src/infra/audit/decision-writer.js';
import { openDatabase, type Database } from '../../../src/infra/db/orm.js';
import { OrmDecisionStore } from '../../../src/infra/db/repositories/decision-store.js';
import { eventually } from '../../helpers/eventually.js';
import { recordingLogger } from '../../helpers/logger.js';
import { adminSql, count, DIALECTS, freshDatabase, query, type TestDatabase } from '../db/databases.js';

/** Decision i: every 4th a rejected signal (counted, not stored), the others entries, exits and denials. */
function decision(i: number): DecisionEvent {
  const kinds = ['signal', 'risk', 'order', 'exit'] as const;
  const kind = kinds[i % 4] as DecisionEvent['kind'];
  return { ts: 1_733_752_800_000 + i, correlationId: `SPY-${i}`, kind, ok: kind !== 'signal' && i % 3 !== 0, underlying: 'SPY', reasons: [kind === 'signal' ? 'VOLUME_NOT_CONFIRMED' : `R${i}`] };
}

describe.each(DIALECTS)('the decisions audit writer on %s', (dialect) => {
  let fresh: TestDatabase;
  let db: Database;
  beforeEach(async () => {
    fresh = await freshDatabase(dialect);
    db = await openDatabase(fresh.settings);
  });
  afterEach(async () => {
    await db.close();
    await fresh.drop();
  });

  it('writes every decision but rejected signals, in batches, in order', async () => {
    const writer = new DecisionWriter({ store: new OrmDecisionStore(db.orm), log: recordingLogger(), batchSize: 200, flushMs: 10 });
    for (let i = 0; i < 1_200; i++) writer.record(decision(i));
    await writer.close();
    // 1,200 decisions, every 4th a rejected signal: 900 rows.
    expect(writer.stats).toMatchObject({ recorded: 900, skipped: 300, written: 900, dropped: 0, failures: 0 });
    expect(await count(db.orm, 'decision')).toBe(900);
    const rows = await query<{ correlation_id: string }>(db.orm, 'select correlation_id from "decision" order by id');
    expect(rows.slice(0, 3).map((r) => r.correlation_id)).toEqual(['SPY-1', 'SPY-2', 'SPY-3']);
    expect(rows.at(-1)?.correlation_id).toBe('SPY-1199');
  });
});

describe('the decisions audit writer when PostgreSQL is unreachable', () => {
  let fresh: TestDatabase;
  let db: Database;
  const name = () => (fresh.settings.dialect === 'postgresql' ? fresh.settings.database : '');
  beforeEach(async () => {
    fresh = await freshDatabase('postgresql');
    db = await openDatabase(fresh.settings);
  });
  afterEach(async () => {
    await adminSql(`alter database "${name()}" allow_connections true`);
    await db.close();
    await fresh.drop();
  });

  it('keeps what it could not write and writes it when the database is back; the actors never wait', async () => {
    const log = recordingLogger();
    const writer = new DecisionWriter({ store: new OrmDecisionStore(db.orm), log, batchSize: 50, flushMs: 20 });
    await adminSql(`alter database "${name()}" allow_connections false`);
    await adminSql(`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name()}'`);
    for (let i = 0; i < 120; i++) writer.record(decision(i)); // returns at once, whatever the database does
    await eventually(() => expect(writer.stats.failures).toBeGreaterThanOrEqual(2), { timeoutMs: 10_000 }); // the outage lasts a while
    expect(writer.stats.written).toBe(0);
    await adminSql(`alter database "${name()}" allow_connections true`);
    await writer.close();
    expect(writer.stats).toMatchObject({ recorded: 90, written: 90, dropped: 0 });
    expect(await count(db.orm, 'decision')).toBe(90);
    expect(log.entries.some((e) => e.msg === 'decisions audit write failed: trying again')).toBe(true);
  });
});
