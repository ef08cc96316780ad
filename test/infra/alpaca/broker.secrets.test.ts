import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { eventually } from '../../helpers/eventually.js';
import { harness, intent } from './fixtures.js';

const KEY = 'CANARYKEYa1b2c3d4e5';
const SECRET = 'CANARYSECRETf6e7d8c9b0a1';
const canary = { keyId: KEY, secret: SECRET };

function assertClean(text: string): void {
  expect(text).not.toContain(KEY);
  expect(text).not.toContain(SECRET);
  expect(text).not.toContain('CANARY');
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('AlpacaBroker keeps its keys out of logs and errors', () => {
  it('through every path, including a venue that echoes the keys back', async () => {
    const printed: unknown[] = [];
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        printed.push(args);
      });
    }
    const h = await harness({ maxRateLimitRetries: 1, getRetries: 1 }, canary);
    const errors: unknown[] = [];
    const capture = async (p: Promise<unknown>): Promise<void> => {
      try {
        await p;
      } catch (error) {
        errors.push(error);
      }
    };
    await h.listen();

    // Plain traffic: submit, fills, cancel, lookup, open orders.
    await h.broker.submit(intent({ clientOrderId: 's-1', qty: 2 }));
    h.venue.route('s-1');
    h.venue.fill('s-1', 1, '1.2');
    await capture(h.broker.cancel('s-1'));
    await capture(h.broker.lookup('s-1'));
    await capture(h.broker.openOrders());

    // Error answers that quote the keys.
    h.venue.inject({ method: 'POST', path: '/v2/orders', status: 403, body: { code: 40310000, message: `key ${KEY} may not trade options (secret ${SECRET})` } });
    await capture(h.broker.submit(intent({ clientOrderId: 's-403' })));
    h.venue.inject({ method: 'POST', path: '/v2/orders', status: 500, body: { message: `upstream rejected APCA-API-SECRET-KEY: ${SECRET}` } });
    h.venue.inject({ method: 'GET', path: '/v2/orders:by_client_order_id', status: 500, body: { message: `APCA-API-KEY-ID ${KEY} unknown` }, times: 2 });
    await capture(h.broker.submit(intent({ clientOrderId: 's-500' })));
    h.venue.inject({ method: 'POST', path: '/v2/orders', status: 429, body: { message: `slow down ${KEY}` }, times: 2 });
    await capture(h.broker.submit(intent({ clientOrderId: 's-429' })));
    h.venue.inject({ method: 'GET', path: '/v2/orders', status: 200, body: [{ id: SECRET }] });
    await capture(h.broker.openOrders());
    h.venue.inject({ method: 'POST', path: '/v2/orders', drop: true });
    await capture(h.broker.submit(intent({ clientOrderId: 's-drop' })));

    // Stream frames that quote the keys: an error frame, bad JSON, an unreadable update, an unknown event.
    h.venue.sendRaw(JSON.stringify({ action: 'error', data: { error_message: `bad key ${KEY}` } }));
    h.venue.sendRaw(`{"oops": "${SECRET}`);
    h.venue.sendRaw(JSON.stringify({ stream: 'trade_updates', data: { event: SECRET, order: { id: KEY } } }));
    h.venue.sendEvent(`evt-${SECRET}`, 's-1');
    h.venue.dropStream();
    h.venue.allowStream();
    await eventually(() => expect(h.broker.counters.reconnects).toBe(1));
    await h.broker.close();

    expect(errors.length).toBeGreaterThanOrEqual(4);
    assertClean(JSON.stringify(h.log.entries) + JSON.stringify(h.log.debugs));
    assertClean(inspect(errors, { depth: 10, showHidden: true }));
    assertClean(errors.map((e) => String(e)).join('\n'));
    assertClean(inspect(h.broker, { depth: 10, showHidden: true }));
    assertClean(JSON.stringify(h.broker.counters));
    assertClean(inspect(printed, { depth: 10 }));
    // The echo paths were exercised: masked text reached the logs and the errors.
    expect(JSON.stringify(h.log.entries)).toContain('[redacted]');
    expect(errors.map((e) => String(e)).join('\n')).toContain('[redacted]');
  });

  it('when the venue refuses the keys (REST 401, stream unauthorized)', async () => {
    const h = await harness({ keyId: KEY, secret: SECRET }, { keyId: 'venue-key', secret: 'venue-secret' });
    h.broker.onExecution(() => undefined);
    const [e] = await h.broker.submit(intent({ clientOrderId: 's-401' }));
    expect(e).toMatchObject({ status: 'rejected', reason: 'BROKER_UNAUTHORIZED' });
    await eventually(() => expect(h.broker.counters.streamErrors).toBeGreaterThanOrEqual(1));
    expect(h.log.entries).toContainEqual(expect.objectContaining({ level: 'error', msg: expect.stringMatching(/authorization refused/) }));
    assertClean(JSON.stringify(h.log.entries));
    assertClean(inspect(h.broker, { depth: 10, showHidden: true }));
  });
});
