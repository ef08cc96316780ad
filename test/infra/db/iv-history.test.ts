import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../src/infra/db/orm.js';
import { IvHistoryWriter, OrmIvHistory } from '../../../src/infra/db/repositories/iv-history.js';
import { recordingLogger } from '../../helpers/logger.js';
import { DIALECTS, freshDatabase, type TestDatabase } from './databases.js';

describe.each(DIALECTS)('IV history store on %s', (dialect) => {
  let fresh: TestDatabase;
  let db: Database;
  let store: OrmIvHistory;

  beforeAll(async () => {
    fresh = await freshDatabase(dialect);
    db = await openDatabase(fresh.settings);
    store = new OrmIvHistory(db.orm);
  });

  afterAll(async () => {
    await db?.close();
    await fresh?.drop();
  });

  it('keeps one observation per ticker and date (the first), and reads each ticker’s latest, oldest first', async () => {
    await store.write([
      { ticker: 'AAPL', date: '2025-03-10', iv: 0.3 },
      { ticker: 'AAPL', date: '2025-03-11', iv: 0.31 },
      { ticker: 'AAPL', date: '2025-03-12', iv: 0.32 },
      { ticker: 'MSFT', date: '2025-03-12', iv: 0.25 },
    ]);
    await store.write([{ ticker: 'AAPL', date: '2025-03-12', iv: 0.99 }]);
    const two = await store.latest(['AAPL', 'MSFT', 'NVDA'], 2);
    expect([...two]).toEqual([
      ['AAPL', [{ ticker: 'AAPL', date: '2025-03-11', iv: 0.31 }, { ticker: 'AAPL', date: '2025-03-12', iv: 0.32 }]],
      ['MSFT', [{ ticker: 'MSFT', date: '2025-03-12', iv: 0.25 }]],
    ]);
    expect([...(await store.latest(['MSFT'], 10)).keys()]).toEqual(['MSFT']);
  });

  it('the writer keeps an observation the database refused and writes it with the next', async () => {
    let refuse = 2; // the write `record` starts and the one `flush` starts
    const flaky = Object.assign(Object.create(store) as OrmIvHistory, {
      write: async (o: Parameters<OrmIvHistory['write']>[0]) => {
        if (refuse-- > 0) throw new Error('database unreachable');
        return store.write(o);
      },
    });
    const log = recordingLogger();
    const writer = await IvHistoryWriter.open(flaky, ['NVDA'], 252, log);
    writer.record({ ticker: 'NVDA', date: '2025-03-10', iv: 0.5 });
    await writer.flush();
    expect((await store.latest(['NVDA'], 10)).get('NVDA')).toBeUndefined();
    expect(log.entries.map((e) => e.msg)).toContain('IV observations not written yet (kept, written with the next)');
    writer.record({ ticker: 'NVDA', date: '2025-03-11', iv: 0.52 });
    await writer.flush();
    expect((await store.latest(['NVDA'], 10)).get('NVDA')?.map((o) => o.iv)).toEqual([0.5, 0.52]);
    // An actor spawned again after a failure starts from everything seen, kept or recorded since.
    expect(writer.seeded('NVDA').map((o) => o.date)).toEqual(['2025-03-10', '2025-03-11']);
  });
});
