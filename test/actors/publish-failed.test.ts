import { afterEach, describe, expect, it } from 'vitest';
import { connectNats, type NatsLink } from '../../src/infra/nats/connection.js';
import { NatsOrderGateway } from '../../src/infra/nats/order-gateway.js';
import { loadNatsSettings } from '../../src/infra/nats/settings.js';
import { subjects } from '../../src/infra/nats/subjects.js';
import { eventually } from '../helpers/eventually.js';
import { recordingLogger } from '../helpers/logger.js';
import { OwnNatsServer, uniqueNamespace } from '../helpers/nats.js';
import { Harness } from './fixtures/harness.js';
import { breakoutPath } from './fixtures/market.js';

let h: Harness | undefined;
let server: OwnNatsServer | undefined;
let link: NatsLink | undefined;
afterEach(async () => {
  h?.stop();
  await server?.up(); // to close the connection cleanly
  await link?.drain();
  await server?.stop();
  h = server = link = undefined;
});

describe('an entry JetStream never takes', () => {
  it('is failed loudly (ORDER_PUBLISH_FAILED) and its risk reservation released', async () => {
    server = await OwnNatsServer.start();
    const log = recordingLogger();
    const settings = loadNatsSettings({ url: server.url, storage: 'memory', reconnectWaitMs: 50, publish: { attempts: 2, timeoutMs: 100, baseDelayMs: 10, maxDelayMs: 20 } }, {});
    link = await connectNats(settings, 'engine', log);
    const gateway = await NatsOrderGateway.start({ link, subjects: subjects(uniqueNamespace()), settings, log });
    await server.kill(); // JetStream is gone before the entry
    const harness = new Harness({ gateway });
    h = harness;
    const { closes, volumes } = breakoutPath(500);
    for (let i = 0; i < closes.length && harness.recorder.of('risk', true).length === 0; i++) await harness.bar('SPY', closes[i] ?? 500, volumes[i]);
    expect(harness.recorder.of('risk', true)).toHaveLength(1); // approved: risk reserved, order forwarded
    await eventually(
      async () => {
        await harness.engine.whenIdle();
        expect(harness.recorder.of('execution', false).flatMap((e) => e.reasons)).toEqual(['ORDER_PUBLISH_FAILED']);
        expect((await harness.engine.portfolio()).reservations).toEqual([]);
      },
      { timeoutMs: 5_000 },
    );
    expect(log.entries.filter((e) => e.level === 'error').map((e) => e.msg)).toContain('JetStream publish failed: giving up');
    expect(harness.engine.openPositions).toBe(0);
  });
});
