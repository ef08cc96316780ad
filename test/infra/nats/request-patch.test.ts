import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/actors/runtime/index.js';
import { connectNats, type NatsLink } from '../../../src/infra/nats/connection.js';
import { loadNatsSettings } from '../../../src/infra/nats/settings.js';
import { NATS_URL, uniqueNamespace } from '../../helpers/nats.js';

/**
 * patches/@nats-io+nats-core+3.3.1.patch: nats.js settles a request, then cancels it, and the
 * cancel builds a RequestError("cancelled") (a stack trace captured) to reject a promise already
 * settled. Every JetStream publish is such a request: a tenth of the order path's CPU, and most of
 * the time from a PubAck's arrival to the engine having it. The patch only unregisters the settled
 * request. These tests count the errors nats-core builds, on the real server.
 */
const require = createRequire(import.meta.url);
// The nats-core the client uses (resolved from transport-node), and the module its request.js takes
// RequestError from at each call (the same instance: Node's require cache).
const natsCore = createRequire(require.resolve('@nats-io/transport-node')).resolve('@nats-io/nats-core');
const errorsModule = require(join(dirname(natsCore), 'errors.js')) as { RequestError: new (message?: string, options?: ErrorOptions) => Error };
/** Requests the connection still has registered (nats-core's muxSubscriptions). */
const registered = (l: NatsLink) => (l.nc as unknown as { protocol: { muxSubscriptions: { size(): number } } }).protocol.muxSubscriptions.size();

describe('the nats-core patch: a settled request builds no error', () => {
  let link: NatsLink;
  const Original = errorsModule.RequestError;
  const built: string[] = [];

  beforeAll(async () => {
    errorsModule.RequestError = class CountedRequestError extends Original {
      constructor(message?: string, options?: ErrorOptions) {
        super(message, options);
        built.push(this.message);
      }
    };
    link = await connectNats(loadNatsSettings({ url: NATS_URL }), 'request-patch-test', silentLogger, false);
  });

  afterAll(async () => {
    errorsModule.RequestError = Original;
    await link.drain();
  });

  it('answers 20 requests with their replies and builds no RequestError', async () => {
    const subject = `${uniqueNamespace()}.echo`;
    const sub = link.nc.subscribe(subject, {
      callback: (_, m) => {
        m.respond(new TextEncoder().encode(`re:${m.string()}`));
      },
    });
    await link.nc.flush();
    built.length = 0;
    const replies: string[] = [];
    for (let i = 0; i < 20; i++) replies.push((await link.nc.request(subject, new TextEncoder().encode(String(i)), { timeout: 2_000 })).string());
    sub.unsubscribe();
    expect(replies).toEqual(Array.from({ length: 20 }, (_, i) => `re:${i}`));
    // Unpatched: one "cancelled" RequestError per request, 20.
    expect(built).toEqual([]);
    // Each settled request is unregistered all the same (none left behind to grow the map).
    expect(registered(link)).toBe(0);
  });

  it('still rejects a request nobody answers, and one that times out', async () => {
    const ns = uniqueNamespace();
    await expect(link.nc.request(`${ns}.nobody`, undefined, { timeout: 2_000 })).rejects.toThrow(/no responders/i);
    const silent = link.nc.subscribe(`${ns}.silent`, { callback: () => undefined });
    await link.nc.flush();
    built.length = 0;
    await expect(link.nc.request(`${ns}.silent`, undefined, { timeout: 50 })).rejects.toThrow(/timeout/i);
    silent.unsubscribe();
    // A timed-out request is cancelled through the error this file counts: the count reaches nats-core's module.
    expect(built).toContain('cancelled');
    expect(registered(link)).toBe(0);
  });
});
