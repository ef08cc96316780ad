import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hedgeIntent } from '../../../src/domain/intents/hedge.js';
import type { Execution } from '../../../src/domain/values/execution.js';
import type { OrderIntent } from '../../../src/domain/values/order.js';
import { openDatabase, type Database } from '../../../src/infra/db/orm.js';
import { OrderNotRecordedError, OrmOrderStore } from '../../../src/infra/db/repositories/order-store.js';
import { count, DIALECTS, freshDatabase, query, type TestDatabase } from './databases.js';

function intent(id: string, ts: number, extra: Partial<OrderIntent> = {}): OrderIntent {
  return {
    clientOrderId: id,
    correlationId: `corr-${id}`,
    underlying: 'SPY',
    symbol: 'SPY251219C00500000',
    side: 'buy',
    effect: 'open',
    qty: 3,
    type: 'limit',
    limitPrice: 2.35,
    timeInForce: 'day',
    reasons: ['SIGNAL_OK', 'RISK_OK'],
    ts,
    ...extra,
  };
}

function execution(id: string, e: Partial<Execution> & Pick<Execution, 'status' | 'cumQty'>): Execution {
  return { clientOrderId: id, correlationId: `corr-${id}`, symbol: 'SPY251219C00500000', side: 'buy', fillQty: 0, fees: 0, ts: 1_000, ...e };
}

/** hedging.delta as a hedge order is priced with it: a limit 0.5 % through the last price. */
const HEDGING = { enabled: true, targetShareOfCap: 0.5, limitCollarPct: 0.005 };

describe.each(DIALECTS)('the order store on %s', (dialect) => {
  let fresh: TestDatabase;
  let db: Database;
  let store: OrmOrderStore;
  let clock = 0;

  beforeAll(async () => {
    fresh = await freshDatabase(dialect);
    db = await openDatabase(fresh.settings);
    store = new OrmOrderStore(db.orm, { now: () => clock });
  });

  afterAll(async () => {
    await db?.close();
    await fresh?.drop();
  });

  beforeEach(async () => {
    clock = 1_700_000_000_000;
    await query(db.orm, 'delete from "order_intent"');
    await query(db.orm, 'delete from "execution"');
  });

  const executionRows = (id: string) => count(db.orm, 'execution', `client_order_id = '${id}'`);

  it('keeps an opening order\'s entry context with its intent, and lists entries with one from a time on', async () => {
    const exposure = { id: 'th-SPY-2000-open', underlying: 'SPY', symbol: 'SPY251219C00500000', qty: 3, multiplier: 100, delta: 0.52, gamma: 0.04, theta: -0.21, vega: 0.33, capitalAtRisk: 705 };
    const context = { exposure, entryUnderlying: 501.25, entryIv: 0.214 };
    await store.recordIntent(intent('th-SPY-1000-open', 1_000), { ...context, exposure: { ...exposure, id: 'th-SPY-1000-open' } });
    await store.recordIntent(intent('th-SPY-2000-open', 2_000), context);
    await store.recordIntent(intent('th-SPY-3000-open', 3_000)); // no context
    await store.recordIntent(intent('th-SPY-2000-x1', 2_500, { side: 'sell', effect: 'close' }));
    const listed = await store.entriesSince(1_500);
    expect(listed.map((o) => o.intent.clientOrderId)).toEqual(['th-SPY-2000-open']);
    expect(listed[0]?.context).toEqual(context);
    expect((await store.order('th-SPY-3000-open'))?.context).toBeUndefined();
  });

  it('refuses a stored entry context that is not one (a bad row is an error, never passed on)', async () => {
    await store.recordIntent(intent('th-SPY-4000-open', 4_000), { exposure: { id: 'x', underlying: 'SPY', symbol: 'S', qty: 1, multiplier: 100, delta: 0, gamma: 0, theta: 0, vega: 0, capitalAtRisk: 1 }, entryUnderlying: 500 });
    await query(db.orm, `update "order_intent" set "entry_context" = '{"exposure":{"id":"x"},"entryUnderlying":-1}' where "client_order_id" = 'th-SPY-4000-open'`);
    await expect(store.order('th-SPY-4000-open')).rejects.toThrow(/entry context has no positive underlying price/);
  });

  it('records an intent once: the second write of the same client order id is a no-op', async () => {
    const first = intent('th-SPY-1-open', 1_000);
    expect(await store.recordIntent(first)).toBe(true);
    expect(await store.recordIntent({ ...first, qty: 5, reasons: ['OTHER'] })).toBe(false);
    expect(await count(db.orm, 'order_intent')).toBe(1);
    expect(await store.order('th-SPY-1-open')).toEqual({ intent: first, status: 'pending', cumQty: 0, published: false });
  });

  it('reads back a market intent without a limit price', async () => {
    const market = intent('th-SPY-2-close', 2_000, { type: 'market', limitPrice: undefined, side: 'sell', effect: 'close' });
    delete (market as { limitPrice?: number }).limitPrice;
    await store.recordIntent(market);
    const stored = await store.order('th-SPY-2-close');
    expect(stored?.intent).toStrictEqual(market);
    expect(stored?.intent).not.toHaveProperty('limitPrice');
  });

  it('lists only unpublished intents, oldest first (by intent time, then write order)', async () => {
    await store.recordIntent(intent('c', 3_000));
    await store.recordIntent(intent('a', 1_000));
    await store.recordIntent(intent('published', 500));
    await store.recordIntent(intent('b', 1_000)); // same time as 'a', written after it
    await store.markPublished('published');
    expect((await store.unpublished()).map((i) => i.clientOrderId)).toEqual(['a', 'b', 'c']);
    expect((await store.unpublished())[0]).toEqual(intent('a', 1_000));
  });

  it('marks an intent published once: the first time stands', async () => {
    await store.recordIntent(intent('p', 1_000));
    clock = 1_700_000_000_500;
    await store.markPublished('p');
    clock = 1_700_000_009_999;
    await store.markPublished('p');
    const rows = await query<{ published: unknown; published_at: unknown }>(db.orm, `select published, published_at from "order_intent" where client_order_id = 'p'`);
    expect(Boolean(rows[0]?.published)).toBe(true);
    expect(Number(rows[0]?.published_at)).toBe(1_700_000_000_500);
    expect(await store.unpublished()).toEqual([]);
    expect((await store.order('p'))?.published).toBe(true);
  });

  it('refuses to mark an order it never recorded', async () => {
    await expect(store.markPublished('never')).rejects.toBeInstanceOf(OrderNotRecordedError);
  });

  it('moves pending → accepted, and stores a repeated acceptance once', async () => {
    await store.recordIntent(intent('acc', 1_000));
    expect(await store.applyExecution(execution('acc', { status: 'accepted', cumQty: 0 }))).toEqual({ known: true, news: true });
    expect(await store.applyExecution(execution('acc', { status: 'accepted', cumQty: 0 }))).toEqual({ known: true, news: false });
    expect(await store.order('acc')).toMatchObject({ status: 'accepted', cumQty: 0, published: true });
    expect(await executionRows('acc')).toBe(1);
  });

  it('applies the same execution twice: one execution row, status unchanged by the second', async () => {
    await store.recordIntent(intent('dup', 1_000));
    const fill = execution('dup', { status: 'partially_filled', fillQty: 1, fillPrice: 2.3, cumQty: 1, avgFillPrice: 2.3, fees: 0.65 });
    expect(await store.applyExecution(fill)).toEqual({ known: true, news: true });
    const after = await store.order('dup');
    expect(await store.applyExecution(fill)).toEqual({ known: true, news: false });
    expect(await store.order('dup')).toEqual(after);
    expect(after).toMatchObject({ status: 'partially_filled', cumQty: 1, avgFillPrice: 2.3 });
    expect(await executionRows('dup')).toBe(1);
    const rows = await query<{ fees: unknown; fill_price: unknown }>(db.orm, `select fees, fill_price from "execution" where client_order_id = 'dup'`);
    expect(Number(rows[0]?.fees)).toBe(0.65);
    expect(Number(rows[0]?.fill_price)).toBe(2.3);
  });

  it('never moves backward: a late partial after the fill changes nothing', async () => {
    await store.recordIntent(intent('late', 1_000));
    const partial = execution('late', { status: 'partially_filled', fillQty: 1, fillPrice: 2.0, cumQty: 1, avgFillPrice: 2.0 });
    await store.applyExecution(partial);
    // 2 more at 2.30: average (2.00 + 2 × 2.30) / 3 = 6.60 / 3 = 2.20
    await store.applyExecution(execution('late', { status: 'filled', fillQty: 2, fillPrice: 2.3, cumQty: 3, avgFillPrice: 2.2 }));
    const filled = await store.order('late');
    expect(filled).toMatchObject({ status: 'filled', cumQty: 3, avgFillPrice: 2.2 });

    expect(await store.applyExecution(partial)).toEqual({ known: true, news: false }); // redelivered
    expect(await store.applyExecution(execution('late', { status: 'partially_filled', fillQty: 1, fillPrice: 2.4, cumQty: 2, avgFillPrice: 2.2 }))).toEqual({
      known: true,
      news: false,
    }); // never seen, but older than the fill
    expect(await store.applyExecution(execution('late', { status: 'accepted', cumQty: 0 }))).toEqual({ known: true, news: false });
    expect(await store.order('late')).toEqual(filled);
    expect(await executionRows('late')).toBe(2);
  });

  it('moves forward on a snapshot (no fill of its own, a cumulative quantity and average price)', async () => {
    await store.recordIntent(intent('snap', 1_000));
    await store.applyExecution(execution('snap', { status: 'accepted', cumQty: 0 }));
    const snapshot = execution('snap', { status: 'partially_filled', fillQty: 0, cumQty: 2, avgFillPrice: 1.55 });
    expect(await store.applyExecution(snapshot)).toEqual({ known: true, news: true });
    expect(await store.order('snap')).toMatchObject({ status: 'partially_filled', cumQty: 2, avgFillPrice: 1.55 });
    expect(await store.applyExecution(snapshot)).toEqual({ known: true, news: false });
    expect(await executionRows('snap')).toBe(2);
  });

  it('works the average price out from fill prices when executions carry none', async () => {
    await store.recordIntent(intent('avg', 1_000));
    await store.applyExecution(execution('avg', { status: 'partially_filled', fillQty: 1, fillPrice: 2.0, cumQty: 1 }));
    await store.applyExecution(execution('avg', { status: 'filled', fillQty: 2, fillPrice: 2.3, cumQty: 3 }));
    const stored = await store.order('avg');
    expect(stored?.status).toBe('filled');
    expect(stored?.avgFillPrice).toBeCloseTo(2.2, 12);
  });

  it('finishes a partially filled order on a cancel with nothing more filled', async () => {
    await store.recordIntent(intent('cxl', 1_000));
    await store.applyExecution(execution('cxl', { status: 'partially_filled', fillQty: 1, fillPrice: 2.0, cumQty: 1, avgFillPrice: 2.0 }));
    expect(await store.applyExecution(execution('cxl', { status: 'canceled', cumQty: 1, avgFillPrice: 2.0, reason: 'USER_CANCELED' }))).toEqual({ known: true, news: true });
    expect(await store.order('cxl')).toMatchObject({ status: 'canceled', cumQty: 1, avgFillPrice: 2.0 });
    expect(await store.workingOrders()).toEqual([]);
  });

  it('keeps a terminal status when a fill that raced the cancel arrives, adding its contracts', async () => {
    await store.recordIntent(intent('race', 1_000));
    await store.applyExecution(execution('race', { status: 'partially_filled', fillQty: 1, fillPrice: 2.0, cumQty: 1, avgFillPrice: 2.0 }));
    await store.applyExecution(execution('race', { status: 'canceled', cumQty: 1, avgFillPrice: 2.0 }));
    expect(await store.applyExecution(execution('race', { status: 'partially_filled', fillQty: 1, fillPrice: 2.2, cumQty: 2, avgFillPrice: 2.1 }))).toEqual({ known: true, news: true });
    expect(await store.order('race')).toMatchObject({ status: 'canceled', cumQty: 2, avgFillPrice: 2.1 });
  });

  it('stores an execution of an order it never recorded once, and says the order is unknown', async () => {
    const liquidation = execution('broker-liq-1', { status: 'filled', fillQty: 2, fillPrice: 0.4, cumQty: 2, avgFillPrice: 0.4, side: 'sell', reason: 'LIQUIDATION' });
    expect(await store.applyExecution(liquidation)).toEqual({ known: false, news: true });
    expect(await store.applyExecution(liquidation)).toEqual({ known: false, news: false });
    expect(await executionRows('broker-liq-1')).toBe(1);
    expect(await store.order('broker-liq-1')).toBeUndefined();
  });

  it('counts an execution as proof of publication (the broker has the order)', async () => {
    await store.recordIntent(intent('seen', 1_000));
    await store.applyExecution(execution('seen', { status: 'accepted', cumQty: 0 }));
    expect(await store.unpublished()).toEqual([]);
  });

  it('lists working orders oldest first, without finished ones', async () => {
    await store.recordIntent(intent('w2', 2_000));
    await store.recordIntent(intent('w1', 1_000));
    await store.recordIntent(intent('done', 500));
    await store.applyExecution(execution('w2', { status: 'partially_filled', fillQty: 1, fillPrice: 2.0, cumQty: 1, avgFillPrice: 2.0 }));
    await store.applyExecution(execution('done', { status: 'rejected', cumQty: 0, reason: 'INSUFFICIENT_BUYING_POWER' }));
    const working = await store.workingOrders();
    expect(working.map((o) => [o.intent.clientOrderId, o.status, o.cumQty])).toEqual([
      ['w1', 'pending', 0],
      ['w2', 'partially_filled', 1],
    ]);
  });

  it('applies one execution delivered many times at once exactly once', async () => {
    await store.recordIntent(intent('burst', 1_000));
    const fill = execution('burst', { status: 'filled', fillQty: 3, fillPrice: 2.35, cumQty: 3, avgFillPrice: 2.35 });
    const results = await Promise.all(Array.from({ length: 8 }, () => store.applyExecution(fill)));
    expect(results.filter((r) => r.news)).toHaveLength(1);
    expect(await executionRows('burst')).toBe(1);
    expect(await store.order('burst')).toMatchObject({ status: 'filled', cumQty: 3, avgFillPrice: 2.35 });
  });

  it('keeps a delta hedge\'s share order (its symbol the ticker) equal to what was written, its fill moving it forward', async () => {
    // 500 × 1.005 = 502.50.
    const shares = hedgeIntent({ ticker: 'SPY', side: 'buy', effect: 'close', qty: 300, reasons: ['HEDGE_UNWIND'] }, 500, 1_733_752_800_000, 'SPY-1733752800000', HEDGING);
    expect(await store.recordIntent(shares)).toBe(true);
    expect((await store.order(shares.clientOrderId))?.intent).toStrictEqual(shares);
    const fill = { clientOrderId: shares.clientOrderId, correlationId: shares.correlationId, symbol: 'SPY', side: 'buy' as const, status: 'filled' as const, fillQty: 300, fillPrice: 500.01, cumQty: 300, avgFillPrice: 500.01, fees: 0, ts: 1_733_752_801_000 };
    expect(await store.applyExecution(fill)).toEqual({ known: true, news: true });
    expect(await store.order(shares.clientOrderId)).toMatchObject({ status: 'filled', cumQty: 300, avgFillPrice: 500.01 });
  });

  it('lists the hedge\'s orders, oldest first, and no other order: what a restart restores the hedge from', async () => {
    const at = (ts: number, effect: 'open' | 'close') => hedgeIntent({ ticker: 'QQQ', side: effect === 'open' ? 'sell' : 'buy', effect, qty: 10, reasons: ['DELTA_HEDGE'] }, 400, ts, `QQQ-${ts}`, HEDGING);
    await store.recordIntent(at(3_000, 'close'));
    await store.recordIntent(intent('th-QQQ-2000-open', 2_000, { underlying: 'QQQ' }));
    await store.recordIntent(intent('th-QQQ-2000-x1', 2_000, { underlying: 'QQQ', side: 'sell', effect: 'close' }));
    await store.recordIntent(at(1_000, 'open'));
    expect((await store.hedgeOrders()).map((o) => o.intent.clientOrderId)).toEqual(['th-QQQ-1000-h', 'th-QQQ-3000-u']);
  });
});
