import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedFrom } from '../../../src/actors/position/journal.js';
import { openDatabase, type Database } from '../../../src/infra/db/orm.js';
import { OrmPositionJournal } from '../../../src/infra/db/repositories/position-journal.js';
import { eventually } from '../../helpers/eventually.js';
import { Harness } from '../../actors/fixtures/harness.js';
import { barAt, MINUTE, OPEN } from '../../actors/fixtures/market.js';
import { DIALECTS, freshDatabase, type TestDatabase } from './databases.js';

describe.each(DIALECTS)('the position journal on %s', (dialect) => {
  let fresh: TestDatabase;
  let db: Database;
  const harnesses: Harness[] = [];
  beforeEach(async () => {
    fresh = await freshDatabase(dialect);
    db = await openDatabase(fresh.settings);
  });
  afterEach(async () => {
    for (const h of harnesses.splice(0)) h.stop();
    await db.close();
    await fresh.drop();
  });

  it('journals an open position; an engine started from the journal holds the same position and its timers fire', async () => {
    const journal = new OrmPositionJournal(db.orm);
    const first = new Harness({ journal });
    harnesses.push(first);
    const close = await first.breakout('SPY', 500);
    const held = (await first.engine.portfolio()).positions;
    expect(held).toHaveLength(1);

    // The process dies: only the journal is left.
    first.stop();
    const snapshots = await journal.openPositions();
    expect(snapshots.map((s) => [s.underlying, s.open])).toEqual([['SPY', true]]);
    const seeds = snapshots.map(seedFrom);
    expect(seeds[0]?.position).toMatchObject({ id: held[0]?.id, qty: held[0]?.qty, partialStage: 0 });

    const second = new Harness({ positions: seeds, journal });
    harnesses.push(second);
    await second.engine.whenIdle();
    expect(second.engine.openPositions).toBe(1);
    expect((await second.engine.portfolio()).positions.map((p) => [p.id, p.qty])).toEqual(held.map((p) => [p.id, p.qty]));
    // Restarted late in the day: the day trade's flat time (an absolute deadline) has passed. Its
    // exit goes out with the first bar that brings the position a price.
    second.clock.advanceTo(first.clock.now() + 7 * 3_600_000);
    await second.engine.whenIdle();
    second.market.spot.set('SPY', close);
    second.engine.onBar(barAt('SPY', Math.floor((second.clock.now() - OPEN) / MINUTE) - 1, close, close, 1_000));
    await second.engine.whenIdle();
    const exits = second.recorder.of('exit', true);
    expect(exits).toHaveLength(1);
    expect(exits[0]?.reasons.join()).toMatch(/TIME|FLAT|SESSION|CLOSE/);
  });

  it('a position actor that fails past its restart budget is spawned again from its journal, its timers with it', async () => {
    const journal = new OrmPositionJournal(db.orm);
    const h = new Harness({ journal });
    harnesses.push(h);
    const entry = await h.breakout('SPY', 500);
    await h.bar('SPY', entry);
    const before = (await h.engine.portfolio()).positions[0];
    const quote = h.market.quote(before?.symbol ?? '', h.clock.now());
    h.market.failures = 4; // one more than the 3 restarts allowed in 60 s
    for (let i = 0; i < 4 && quote; i++) {
      h.engine.onQuote(quote);
      await h.advance(1_000); // past each restart's backoff
    }
    await eventually(async () => {
      await h.engine.whenIdle(); // the journal is read outside the tree
      expect(h.recorder.of('supervision').map((e) => e.reasons[0])).toEqual(['POSITION_ACTOR_FAILED', 'POSITION_RESPAWNED_FROM_JOURNAL']);
      expect(h.engine.openPositions).toBe(1);
    });
    expect((await h.engine.portfolio()).positions[0]).toEqual(before);
    // The new actor goes on with the position: 31 minutes on, with no follow-through, the next bar
    // (a spawned actor has no price until one comes) exits it.
    await h.advance(31 * 60_000);
    h.engine.onBar(barAt('SPY', Math.floor((h.clock.now() - OPEN) / MINUTE) - 1, entry, entry, 1_000));
    await h.engine.whenIdle();
    expect(h.recorder.of('exit', true)[0]?.reasons).toContain('NO_FOLLOW_THROUGH');
  });

  it('a position that went flat is journaled closed and not started again', async () => {
    const journal = new OrmPositionJournal(db.orm);
    const h = new Harness({ journal });
    harnesses.push(h);
    const close = await h.breakout('SPY', 500);
    await h.bar('SPY', close * 0.98); // the stop
    await h.bar('SPY', close * 0.98);
    expect(h.recorder.trades).toHaveLength(1);
    expect(await journal.openPositions()).toEqual([]);
  });
});
