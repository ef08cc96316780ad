import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hedgeIntent } from '../../../src/domain/intents/hedge.js';
import { openDatabase, type Database } from '../../../src/infra/db/orm.js';
import { OrmOrderStore } from '../../../src/infra/db/repositories/order-store.js';
import { intent } from '../sim-broker/fixtures.js';
import { DIALECTS, freshDatabase, type TestDatabase } from './databases.js';

describe.each(DIALECTS)('a delta hedge’s share order in the order store on %s', (dialect) => {
  let fresh: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    fresh = await freshDatabase(dialect);
    db = await openDatabase(fresh.settings);
  });

  afterAll(async () => {
    await db?.close();
    await fresh?.drop();
  });

  it('is recorded and read back equal to what was written, its fill moving it forward', async () => {
    const store = new OrmOrderStore(db.orm, { now: () => 1_733_752_800_500 });
    // 500 × 1.005 = 502.50.
    const shares = hedgeIntent({ ticker: 'SPY', side: 'buy', effect: 'close', qty: 300, reasons: ['HEDGE_UNWIND'] }, 500, 1_733_752_800_000, 'SPY-1733752800000', {
      enabled: true,
      targetShareOfCap: 0.5,
      limitCollarPct: 0.005,
    });
    expect(await store.recordIntent(shares)).toBe(true);
    expect((await store.order(shares.clientOrderId))?.intent).toStrictEqual(shares);
    const fill = { clientOrderId: shares.clientOrderId, correlationId: shares.correlationId, symbol: 'SPY', side: 'buy' as const, status: 'filled' as const, fillQty: 300, fillPrice: 500.01, cumQty: 300, avgFillPrice: 500.01, fees: 0, ts: 1_733_752_801_000 };
    expect(await store.applyExecution(fill)).toEqual({ known: true, news: true });
    expect(await store.order(shares.clientOrderId)).toMatchObject({ status: 'filled', cumQty: 300, avgFillPrice: 500.01 });
  });

  it('lists the hedge’s orders, oldest first, and no other order: what a restart restores the hedge from', async () => {
    const store = new OrmOrderStore(db.orm, { now: () => 1_733_752_800_500 });
    const at = (ts: number, effect: 'open' | 'close') =>
      hedgeIntent({ ticker: 'QQQ', side: effect === 'open' ? 'sell' : 'buy', effect, qty: 10, reasons: ['DELTA_HEDGE'] }, 400, ts, `QQQ-${ts}`, { enabled: true, targetShareOfCap: 0.5, limitCollarPct: 0.005 });
    await store.recordIntent(at(3_000, 'close'));
    await store.recordIntent(intent({ clientOrderId: 'th-QQQ-2000-open', underlying: 'QQQ' }));
    await store.recordIntent(intent({ clientOrderId: 'th-QQQ-2000-x1', underlying: 'QQQ', side: 'sell', effect: 'close' }));
    await store.recordIntent(at(1_000, 'open'));
    const ids = (await store.hedgeOrders()).map((o) => o.intent.clientOrderId);
    expect(ids.filter((id) => id.startsWith('th-QQQ-'))).toEqual(['th-QQQ-1000-h', 'th-QQQ-3000-u']);
  });
});
