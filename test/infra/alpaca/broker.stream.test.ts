import { describe, expect, it } from 'vitest';
import { AlpacaBroker } from '../../../src/infra/alpaca/broker.js';
import { eventually } from '../../helpers/eventually.js';
import { FakeVenue } from './fake-venue.js';
import { CALL, harness, intent, KEY_ID, SECRET, T0 } from './fixtures.js';

describe('AlpacaBroker trade_updates', () => {
  it('authenticates with the keys and listens to trade_updates', async () => {
    const h = await harness();
    await h.listen();
    expect(h.venue.streamMessages).toEqual([
      { action: 'authenticate', data: { key_id: KEY_ID, secret_key: SECRET } },
      { action: 'listen', data: { streams: ['trade_updates'] } },
    ]);
  });

  it('maps new, partial_fill and fill: this fill from the event, running totals from the order', async () => {
    const h = await harness();
    await h.listen();
    await h.broker.submit(intent({ clientOrderId: 'c-s1', correlationId: 'k-s1', qty: 3 }));
    h.venue.route('c-s1');
    h.venue.time = T0 + 1_000;
    h.venue.fill('c-s1', 2, '1.2');
    h.venue.time = T0 + 2_000;
    h.venue.fill('c-s1', 1, '1.35');
    await eventually(() => expect(h.executions).toHaveLength(3));
    const base = { clientOrderId: 'c-s1', correlationId: 'k-s1', symbol: CALL, side: 'buy', fees: 0 };
    expect(h.executions).toEqual([
      { ...base, status: 'accepted', fillQty: 0, cumQty: 0, ts: T0 },
      { ...base, status: 'partially_filled', fillQty: 2, fillPrice: 1.2, cumQty: 2, avgFillPrice: 1.2, ts: T0 + 1_000 },
      // (2 × 1.20 + 1 × 1.35) / 3 = 3.75 / 3 = 1.25
      { ...base, status: 'filled', fillQty: 1, fillPrice: 1.35, cumQty: 3, avgFillPrice: 1.25, ts: T0 + 2_000 },
    ]);
  });

  it.each([
    ['canceled', 'BROKER_CANCELED'],
    ['expired', 'DAY_ORDER_EXPIRED'],
    ['rejected', 'BROKER_REJECTED'],
  ] as const)('maps %s', async (status, reason) => {
    const h = await harness();
    await h.listen();
    await h.broker.submit(intent({ clientOrderId: `c-${status}`, correlationId: 'k-end' }));
    h.venue.end(`c-${status}`, status);
    await eventually(() => expect(h.executions).toHaveLength(1));
    expect(h.executions[0]).toEqual({ clientOrderId: `c-${status}`, correlationId: 'k-end', symbol: CALL, side: 'buy', status, fillQty: 0, cumQty: 0, fees: 0, ts: T0, reason });
  });

  it('an order Thetis did not place (an Alpaca liquidation) is reported under its own id', async () => {
    const h = await harness();
    await h.listen();
    h.venue.place({ client_order_id: 'liq-1', symbol: CALL, qty: '1', side: 'sell', type: 'market', status: 'new' });
    h.venue.fill('liq-1', 1, '0.4');
    await eventually(() => expect(h.executions).toHaveLength(1));
    expect(h.executions[0]).toMatchObject({ clientOrderId: 'liq-1', correlationId: 'liq-1', side: 'sell', status: 'filled', fillQty: 1, fillPrice: 0.4, cumQty: 1 });
  });

  it('events that change nothing are counted and logged at debug, not emitted', async () => {
    const h = await harness();
    await h.listen();
    await h.broker.submit(intent({ clientOrderId: 'c-noted' }));
    h.venue.sendEvent('pending_cancel', 'c-noted');
    h.venue.sendEvent('done_for_day', 'c-noted');
    h.venue.route('c-noted'); // a real change afterwards, to know the two before were handled
    await eventually(() => expect(h.executions).toHaveLength(1));
    expect(h.executions[0]).toMatchObject({ status: 'accepted' });
    expect(h.broker.counters).toMatchObject({ eventsNoted: 2, events: { pending_cancel: 1, done_for_day: 1, new: 1 } });
    expect(h.log.debugs.map((d) => d.obj)).toEqual([
      expect.objectContaining({ event: 'pending_cancel', clientOrderId: 'c-noted' }),
      expect.objectContaining({ event: 'done_for_day', clientOrderId: 'c-noted' }),
    ]);
  });

  it('trade_bust and trade_correct are logged as errors and counted', async () => {
    const h = await harness();
    await h.listen();
    await h.broker.submit(intent({ clientOrderId: 'c-bust' }));
    h.venue.sendEvent('trade_bust', 'c-bust', { price: '1.2', qty: '1' });
    h.venue.sendEvent('trade_correct', 'c-bust', { price: '1.21', qty: '1' });
    await eventually(() => expect(h.broker.counters.tradeAdjustments).toBe(2));
    expect(h.executions).toEqual([]);
    expect(h.log.entries.filter((e) => e.level === 'error').map((e) => e.obj)).toEqual([
      expect.objectContaining({ event: 'trade_bust', clientOrderId: 'c-bust' }),
      expect.objectContaining({ event: 'trade_correct', clientOrderId: 'c-bust' }),
    ]);
  });

  it('an unknown event is counted and logged; the stream goes on', async () => {
    const h = await harness();
    await h.listen();
    await h.broker.submit(intent({ clientOrderId: 'c-unknown' }));
    h.venue.sendEvent('margin_call', 'c-unknown');
    h.venue.route('c-unknown');
    await eventually(() => expect(h.executions).toHaveLength(1));
    expect(h.broker.counters).toMatchObject({ unknownEvents: 1, events: { margin_call: 1 } });
    expect(h.log.entries).toContainEqual(expect.objectContaining({ level: 'warn', obj: expect.objectContaining({ event: 'margin_call' }) }));
  });

  it('malformed frames are counted and logged; the stream goes on', async () => {
    const h = await harness();
    await h.listen();
    await h.broker.submit(intent({ clientOrderId: 'c-bad' }));
    h.venue.sendRaw('{not json');
    h.venue.sendRaw(JSON.stringify({ stream: 'trade_updates', data: { event: 'fill', order: null } }));
    h.venue.sendRaw(JSON.stringify({ stream: 'trade_updates', data: { event: 'fill', order: { id: 'x' } } }));
    h.venue.sendEvent('fill', 'c-bad', { qty: '1' }); // a fill without a price
    h.venue.route('c-bad');
    await eventually(() => expect(h.executions).toHaveLength(1));
    expect(h.executions[0]).toMatchObject({ clientOrderId: 'c-bad', status: 'accepted' });
    expect(h.broker.counters.malformedFrames).toBe(4);
  });

  it('a handler that throws is logged and the others still run', async () => {
    const h = await harness();
    h.broker.onExecution(() => {
      throw new Error('boom');
    });
    await h.listen();
    await h.broker.submit(intent({ clientOrderId: 'c-throw' }));
    h.venue.route('c-throw');
    await eventually(() => expect(h.executions).toHaveLength(1));
    expect(h.broker.counters.handlerErrors).toBe(1);
  });

  it('after a drop and reconnect, reconciles through REST: a fill during the gap is emitted', async () => {
    const h = await harness();
    await h.listen();
    await h.broker.submit(intent({ clientOrderId: 'c-gap', correlationId: 'k-gap', qty: 3 }));
    await h.broker.submit(intent({ clientOrderId: 'c-gap-done' }));
    h.venue.route('c-gap');
    h.venue.time = T0 + 1_000;
    h.venue.fill('c-gap', 1, '1.2');
    h.venue.end('c-gap-done', 'canceled');
    await eventually(() => expect(h.executions.map((e) => e.status)).toEqual(['accepted', 'partially_filled', 'canceled']));

    h.venue.dropStream();
    await eventually(() => expect(h.broker.counters.streamDisconnects).toBe(1));
    // While the socket is down the venue fills the rest: no frame reaches the adapter.
    h.venue.time = T0 + 2_000;
    h.venue.fill('c-gap', 2, '1.275');
    const lookupsBefore = h.venue.requestsTo('GET', '/v2/orders:by_client_order_id').length;
    h.venue.allowStream();

    await eventually(() => expect(h.executions).toHaveLength(4), { timeoutMs: 5_000 });
    // (1 × 1.20 + 2 × 1.275) / 3 = 3.75 / 3 = 1.25
    expect(h.executions[3]).toEqual({ clientOrderId: 'c-gap', correlationId: 'k-gap', symbol: CALL, side: 'buy', status: 'filled', fillQty: 0, cumQty: 3, avgFillPrice: 1.25, fees: 0, ts: T0 + 2_000 });
    // Only the order still working was looked up; the canceled one was not.
    expect(h.venue.requestsTo('GET', '/v2/orders:by_client_order_id').slice(lookupsBefore).map((r) => r.query.client_order_id)).toEqual(['c-gap']);
    expect(h.broker.counters).toMatchObject({ reconnects: 1, reconciledOrders: 1 });
    expect(h.venue.authorizations).toBe(2);
  });

  it('a silent stream (open, but no updates and pings unanswered) is noticed by its heartbeat and replaced; a fill made meanwhile is looked up', async () => {
    const h = await harness({ streamHeartbeat: { pingEveryMs: 150, pongWaitMs: 100 } });
    await h.listen();
    await h.broker.submit(intent({ clientOrderId: 'c-quiet', correlationId: 'k-quiet', qty: 2 }));
    h.venue.route('c-quiet');
    await eventually(() => expect(h.executions.map((e) => e.status)).toEqual(['accepted']));
    h.venue.silenceStream();
    h.venue.time = T0 + 3_000;
    h.venue.fill('c-quiet', 2, '1.5'); // sent to no one: the silent connection no longer listens
    await eventually(() => expect(h.executions).toHaveLength(2), { timeoutMs: 5_000 });
    expect(h.executions[1]).toEqual({ clientOrderId: 'c-quiet', correlationId: 'k-quiet', symbol: CALL, side: 'buy', status: 'filled', fillQty: 0, cumQty: 2, avgFillPrice: 1.5, fees: 0, ts: T0 + 3_000 });
    expect(h.broker.counters).toMatchObject({ reconnects: 1, reconciledOrders: 1 });
    expect(h.venue.authorizations).toBe(2);
  });

  it('close() closes the stream and stops emitting', async () => {
    const h = await harness();
    await h.listen();
    await h.broker.close();
    await eventually(() => expect(h.venue.listeners).toBe(0));
    await expect(h.broker.submit(intent())).rejects.toThrow(/closed/);
  });
});

describe('a trading stream that refuses the keys', () => {
  it('is a fault the executor hears of (TRADING_STREAM_REFUSED): orders could fill unreported', async () => {
    const venue = await FakeVenue.start({ keyId: KEY_ID, secret: SECRET });
    const broker = new AlpacaBroker({ keyId: KEY_ID, secret: 'not-the-secret', restUrl: venue.restUrl, streamUrl: venue.streamUrl, streamReconnectInitialMs: 5, streamReconnectMaxMs: 20 });
    try {
      const faults: string[] = [];
      broker.onFault((reason) => faults.push(reason));
      broker.onExecution(() => undefined);
      await eventually(() => expect(faults).toEqual(['TRADING_STREAM_REFUSED']), { timeoutMs: 5_000 });
    } finally {
      await broker.close();
      await venue.close();
    }
  });
});
