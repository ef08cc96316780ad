import { describe, expect, it } from 'vitest';
import { BrokerUnavailableError } from '../../../src/actors/ports/broker.js';
import { eventually } from '../../helpers/eventually.js';
import { harness, intent } from './fixtures.js';
import { bullPutSpread, LONG_PUT, SHORT_PUT, SPREAD_ID } from '../../helpers/bull-put-spread.js';
import { spreadAtAlpaca } from './mleg-fixtures.js';

const ORDERS = '/v2/orders';
const BY_ID = '/v2/orders:by_client_order_id';
/** SPY 2025-06-20 480 put. */
const PUT = 'SPY250620P00480000';

/** The JSON the SDK puts on the wire for bullPutSpread(), written out by hand. */
const SPREAD_BODY = {
  order_class: 'mleg',
  qty: '2',
  type: 'limit',
  time_in_force: 'day',
  limit_price: '-1.2',
  client_order_id: SPREAD_ID,
  legs: [
    { symbol: SHORT_PUT, side: 'sell', ratio_qty: '1', position_intent: 'sell_to_open' },
    { symbol: LONG_PUT, side: 'buy', ratio_qty: '1', position_intent: 'buy_to_open' },
  ],
};

describe('AlpacaBroker multi-leg and short premium orders', () => {
  it('a bull put spread goes out through the SDK as this exact mleg body; the answer is the parent, pending', async () => {
    const { venue, broker } = await harness();
    venue.inject({ method: 'POST', path: ORDERS, status: 200, body: spreadAtAlpaca('accepted', 0, null, null) });
    const execs = await broker.submit(bullPutSpread());
    const posts = venue.requestsTo('POST', ORDERS);
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body).toEqual(SPREAD_BODY);
    expect(execs).toEqual([{ clientOrderId: SPREAD_ID, correlationId: 'corr-bps', symbol: SHORT_PUT, side: 'sell', status: 'pending', fillQty: 0, cumQty: 0, fees: 0, ts: Date.parse('2025-06-11T15:00:00Z') }]);
  });

  it('a cash-secured put is a single-leg sell to open; buying it back is buy to close', async () => {
    const { venue, broker } = await harness();
    await broker.submit(intent({ clientOrderId: 'csp-open', symbol: PUT, side: 'sell', effect: 'open', qty: 1, limitPrice: 2.1 }));
    await broker.submit(intent({ clientOrderId: 'csp-close', symbol: PUT, side: 'buy', effect: 'close', qty: 1, limitPrice: 0.5 }));
    const bodies = venue.requestsTo('POST', ORDERS).map((r) => r.body);
    expect(bodies).toEqual([
      { symbol: PUT, qty: '1', side: 'sell', type: 'limit', time_in_force: 'day', limit_price: '2.10', client_order_id: 'csp-open', position_intent: 'sell_to_open' },
      { symbol: PUT, qty: '1', side: 'buy', type: 'limit', time_in_force: 'day', limit_price: '0.50', client_order_id: 'csp-close', position_intent: 'buy_to_close' },
    ]);
  });

  it('a spread Alpaca would refuse (five legs) is rejected INVALID_ORDER without a request', async () => {
    const { venue, broker } = await harness();
    const extra = ['480', '470', '460'].map((k) => ({ symbol: `SPY250718P00${k}000`, side: 'buy' as const, ratio: 1, positionIntent: 'buy_to_open' as const }));
    const [e] = await broker.submit(bullPutSpread({ legs: [...(bullPutSpread().legs ?? []), ...extra] }));
    expect(e).toMatchObject({ status: 'rejected', reason: 'INVALID_ORDER', symbol: SHORT_PUT, side: 'sell' });
    expect(venue.requestsTo('POST', ORDERS)).toHaveLength(0);
  });

  describe('error classes are those of a single-leg order', () => {
    it('403 options level → OPTIONS_LEVEL_NOT_PERMITTED; 403 buying power → INSUFFICIENT_BUYING_POWER', async () => {
      const { venue, broker } = await harness();
      venue.inject({ method: 'POST', path: ORDERS, status: 403, body: { code: 40310000, message: 'account not eligible to trade multi-leg option orders' } });
      venue.inject({ method: 'POST', path: ORDERS, status: 403, body: { code: 40310000, message: 'insufficient options buying power for the spread' } });
      expect((await broker.submit(bullPutSpread()))[0]).toMatchObject({ status: 'rejected', reason: 'OPTIONS_LEVEL_NOT_PERMITTED' });
      expect((await broker.submit(bullPutSpread({ clientOrderId: 'th-SPY-2-open' })))[0]).toMatchObject({ status: 'rejected', reason: 'INSUFFICIENT_BUYING_POWER' });
    });

    it('422 → INVALID_ORDER; 422 duplicate id → the same spread adopted', async () => {
      const { venue, broker } = await harness();
      venue.inject({ method: 'POST', path: ORDERS, status: 422, body: { code: 40010001, message: 'legs must have the same underlying' } });
      expect((await broker.submit(bullPutSpread()))[0]).toMatchObject({ status: 'rejected', reason: 'INVALID_ORDER' });
      venue.inject({ method: 'POST', path: ORDERS, status: 422, body: { code: 40010001, message: 'client_order_id must be unique' } });
      venue.inject({ method: 'GET', path: BY_ID, status: 200, body: spreadAtAlpaca('new', 0, null, null) });
      expect((await broker.submit(bullPutSpread()))[0]).toMatchObject({ status: 'accepted', reason: 'DUPLICATE_CLIENT_ORDER_ID', symbol: SHORT_PUT, side: 'sell' });
    });

    it('429 → the same POST again; 5xx → looked up by client order id, never re-sent', async () => {
      const { venue, broker } = await harness();
      venue.inject({ method: 'POST', path: ORDERS, status: 429, body: { message: 'rate limit exceeded' }, headers: { 'Retry-After': '0' } });
      venue.inject({ method: 'POST', path: ORDERS, status: 200, body: spreadAtAlpaca('new', 0, null, null) });
      expect((await broker.submit(bullPutSpread()))[0]).toMatchObject({ status: 'accepted' });
      const posts = venue.requestsTo('POST', ORDERS);
      expect(posts.map((p) => p.body)).toEqual([SPREAD_BODY, SPREAD_BODY]);

      venue.inject({ method: 'POST', path: ORDERS, status: 500, body: { code: 50010000, message: 'internal server error' } });
      venue.inject({ method: 'GET', path: BY_ID, status: 200, body: spreadAtAlpaca('filled', 2, '2.35', '1.15') });
      // By hand: 2.35 − 1.15 = 1.20 received per share.
      expect((await broker.submit(bullPutSpread()))[0]).toMatchObject({ status: 'filled', cumQty: 2, avgFillPrice: 1.2 });
      expect(venue.requestsTo('POST', ORDERS)).toHaveLength(3);

      venue.inject({ method: 'POST', path: ORDERS, status: 503, body: { message: 'service unavailable' } });
      venue.inject({ method: 'GET', path: BY_ID, status: 404, body: { code: 40410000, message: 'order not found' } });
      await expect(broker.submit(bullPutSpread())).rejects.toBeInstanceOf(BrokerUnavailableError);
    });
  });

  it('look-up, cancel and open orders read the mleg parent (nested)', async () => {
    const { venue, broker } = await harness();
    const working = spreadAtAlpaca('new', 0, null, null);
    venue.inject({ method: 'GET', path: BY_ID, status: 200, body: working });
    expect(await broker.lookup(SPREAD_ID)).toMatchObject({ clientOrderId: SPREAD_ID, symbol: SHORT_PUT, side: 'sell', status: 'accepted' });

    venue.inject({ method: 'GET', path: BY_ID, status: 200, body: working });
    venue.inject({ method: 'DELETE', path: `${ORDERS}/${String(working.id)}`, status: 204 });
    venue.inject({ method: 'GET', path: BY_ID, status: 200, body: { ...working, status: 'canceled' } });
    expect(await broker.cancel(SPREAD_ID)).toEqual([expect.objectContaining({ clientOrderId: SPREAD_ID, status: 'canceled' })]);

    venue.inject({ method: 'GET', path: ORDERS, status: 200, body: [spreadAtAlpaca('partially_filled', 1, '2.35', '1.15')] });
    expect(await broker.openOrders()).toEqual([expect.objectContaining({ clientOrderId: SPREAD_ID, status: 'partially_filled', cumQty: 1, avgFillPrice: 1.2 })]);
    expect(venue.requestsTo('GET', ORDERS).at(-1)?.query).toMatchObject({ status: 'open', nested: 'true' });
  });

  it("the stream's fill of the spread is one execution at the net credit; a leg's event has the parent looked up", async () => {
    const h = await harness();
    const { venue, broker } = h;
    venue.inject({ method: 'POST', path: ORDERS, status: 200, body: spreadAtAlpaca('new', 0, null, null) });
    await broker.submit(bullPutSpread());
    await h.listen();
    const filled = spreadAtAlpaca('filled', 2, '2.35', '1.15');
    venue.sendRaw(JSON.stringify({ stream: 'trade_updates', data: { event: 'fill', timestamp: '2025-06-11T15:00:05Z', order: filled, price: '-1.2', qty: '2' } }));
    await eventually(() => expect(h.executions).toHaveLength(1));
    // 2.35 − 1.15 = 1.20 received per share, both units in this fill.
    expect(h.executions[0]).toEqual({
      clientOrderId: SPREAD_ID,
      correlationId: 'corr-bps',
      symbol: SHORT_PUT,
      side: 'sell',
      status: 'filled',
      fillQty: 2,
      fillPrice: 1.2,
      cumQty: 2,
      avgFillPrice: 1.2,
      fees: 0,
      ts: Date.parse('2025-06-11T15:00:05Z'),
    });

    // A leg's own event (its parent is not in it): counted as noted, and a reconciliation runs.
    const runs = broker.counters.reconciliations;
    const leg = (filled.legs as Record<string, unknown>[])[1];
    venue.sendRaw(JSON.stringify({ stream: 'trade_updates', data: { event: 'fill', timestamp: '2025-06-11T15:00:05Z', order: leg, price: '1.15', qty: '2' } }));
    await eventually(() => expect(broker.counters.reconciliations).toBe(runs + 1));
    venue.sendRaw(JSON.stringify({ stream: 'trade_updates', data: { event: 'leg_exploded', order: filled } }));
    await eventually(() => expect(broker.counters.unknownEvents).toBe(1));
    expect(broker.counters.malformedFrames).toBe(0);
    expect(h.executions).toHaveLength(1);
  });
});
