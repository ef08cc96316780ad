/**
 * NATS: each connection's state and reconnects (from its counters), and the backlog of the
 * durable consumers this process reads (JetStream's num_pending and num_ack_pending, asked at
 * each scrape with a short timeout; a consumer that cannot be asked is left out of that scrape).
 */
import type { Meter } from '@opentelemetry/api';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsLink } from '../nats/connection.js';

export interface Consumer {
  readonly stream: string;
  readonly durable: string;
}

const ASK_TIMEOUT_MS = 1_000;

export function observeNats(meter: Meter, links: Readonly<Record<string, NatsLink>>, consumerLink: NatsLink, consumers: readonly Consumer[]): void {
  const each = (read: (l: NatsLink) => number) => (r: { observe(v: number, a: Record<string, string>): void }) => {
    for (const [connection, link] of Object.entries(links)) r.observe(read(link), { connection });
  };
  meter.createObservableGauge('thetis_nats_connected', { description: '1 while the NATS connection is up, 0 from a disconnect until the reconnect' }).addCallback(each((l) => (l.stats.connected && !l.nc.isClosed() ? 1 : 0)));
  meter.createObservableCounter('thetis_nats_reconnects', { description: 'NATS reconnects' }).addCallback(each((l) => l.stats.reconnects));
  meter.createObservableCounter('thetis_nats_disconnects', { description: 'NATS disconnects' }).addCallback(each((l) => l.stats.disconnects));
  meter.createObservableCounter('thetis_nats_errors', { description: 'Errors the NATS client reported' }).addCallback(each((l) => l.stats.errors));
  const pending = meter.createObservableGauge('thetis_nats_consumer_pending', { description: 'Messages in the stream not yet delivered to this durable consumer' });
  const ackPending = meter.createObservableGauge('thetis_nats_consumer_ack_pending', { description: 'Messages delivered to this durable consumer and not yet acknowledged' });
  meter.addBatchObservableCallback(
    async (r) => {
      if (!consumerLink.stats.connected || consumerLink.nc.isClosed()) return;
      const jsm = await jetstreamManager(consumerLink.nc, { timeout: ASK_TIMEOUT_MS, checkAPI: false });
      await Promise.all(
        consumers.map(async (c) => {
          try {
            const info = await jsm.consumers.info(c.stream, c.durable);
            r.observe(pending, info.num_pending, { stream: c.stream, consumer: c.durable });
            r.observe(ackPending, info.num_ack_pending, { stream: c.stream, consumer: c.durable });
          } catch {
            // Not there yet, or NATS too slow: this scrape goes without it.
          }
        }),
      );
    },
    [pending, ackPending],
  );
}
