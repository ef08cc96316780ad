import { jetstream } from '@nats-io/jetstream';
import { afterEach, describe, expect, it } from 'vitest';
import { encode } from '../../../src/infra/nats/codec.js';
import { loadNatsSettings } from '../../../src/infra/nats/settings.js';
import { ensureStreams } from '../../../src/infra/nats/streams.js';
import { msgIds } from '../../../src/infra/nats/subjects.js';
import { eventually } from '../../helpers/eventually.js';
import { countingVenue, intent, OrderPath, type CountingVenue } from './fixture.js';

let path: OrderPath | undefined;
afterEach(async () => {
  await path?.close();
  path = undefined;
});

const ids = (n: number, tag: string) => Array.from({ length: n }, (_, i) => intent({ clientOrderId: `th-SPY-${tag}${i}-open`, correlationId: `c${i}` }));

describe('orders over NATS JetStream', () => {
  it('takes an intent to the broker and its fill back, once, with the cumulative quantity and average price', async () => {
    path = await OrderPath.start();
    const order = intent({ qty: 3 });
    path.gateway.submit(order);
    await eventually(() => expect(path?.finals().get(order.clientOrderId)).toBe(1));
    // The broker's answer (accepted, then filled at once) goes back as its last state: filled, 3
    // contracts; one fill, so the average price is its price.
    expect(path.received.map((e) => [e.status, e.cumQty])).toEqual([['filled', 3]]);
    const fill = path.received[0];
    expect(fill?.avgFillPrice).toBe(fill?.fillPrice);
    expect(fill?.correlationId).toBe(order.correlationId);
  });

  it('the same intent published twice makes one order: JetStream drops the second by its msg id', async () => {
    const venue = countingVenue();
    path = await OrderPath.start({ broker: venue });
    const order = intent();
    path.gateway.submit(order);
    path.gateway.submit(order);
    // And straight on the stream, as a restarted engine would: the PubAck says duplicate.
    const js = jetstream(path.gatewayLink.nc);
    await eventually(() => expect(path?.finals().get(order.clientOrderId)).toBe(1));
    const again = await js.publish(path.subjects.submit('SPY'), encode({ type: 'submit', intent: order }), { msgID: msgIds.submit(order.clientOrderId) });
    expect(again.duplicate).toBe(true);
    expect(venue.submits.get(order.clientOrderId)).toBe(1);
    expect(venue.broker.orders()).toHaveLength(1);
    expect(path.received.filter((e) => e.status === 'filled')).toHaveLength(1);
  });

  it('a burst of 300 orders: each placed once, each answered once', async () => {
    const venue = countingVenue();
    path = await OrderPath.start({ broker: venue });
    const burst = ids(300, 'b');
    for (const o of burst) path.gateway.submit(o);
    await eventually(() => expect(path?.finals().size).toBe(300), { timeoutMs: 10_000 });
    expect([...venue.submits].filter(([, n]) => n !== 1)).toEqual([]);
    expect(venue.broker.orders()).toHaveLength(300);
    expect([...path.finals()].filter(([, n]) => n !== 1)).toEqual([]);
    expect(path.received).toHaveLength(300);
  });

  it('an executor killed mid-burst and started again loses nothing and places nothing twice', async () => {
    const venue = countingVenue();
    path = await OrderPath.start({ broker: venue, settings: { ackWaitMs: 1_000 } });
    const p = path;
    // The 40th order reaches the broker, then the executor dies before its ack (and its execution)
    // leave: its connection is gone and it never answers.
    let placed = 0;
    venue.beforeAnswer = async () => {
      placed += 1;
      if (placed === 40) {
        await p.executorLink.nc.close();
        await new Promise(() => undefined);
      }
    };
    const burst = ids(120, 'k');
    for (const o of burst) path.gateway.submit(o);
    await eventually(() => expect(p.executorLink.nc.isClosed()).toBe(true), { timeoutMs: 5_000 });
    venue.beforeAnswer = undefined;
    await p.startExecutor(); // a new executor on the same durable consumer
    await eventually(() => expect(p.finals().size).toBe(120), { timeoutMs: 15_000 });
    expect([...venue.submits].filter(([, n]) => n !== 1)).toEqual([]);
    expect(venue.broker.orders()).toHaveLength(120);
    expect([...p.finals()].filter(([, n]) => n !== 1)).toEqual([]);
    // The order that reached the broker unacknowledged was looked up, not placed again.
    expect(p.executor.stats.adopted).toBeGreaterThanOrEqual(1);
  });

  it('a malformed command is terminated and counted; the executor goes on', async () => {
    path = await OrderPath.start();
    const js = jetstream(path.gatewayLink.nc);
    await js.publish(path.subjects.submit('SPY'), new TextEncoder().encode('{"type":"submit","intent":{"qty":-1}}'), { msgID: 'bad-1' });
    const order = intent();
    path.gateway.submit(order);
    await eventually(() => expect(path?.finals().get(order.clientOrderId)).toBe(1));
    expect(path.executor.stats.malformed).toBe(1);
    expect(path.executorLog.entries.some((e) => e.msg === 'malformed order command terminated')).toBe(true);
  });

  it('a cancel travels as its own command and comes back as the order canceled', async () => {
    path = await OrderPath.start();
    // A limit far below the market rests.
    const order = intent({ limitPrice: 0.5 });
    path.gateway.submit(order);
    await eventually(() => expect(path?.received.map((e) => e.status)).toEqual(['accepted']));
    path.gateway.cancel(order.clientOrderId, order.correlationId);
    await eventually(() => expect(path?.received.map((e) => e.status)).toEqual(['accepted', 'canceled']));
  });
});

export type { CountingVenue };

describe('a broker that can no longer report on orders', () => {
  it('stops the executor from taking commands (its process then exits, to be restarted)', async () => {
    const venue = countingVenue();
    let fault: (reason: string) => void = () => undefined;
    const faulty = Object.assign(Object.create(venue) as CountingVenue, { onFault: (h: (reason: string) => void) => (fault = h) });
    path = await OrderPath.start({ broker: faulty });
    const p = path;
    fault('TRADING_STREAM_REFUSED');
    await p.executor.ended;
    expect(p.executorLog.entries.map((e) => e.msg)).toContain('broker cannot report on orders: executor stops taking commands');
  });
});

describe('streams already there', () => {
  it('keep their storage when a process with other settings starts (storage cannot change on a live stream)', async () => {
    path = await OrderPath.start(); // created in memory
    const p = path;
    const fileSettings = loadNatsSettings({ url: p.url, storage: 'file', duplicateWindowMs: 20 * 60_000 }, {});
    const jsm = await ensureStreams(p.gatewayLink.nc, p.subjects, fileSettings);
    const info = await jsm.streams.info(p.subjects.ordersStream);
    expect(info.config.storage).toBe('memory');
    expect(info.config.duplicate_window).toBe(20 * 60_000 * 1_000_000); // nanoseconds: the changeable part is updated
  });
});
