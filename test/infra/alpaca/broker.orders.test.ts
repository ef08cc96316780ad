import { describe, expect, it } from 'vitest';
import { BrokerUnavailableError } from '../../../src/actors/ports/broker.js';
import { CALL, harness, intent, T0 } from './fixtures.js';

const BY_ID = '/v2/orders:by_client_order_id';

describe('AlpacaBroker cancel', () => {
  it('finds the order by client order id, DELETEs it by Alpaca id, and answers canceled', async () => {
    const { venue, broker } = await harness();
    await broker.submit(intent({ clientOrderId: 'c-cancel', correlationId: 'k-cancel' }));
    venue.route('c-cancel');
    venue.time = T0 + 60_000;
    const execs = await broker.cancel('c-cancel');
    const id = venue.order('c-cancel')?.id ?? '';
    expect(venue.requestsTo('DELETE', `/v2/orders/${id}`)).toHaveLength(1);
    expect(execs).toEqual([
      { clientOrderId: 'c-cancel', correlationId: 'k-cancel', symbol: CALL, side: 'buy', status: 'canceled', fillQty: 0, cumQty: 0, fees: 0, ts: T0 + 60_000, reason: 'BROKER_CANCELED' },
    ]);
  });

  it('keeps the partial fill of a canceled order', async () => {
    const { venue, broker } = await harness();
    await broker.submit(intent({ clientOrderId: 'c-part' }));
    venue.route('c-part');
    venue.fill('c-part', 2, '1.2');
    expect(await broker.cancel('c-part')).toMatchObject([{ status: 'canceled', cumQty: 2, avgFillPrice: 1.2 }]);
  });

  it('an order that finished between look-up and DELETE (422) → its current state', async () => {
    const { venue, broker } = await harness();
    await broker.submit(intent({ clientOrderId: 'c-late', qty: 3 }));
    venue.route('c-late');
    venue.fill('c-late', 3, '1.25');
    // The look-up sees it working; the DELETE meets a filled order.
    venue.inject({ method: 'GET', path: BY_ID, status: 200, body: { ...venue.order('c-late'), status: 'new', filled_qty: '0', filled_avg_price: null } });
    const execs = await broker.cancel('c-late');
    expect(execs).toMatchObject([{ clientOrderId: 'c-late', status: 'filled', fillQty: 0, cumQty: 3, avgFillPrice: 1.25 }]);
  });

  it('an order already finished → its final state (the stream may not have told it), and no DELETE', async () => {
    const { venue, broker } = await harness();
    await broker.submit(intent({ clientOrderId: 'c-done' }));
    venue.end('c-done', 'expired');
    expect(await broker.cancel('c-done')).toMatchObject([{ clientOrderId: 'c-done', status: 'expired', fillQty: 0, cumQty: 0 }]);
    expect(venue.requests.filter((r) => r.method === 'DELETE')).toHaveLength(0);
  });

  it('an order that filled while the stream was down → the fill, from the cancel itself', async () => {
    const { venue, broker } = await harness();
    await broker.submit(intent({ clientOrderId: 'c-filled', qty: 2 }));
    venue.route('c-filled');
    venue.fill('c-filled', 2, '1.40');
    expect(await broker.cancel('c-filled')).toMatchObject([{ clientOrderId: 'c-filled', status: 'filled', fillQty: 0, cumQty: 2, avgFillPrice: 1.4 }]);
    expect(venue.requests.filter((r) => r.method === 'DELETE')).toHaveLength(0);
  });

  it('an unknown order → []', async () => {
    const { broker } = await harness();
    expect(await broker.cancel('never-sent')).toEqual([]);
  });

  it('a 500 on DELETE → BrokerUnavailableError (the SDK never retries a DELETE)', async () => {
    const { venue, broker } = await harness();
    await broker.submit(intent({ clientOrderId: 'c-del500' }));
    const id = venue.order('c-del500')?.id ?? '';
    venue.inject({ method: 'DELETE', path: `/v2/orders/${id}`, status: 500, body: { message: 'internal server error' } });
    await expect(broker.cancel('c-del500')).rejects.toThrow(BrokerUnavailableError);
    expect(venue.requestsTo('DELETE', `/v2/orders/${id}`)).toHaveLength(1);
  });
});

describe('AlpacaBroker lookup and openOrders', () => {
  it('lookup: the order’s cumulative state; 404 → undefined', async () => {
    const { venue, broker } = await harness();
    await broker.submit(intent({ clientOrderId: 'c-look', correlationId: 'k-look', qty: 3 }));
    venue.route('c-look');
    venue.time = T0 + 5_000;
    venue.fill('c-look', 1, '1.2');
    venue.fill('c-look', 1, '1.3');
    expect(await broker.lookup('c-look')).toEqual({
      clientOrderId: 'c-look',
      correlationId: 'k-look',
      symbol: CALL,
      side: 'buy',
      status: 'partially_filled',
      fillQty: 0,
      cumQty: 2,
      avgFillPrice: 1.25,
      fees: 0,
      ts: T0 + 5_000,
    });
    expect(await broker.lookup('nobody')).toBeUndefined();
  });

  it('lookup: a 5xx past the SDK’s GET retries → BrokerUnavailableError', async () => {
    const { venue, broker } = await harness({ getRetries: 1 });
    venue.inject({ method: 'GET', path: BY_ID, status: 502, body: { message: 'bad gateway' }, times: 2 });
    await expect(broker.lookup('c-x')).rejects.toThrow(/lookup c-x: HTTP 502/);
    expect(venue.requestsTo('GET', BY_ID)).toHaveLength(2);
  });

  it('openOrders: GET /v2/orders?status=open, each mapped (an order Thetis did not place keeps its own id as correlation)', async () => {
    const { venue, broker } = await harness();
    await broker.submit(intent({ clientOrderId: 'c-open', correlationId: 'k-open' }));
    await broker.submit(intent({ clientOrderId: 'c-gone' }));
    venue.end('c-gone', 'canceled');
    venue.place({ client_order_id: 'alpaca-liq-1', symbol: CALL, qty: '1', side: 'sell', type: 'market', status: 'new' });
    const open = await broker.openOrders();
    expect(venue.requestsTo('GET', '/v2/orders')[0]?.query).toMatchObject({ status: 'open' });
    expect(open).toEqual([
      { clientOrderId: 'c-open', correlationId: 'k-open', symbol: CALL, side: 'buy', status: 'pending', fillQty: 0, cumQty: 0, fees: 0, ts: T0 },
      { clientOrderId: 'alpaca-liq-1', correlationId: 'alpaca-liq-1', symbol: CALL, side: 'sell', status: 'accepted', fillQty: 0, cumQty: 0, fees: 0, ts: T0 },
    ]);
  });

  it('an unreadable order is counted and skipped', async () => {
    const { venue, broker } = await harness();
    venue.inject({ method: 'GET', path: '/v2/orders', status: 200, body: [{ id: 'x' }] });
    await expect(broker.openOrders()).rejects.toThrow(/unreadable answer/);
    expect(broker.counters.malformedResponses).toBe(1);
  });
});
