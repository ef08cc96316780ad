import { describe, expect, it } from 'vitest';
import type { PositionJournal, PositionSnapshot } from '../../../src/actors/ports/position-journal.js';
import { silentLogger } from '../../../src/actors/runtime/logger.js';
import { databaseUnreachable } from '../../../src/infra/db/unreachable.js';
import { WriteBehindJournal } from '../../../src/infra/journal/write-behind.js';
import { eventually } from '../../helpers/eventually.js';

/** A journal that keeps what it is given, and fails with `failure` while it is set. */
class Store implements PositionJournal {
  readonly written: PositionSnapshot[] = [];
  failure: Error | undefined;
  save(s: PositionSnapshot): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    this.written.push(s);
    return Promise.resolve();
  }
  openPositions(): Promise<PositionSnapshot[]> {
    return Promise.resolve([]);
  }
  known(): Promise<ReadonlySet<string>> {
    return Promise.resolve(new Set());
  }
}

const snap = (id: string, ts: number): PositionSnapshot => ({ id, underlying: 'SPY', symbol: 'SPY251219C00500000', open: true, ts, state: { ts } });
const coded = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('the write-behind journal', () => {
  it('rejects a write the database refused: the actor stops and restarts, never carrying on as if written', async () => {
    const store = new Store();
    const journal = new WriteBehindJournal(store, silentLogger, 5);
    store.failure = coded('23505', 'duplicate key value violates unique constraint');
    await expect(journal.save(snap('A', 1))).rejects.toThrow(/duplicate key/);
    expect(journal.behind).toBe(0);
    journal.stop();
  });

  it('keeps the latest snapshot per position while the database is unreachable, and writes them in order once it is back', async () => {
    const store = new Store();
    const journal = new WriteBehindJournal(store, silentLogger, 5);
    store.failure = coded('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432');
    await journal.save(snap('A', 1)); // refused: kept
    await journal.save(snap('B', 2)); // the database is known away: kept without trying
    await journal.save(snap('A', 3)); // replaces A's, now after B's
    expect(journal.behind).toBe(2);
    expect(store.written).toEqual([]);
    store.failure = undefined;
    await eventually(() => expect(journal.behind).toBe(0));
    expect(store.written.map((s) => [s.id, s.ts])).toEqual([
      ['B', 2],
      ['A', 3],
    ]);
    await journal.save(snap('A', 4)); // direct again
    expect(store.written.at(-1)?.ts).toBe(4);
    journal.stop();
  });

  it('tells an unreachable database from a refused write, through causes and aggregates', () => {
    expect(databaseUnreachable(coded('ECONNRESET'))).toBe(true);
    expect(databaseUnreachable(coded('57P01', 'terminating connection due to administrator command'))).toBe(true);
    expect(databaseUnreachable(coded('55000', 'database "x" is not currently accepting connections'))).toBe(true);
    expect(databaseUnreachable(coded('08006'))).toBe(true);
    expect(databaseUnreachable(new Error('wrapped', { cause: coded('ECONNREFUSED') }))).toBe(true);
    expect(databaseUnreachable(new AggregateError([coded('ETIMEDOUT')], 'all attempts failed'))).toBe(true);
    expect(databaseUnreachable(Object.assign(new Error('Knex: Timeout acquiring a connection. The pool is probably full.'), { name: 'KnexTimeoutError' }))).toBe(true);
    expect(databaseUnreachable(coded('23505', 'duplicate key'))).toBe(false);
    expect(databaseUnreachable(coded('22P02', 'invalid input syntax'))).toBe(false);
    expect(databaseUnreachable(new Error('SQLITE_CONSTRAINT: NOT NULL constraint failed'))).toBe(false);
    expect(databaseUnreachable(undefined)).toBe(false);
  });
});
