import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../../helpers/eventually.js';
import { OwnNatsServer } from '../../helpers/nats.js';
import { BrokerUnavailableError } from '../../../src/actors/ports/broker.js';
import type { OrderIntent } from '../../../src/domain/values/order.js';
import { countingVenue, intent, OrderPath, type CountingVenue } from './fixture.js';

let server: OwnNatsServer | undefined;
let path: OrderPath | undefined;
afterEach(async () => {
  await path?.close();
  await server?.stop();
  path = undefined;
  server = undefined;
});

describe('a NATS server restarted during a burst', () => {
  it('engine and executor reconnect; every order is placed once and answered once', async () => {
    server = await OwnNatsServer.start();
    const venue = countingVenue();
    // File storage: the streams and their dedup state survive the server's death.
    path = await OrderPath.start({
      url: server.url,
      broker: venue,
      settings: { storage: 'file', ackWaitMs: 1_000, reconnectWaitMs: 50, publish: { attempts: 40, timeoutMs: 250, baseDelayMs: 20, maxDelayMs: 250 } },
    });
    const p = path;
    const burst = Array.from({ length: 400 }, (_, i) => intent({ clientOrderId: `th-SPY-r${i}-open` }));
    for (const o of burst.slice(0, 200)) p.gateway.submit(o);
    await eventually(() => expect(p.finals().size).toBeGreaterThan(20), { timeoutMs: 10_000 });
    await server.kill();
    // Sent while the server is down: held by the client and retried with the same msg ids.
    for (const o of burst.slice(200)) p.gateway.submit(o);
    await server.up();
    await eventually(() => expect(p.finals().size).toBe(400), { timeoutMs: 30_000 });
    expect([...venue.submits].filter(([, n]) => n !== 1)).toEqual([]);
    expect(venue.broker.orders()).toHaveLength(400);
    expect([...p.finals()].filter(([, n]) => n !== 1)).toEqual([]);
    expect(p.gatewayLink.stats.reconnects).toBeGreaterThanOrEqual(1);
    expect(p.executorLink.stats.reconnects).toBeGreaterThanOrEqual(1);
    expect(p.gateway.stats.publishFailed).toBe(0);
  });

  it('an intent JetStream never takes is failed loudly as ORDER_PUBLISH_FAILED; should it land later, it is cancelled and the engine hears of it', async () => {
    server = await OwnNatsServer.start();
    const venue = countingVenue();
    path = await OrderPath.start({ url: server.url, broker: venue, settings: { storage: 'file', reconnectWaitMs: 50, publish: { attempts: 3, timeoutMs: 100, baseDelayMs: 10, maxDelayMs: 20 } } });
    const p = path;
    await server.kill();
    const order = intent({ limitPrice: 0.5 }); // rests: below the bid
    p.gateway.submit(order);
    await eventually(() => expect(p.received).toHaveLength(1), { timeoutMs: 5_000 });
    expect(p.received[0]).toMatchObject({ clientOrderId: order.clientOrderId, status: 'rejected', cumQty: 0, reason: 'ORDER_PUBLISH_FAILED' });
    expect(p.engineLog.entries.filter((e) => e.level === 'error').map((e) => e.msg)).toContain('JetStream publish failed: giving up');
    expect(p.gateway.stats.publishFailed).toBeGreaterThanOrEqual(1);
    // Back up: the cancel sent after the failed submit is retried until JetStream takes it, and the
    // executor handles it. Had the client still held the submit, it would land first and be
    // cancelled (the engine hearing of both); either way nothing is left working at the broker.
    await server.up();
    await eventually(() => expect(p.executor.stats.cancels).toBe(1), { timeoutMs: 10_000 });
    expect(venue.broker.orders().filter((o) => o.status !== 'canceled')).toEqual([]);
    const statuses = p.received.map((e) => e.status);
    expect([['rejected'], ['rejected', 'accepted', 'canceled']]).toContainEqual(statuses);
  });

  it('a cancel that overtakes a submit waiting for a retry: the submit is never placed', async () => {
    const venue = countingVenue();
    let failures = 0;
    const flaky = Object.assign(Object.create(venue) as CountingVenue, {
      submit: async (i: OrderIntent) => {
        if (failures++ === 0) throw new BrokerUnavailableError('venue timed out', 300);
        return venue.submit(i);
      },
    });
    path = await OrderPath.start({ broker: flaky });
    const p = path;
    const order = intent();
    p.gateway.submit(order);
    await eventually(() => expect(p.executor.stats.retried).toBe(1));
    p.gateway.cancel(order.clientOrderId, order.correlationId);
    await eventually(() => expect(p.received).toHaveLength(1), { timeoutMs: 5_000 });
    expect(p.received[0]).toMatchObject({ status: 'canceled', cumQty: 0, reason: 'CANCELED_BEFORE_PLACED' });
    expect(venue.broker.orders()).toEqual([]);
  });
});
