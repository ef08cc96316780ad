import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DecisionEvent, DecisionKind } from '../../../src/actors/ports/decision-sink.js';
import { openDatabase, type Database } from '../../../src/infra/db/orm.js';
import { OrmDecisionStore } from '../../../src/infra/db/repositories/decision-store.js';
import { count, DIALECTS, freshDatabase, query, type TestDatabase } from './databases.js';

const KINDS: readonly DecisionKind[] = ['signal', 'selection', 'sizing', 'risk', 'order', 'exit'];

/** The i-th decision of a batch: every field varies with i, symbol present on odd ones only. */
function decision(i: number): DecisionEvent {
  const base = {
    ts: 1_733_752_800_000 + i * 60_000,
    correlationId: `SPY-${Math.floor(i / 4)}`,
    kind: KINDS[i % KINDS.length] as DecisionKind,
    ok: i % 3 === 0,
    underlying: i % 2 === 0 ? 'SPY' : 'QQQ',
    reasons: i % 5 === 0 ? [] : [`REASON_${i % 7}`, 'SPREAD_TOO_WIDE'],
  };
  return i % 2 === 1 ? { ...base, symbol: `SPY2512${String(i % 100).padStart(2, '0')}C00500000` } : base;
}

describe.each(DIALECTS)('the decisions audit on %s', (dialect) => {
  let fresh: TestDatabase;
  let db: Database;
  let store: OrmDecisionStore;

  beforeAll(async () => {
    fresh = await freshDatabase(dialect);
    db = await openDatabase(fresh.settings);
    store = new OrmDecisionStore(db.orm);
  });

  afterAll(async () => {
    await db?.close();
    await fresh?.drop();
  });

  beforeEach(async () => {
    await query(db.orm, 'delete from "decision"');
  });

  it('writes a batch of 1,000 and reads every one back as written', async () => {
    const batch = Array.from({ length: 1_000 }, (_, i) => decision(i));
    await store.record(batch);
    expect(await count(db.orm, 'decision')).toBe(1_000);
    expect(await store.recent(1_000)).toEqual([...batch].reverse());
    expect(await store.recent(3)).toEqual([decision(999), decision(998), decision(997)]);
    expect(await store.forCorrelation('SPY-10')).toEqual([decision(40), decision(41), decision(42), decision(43)]);
    const odd = (await store.recent(1_000)).find((d) => d.ts === decision(7).ts);
    expect(odd).toStrictEqual(decision(7));
    const even = (await store.recent(1_000)).find((d) => d.ts === decision(8).ts);
    expect(even).not.toHaveProperty('symbol');
  });

  it('writes a batch in one transaction: a bad row at the end leaves nothing of the batch', async () => {
    const batch = Array.from({ length: 1_000 }, (_, i) => decision(i));
    // A missing underlying violates NOT NULL in the last statement of the batch.
    const bad = { ...decision(999), underlying: null } as unknown as DecisionEvent;
    await expect(store.record([...batch.slice(0, 999), bad])).rejects.toThrow();
    expect(await count(db.orm, 'decision')).toBe(0);
    await store.record(batch.slice(0, 10));
    expect(await count(db.orm, 'decision')).toBe(10);
  });

  it('reads the last decision of a correlation id, written in batches over time; none for an id never written', async () => {
    // SPY-0 … SPY-249 four decisions each, then SPY-10 once more in a later batch.
    await store.record(Array.from({ length: 1_000 }, (_, i) => decision(i)));
    const later = { ...decision(41), ts: decision(999).ts + 60_000, reasons: ['LATER'] };
    await store.record([decision(1_000), later, decision(1_001)]);
    expect(await store.latestFor('SPY-10')).toStrictEqual(later);
    expect(await store.latestFor('SPY-249')).toStrictEqual(decision(999));
    expect(await store.latestFor('SPY-250')).toStrictEqual(decision(1_001));
    expect(await store.latestFor('NONE')).toBeUndefined();
    // Of one outcome: decision(i).ok is i % 3 === 0, so SPY-10's (40–43 and the later 41) last ok one is 42.
    expect(await store.latestFor('SPY-10', true)).toStrictEqual(decision(42));
    expect(await store.latestFor('SPY-10', false)).toStrictEqual(later);
    expect(await store.latestFor('SPY-250', true)).toBeUndefined(); // 1000 % 3 and 1001 % 3 are not 0
  });

  it('writes nothing for an empty batch and reads nothing for a zero limit', async () => {
    await store.record([]);
    expect(await count(db.orm, 'decision')).toBe(0);
    expect(await store.recent(0)).toEqual([]);
  });
});
