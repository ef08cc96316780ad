import { jetstream } from '@nats-io/jetstream';
import { afterEach, describe, expect, it } from 'vitest';
import type { BrokerPort } from '../../../src/actors/ports/broker.js';
import type { Execution } from '../../../src/domain/values/execution.js';
import type { OrderIntent } from '../../../src/domain/values/order.js';
import { eventually } from '../../helpers/eventually.js';
import { intent, OrderPath } from './fixture.js';
import { bullPutSpread, SHORT_PUT } from '../../helpers/bull-put-spread.js';

/** A venue that keeps every intent the executor hands it and fills it at its limit at once. */
class RecordingVenue implements BrokerPort {
  readonly name = 'recording';
  readonly submitted: OrderIntent[] = [];

  submit(i: OrderIntent): Promise<readonly Execution[]> {
    this.submitted.push(i);
    const price = i.limitPrice ?? 1;
    return Promise.resolve([{ clientOrderId: i.clientOrderId, correlationId: i.correlationId, symbol: i.symbol, side: i.side, status: 'filled', fillQty: i.qty, fillPrice: price, cumQty: i.qty, avgFillPrice: price, fees: 0, ts: i.ts }]);
  }
  cancel = () => Promise.resolve([]);
  lookup = () => Promise.resolve(undefined);
  openOrders = () => Promise.resolve([]);
  positions = () => Promise.resolve([]);
  activities = () => Promise.resolve([]);
  onExecution(): void {}
  close = () => Promise.resolve();
}

let path: OrderPath | undefined;
afterEach(async () => {
  await path?.close();
  path = undefined;
});

describe('a multi-leg order over NATS JetStream', () => {
  it('reaches the broker with its legs as the engine sent them, next to a single-leg order unchanged', async () => {
    const venue = new RecordingVenue();
    path = await OrderPath.start({ broker: venue });
    const spread = bullPutSpread();
    const single = intent({ clientOrderId: 'th-SPY-single-open' });
    path.gateway.submit(spread);
    path.gateway.submit(single);
    await eventually(() => expect(path?.finals().size).toBe(2));
    expect(venue.submitted).toHaveLength(2);
    const got = (id: string) => venue.submitted.find((i) => i.clientOrderId === id);
    const gotSpread = got(spread.clientOrderId);
    const gotSingle = got(single.clientOrderId);
    expect(gotSpread).toStrictEqual(spread);
    expect(gotSpread?.legs?.map((l) => [l.symbol, l.side, l.ratio, l.positionIntent])).toEqual([
      ['SPY250718P00495000', 'sell', 1, 'sell_to_open'],
      ['SPY250718P00490000', 'buy', 1, 'buy_to_open'],
    ]);
    expect(gotSingle).toStrictEqual(single);
    expect(gotSingle).not.toHaveProperty('legs');
  });

  it('terminates a command whose legs the domain refuses, logs why, and goes on', async () => {
    const venue = new RecordingVenue();
    path = await OrderPath.start({ broker: venue });
    const js = jetstream(path.gatewayLink.nc);
    const oneLeg = { ...bullPutSpread({ clientOrderId: 'th-SPY-oneleg-open' }), legs: [{ symbol: SHORT_PUT, side: 'sell', ratio: 1, positionIntent: 'sell_to_open' }] };
    await js.publish(path.subjects.submit('SPY'), new TextEncoder().encode(JSON.stringify({ type: 'submit', intent: oneLeg })), { msgID: 'bad-legs-1' });
    const order = intent();
    path.gateway.submit(order);
    await eventually(() => expect(path?.finals().get(order.clientOrderId)).toBe(1));
    expect(path.executor.stats.malformed).toBe(1);
    expect(venue.submitted.map((i) => i.clientOrderId)).toEqual([order.clientOrderId]);
    const logged = path.executorLog.entries.find((e) => e.msg === 'malformed order command terminated');
    expect(JSON.stringify(logged)).toContain('a multi-leg order has 2–4 legs, got 1');
  });
});
