import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../src/infra/db/orm.js';
import { OrmOrderStore } from '../../../src/infra/db/repositories/order-store.js';
import { StoredRowError } from '../../../src/infra/db/repositories/order-rows.js';
import { intent } from '../sim-broker/fixtures.js';
import { bullPutSpread } from '../../helpers/bull-put-spread.js';
import { DIALECTS, freshDatabase, query, type TestDatabase } from './databases.js';

/** The `legs` column as the database holds it: PostgreSQL's jsonb comes back parsed, SQLite's json as text. */
const legsColumn = async (db: Database, id: string): Promise<unknown> => {
  const rows = await query<{ legs: unknown }>(db.orm, `select "legs" from "order_intent" where "client_order_id" = ?`, [id]);
  const raw = rows[0]?.legs;
  return typeof raw === 'string' ? JSON.parse(raw) : raw;
};

describe.each(DIALECTS)('multi-leg intents in the order store on %s', (dialect) => {
  let fresh: TestDatabase;
  let db: Database;
  let store: OrmOrderStore;

  beforeAll(async () => {
    fresh = await freshDatabase(dialect);
    db = await openDatabase(fresh.settings);
    store = new OrmOrderStore(db.orm, { now: () => 1_733_752_800_500 });
  });

  afterAll(async () => {
    await db?.close();
    await fresh?.drop();
  });

  beforeEach(async () => {
    await query(db.orm, 'delete from "order_intent"');
  });

  it('keeps a bull put spread\'s legs in its row and reads the intent back equal to what was written', async () => {
    const spread = bullPutSpread();
    expect(await store.recordIntent(spread)).toBe(true);
    expect(await legsColumn(db, spread.clientOrderId)).toEqual([
      { symbol: 'SPY250718P00495000', side: 'sell', ratio: 1, positionIntent: 'sell_to_open' },
      { symbol: 'SPY250718P00490000', side: 'buy', ratio: 1, positionIntent: 'buy_to_open' },
    ]);
    expect((await store.order(spread.clientOrderId))?.intent).toStrictEqual(spread);
    expect(await store.unpublished()).toStrictEqual([spread]); // what the outbox sends again after a crash
    expect((await store.workingOrders())[0]?.intent).toStrictEqual(spread);
  });

  it('stores a single-leg intent with no legs (null) and reads it back without a legs property', async () => {
    const single = intent({ clientOrderId: 'th-SPY-single-open' });
    await store.recordIntent(single);
    expect(await legsColumn(db, single.clientOrderId)).toBeNull();
    const back = await store.order(single.clientOrderId);
    expect(back?.intent).toStrictEqual(single);
    expect(back?.intent).not.toHaveProperty('legs');
  });

  it('refuses a stored row whose legs are not legs (a bad row is an error, never passed on)', async () => {
    const spread = bullPutSpread();
    await store.recordIntent(spread);
    await query(db.orm, `update "order_intent" set "legs" = '[{"symbol":"SPY250718P00495000","side":"sell","ratio":"1","positionIntent":"sell_to_open"}]' where "client_order_id" = ?`, [spread.clientOrderId]);
    await expect(store.order(spread.clientOrderId)).rejects.toThrow(StoredRowError);
    await expect(store.order(spread.clientOrderId)).rejects.toThrow(/legs 0\.ratio/);
  });

  it('refuses stored legs the domain refuses (one leg), as makeOrderIntent would', async () => {
    const spread = bullPutSpread();
    await store.recordIntent(spread);
    await query(db.orm, `update "order_intent" set "legs" = '[{"symbol":"SPY250718P00495000","side":"sell","ratio":1,"positionIntent":"sell_to_open"}]' where "client_order_id" = ?`, [spread.clientOrderId]);
    await expect(store.order(spread.clientOrderId)).rejects.toThrow(/a multi-leg order has 2–4 legs, got 1/);
  });
});
