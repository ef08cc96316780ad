import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/infra/db/orm.js';
import { IvHistoryWriter, OrmIvHistory } from '../../src/infra/db/repositories/iv-history.js';
import { DIALECTS, freshDatabase, type TestDatabase } from '../infra/db/databases.js';
import { recordingLogger } from '../helpers/logger.js';
import { Harness } from './fixtures/harness.js';
import { breakoutPath } from './fixtures/market.js';

/** IV rank needs 3 daily observations here: two days kept in the database and today's make it known. */
const config = { indicators: { ivRankLookback: 3, ivRankMinObservations: 3 } };

/** Plays today's breakout at ATM IV `vol`: the entries the IV regime denies as IV_RANK_HIGH. */
async function breakoutAt(h: Harness, vol: number): Promise<number> {
  h.market.spot.set('SPY', 500);
  h.market.vol = vol;
  const { closes, volumes } = breakoutPath(500);
  for (let i = 0; i < closes.length; i++) await h.bar('SPY', closes[i] ?? 500, volumes[i]);
  return h.recorder.of('signal', false).filter((e) => e.reasons.includes('IV_RANK_HIGH')).length;
}

describe.each(DIALECTS)('IV history on %s', (dialect) => {
  let fresh: TestDatabase | undefined;
  let db: Database | undefined;
  const harnesses: Harness[] = [];
  const harness = (h: Harness) => (harnesses.push(h), h);

  afterEach(async () => {
    for (const h of harnesses.splice(0)) h.stop();
    await db?.close();
    await fresh?.drop();
    db = undefined;
    fresh = undefined;
  });


  it('keeps each day’s first ATM IV, and a restarted engine ranks today against the days kept', async () => {
    fresh = await freshDatabase(dialect);
    db = await openDatabase(fresh.settings);
    const store = new OrmIvHistory(db.orm);
    const log = recordingLogger();

    // First engine: Tuesday 2025-03-11 at 20 % IV (two bars, one observation), Wednesday at 22 %.
    const first = await IvHistoryWriter.open(store, ['SPY'], 3, log);
    const h1 = harness(new Harness({ config, ivHistory: first }));
    h1.market.spot.set('SPY', 500);
    h1.market.vol = 0.2;
    await h1.bar('SPY', 500);
    h1.market.vol = 0.21; // a later bar of the same day is not a new observation
    await h1.bar('SPY', 500);
    h1.nextDay('SPY');
    h1.market.vol = 0.22;
    await h1.bar('SPY', 500);
    await first.flush();
    expect((await store.latest(['SPY'], 10)).get('SPY')).toEqual([
      { ticker: 'SPY', date: '2025-03-11', iv: 0.2 },
      { ticker: 'SPY', date: '2025-03-12', iv: 0.22 },
    ]);
    h1.stop();

    // A new engine on Thursday 2025-03-13 at 60 % IV: with the two days kept, rank = (0.6 − 0.2)/(0.6 − 0.2) = 100 > 80.
    const second = await IvHistoryWriter.open(store, ['SPY'], 3, log);
    const h2 = harness(new Harness({ config, ivHistory: second }));
    h2.startDay('SPY', 2, 500);
    expect(await breakoutAt(h2, 0.6)).toBeGreaterThan(0);
    expect(h2.engine.openPositions).toBe(0);
    await second.flush();
    expect((await store.latest(['SPY'], 2)).get('SPY')?.map((o) => [o.date, o.iv])).toEqual([
      ['2025-03-12', 0.22],
      ['2025-03-13', 0.6],
    ]);
  });
});

describe('IV history, none kept', () => {
  let h: Harness | undefined;
  afterEach(() => h?.stop());

  it('without the days kept, the same Thursday has one observation and no IV rank: nothing is denied as IV_RANK_HIGH', async () => {
    h = new Harness({ config });
    h.startDay('SPY', 2, 500);
    expect(await breakoutAt(h, 0.6)).toBe(0);
  });
});
