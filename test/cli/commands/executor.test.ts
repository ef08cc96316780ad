import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { connectNats, type NatsLink } from '../../../src/infra/nats/connection.js';
import { NatsOrderGateway } from '../../../src/infra/nats/order-gateway.js';
import { loadNatsSettings } from '../../../src/infra/nats/settings.js';
import { subjects } from '../../../src/infra/nats/subjects.js';
import type { Execution } from '../../../src/domain/values/execution.js';
import { eventually } from '../../helpers/eventually.js';
import { recordingLogger } from '../../helpers/logger.js';
import { OwnNatsServer, uniqueNamespace } from '../../helpers/nats.js';
import { FakeVenue } from '../../infra/alpaca/fake-venue.js';
import { intent } from '../../infra/alpaca/fixtures.js';

// Canaries: none may appear in any line the executor prints, nor in the engine's logs.
const KEY_ID = 'PKCANARYKEYID7777777';
const SECRET = 'canary-secret-7f3a9c2e5b1d4f6a8c0e';
const NATS_PASSWORD = 'canary-nats-pw-91b2c3d4';

let proc: ChildProcess | undefined;
let server: OwnNatsServer | undefined;
let venue: FakeVenue | undefined;
let link: NatsLink | undefined;
let gateway: NatsOrderGateway | undefined;
afterEach(async () => {
  proc?.kill('SIGKILL');
  await gateway?.stop();
  await link?.drain();
  await venue?.close();
  await server?.stop();
  proc = server = venue = link = gateway = undefined;
});

describe('thetis executor, its own process', () => {
  it('takes orders from JetStream to Alpaca (paper), sends executions back, stops on SIGTERM, and prints no secret', async () => {
    server = await OwnNatsServer.start({ auth: { user: 'thetis', pass: NATS_PASSWORD } });
    venue = await FakeVenue.start({ keyId: KEY_ID, secret: SECRET });
    const namespace = uniqueNamespace();
    const env = { ...process.env, NATS_URL: server.url, NATS_USER: 'thetis', NATS_PASSWORD, NATS_NAMESPACE: namespace, APCA_API_KEY_ID: KEY_ID, APCA_API_SECRET_KEY: SECRET };
    const p = spawn(process.execPath, ['bin/thetis.js', 'executor', '--alpaca-url', venue.restUrl], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    proc = p;
    let output = '';
    p.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    p.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    await eventually(() => expect(output).toContain('executor started'), { timeoutMs: 20_000 });
    expect(output).toContain('paper trading');

    const log = recordingLogger();
    const settings = loadNatsSettings({}, { NATS_URL: server.url, NATS_USER: 'thetis', NATS_PASSWORD });
    link = await connectNats(settings, 'engine', log);
    gateway = await NatsOrderGateway.start({ link, subjects: subjects(namespace), settings, log });
    const received: Execution[] = [];
    gateway.connect((e) => received.push(e));

    const order = intent({ qty: 2, limitPrice: 1.25 });
    gateway.submit(order);
    await eventually(() => expect(venue?.order(order.clientOrderId)).toBeDefined(), { timeoutMs: 10_000 });
    const posts = venue.requestsTo('POST', '/v2/orders');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body).toMatchObject({ client_order_id: order.clientOrderId, qty: '2', limit_price: '1.25', position_intent: 'buy_to_open', time_in_force: 'day' });
    await eventually(() => expect(received.length).toBeGreaterThan(0), { timeoutMs: 10_000 });

    venue.route(order.clientOrderId);
    venue.fill(order.clientOrderId, 2, '1.25');
    await eventually(() => expect(received.at(-1)).toMatchObject({ clientOrderId: order.clientOrderId, status: 'filled', cumQty: 2, avgFillPrice: 1.25 }), { timeoutMs: 10_000 });

    const exited = new Promise<number | null>((resolve) => p.once('exit', resolve));
    p.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('executor stopped');
    // Every line is JSON (pino), and no secret is in any of them, nor in the engine's logs.
    for (const line of output.trim().split('\n')) expect(() => JSON.parse(line) as unknown).not.toThrow();
    const everything = output + JSON.stringify(log.entries);
    for (const canary of [KEY_ID, SECRET, NATS_PASSWORD]) expect(everything).not.toContain(canary);
  });
});
