import { AckPolicy, DeliverPolicy, jetstreamManager, RetentionPolicy, StorageType, type JetStreamManager, type StreamConfig } from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '../../actors/runtime/logger.js';
import type { NatsSettings } from './settings.js';
import type { Subjects } from './subjects.js';

/** The two streams, as data: order commands (work queue for the executor) and executions. */
export function streamConfigs(sub: Subjects, s: NatsSettings): (Partial<StreamConfig> & { name: string })[] {
  const common = {
    storage: s.storage === 'file' ? StorageType.File : StorageType.Memory,
    duplicate_window: nanos(s.duplicateWindowMs),
    num_replicas: 1,
  };
  return [
    // A work queue: a command leaves the stream once the executor acknowledged it.
    { name: sub.ordersStream, subjects: [sub.orders], retention: RetentionPolicy.Workqueue, ...common },
    // Executions stay (a day) for an engine that restarts, and for audits.
    { name: sub.executionsStream, subjects: [sub.executions], retention: RetentionPolicy.Limits, max_age: nanos(24 * 3_600_000), ...common },
  ];
}

/**
 * Creates the streams, or brings an existing one's settings up to date (subjects, duplicate
 * window, age). Idempotent. Storage and retention cannot change on a live stream: an existing
 * stream keeps its own (the first process to create it decides).
 */
export async function ensureStreams(nc: NatsConnection, sub: Subjects, s: NatsSettings): Promise<JetStreamManager> {
  const jsm = await jetstreamManager(nc);
  for (const cfg of streamConfigs(sub, s)) {
    const { name } = cfg;
    try {
      await jsm.streams.info(name);
      const { storage: _storage, retention: _retention, ...changeable } = cfg;
      await jsm.streams.update(name, changeable);
    } catch (e) {
      if (!isNotFound(e)) throw e;
      await jsm.streams.add(cfg);
    }
  }
  return jsm;
}

/** Deletes a namespace's streams (their consumers with them); one already gone is no error. */
export async function deleteStreams(nc: NatsConnection, sub: Subjects): Promise<void> {
  const jsm = await jetstreamManager(nc);
  for (const name of [sub.ordersStream, sub.executionsStream, sub.barsStream]) {
    try {
      await jsm.streams.delete(name);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}

/**
 * A durable pull consumer (created when missing), with explicit acks (each message its own), or
 * acks that cover every message up to the one acknowledged (`all`: one ack for a burst).
 */
export async function ensureConsumer(jsm: JetStreamManager, stream: string, durable: string, s: NatsSettings, acks: 'explicit' | 'all' = 'explicit'): Promise<void> {
  const cfg = {
    durable_name: durable,
    ack_policy: acks === 'all' ? AckPolicy.All : AckPolicy.Explicit,
    ack_wait: nanos(s.ackWaitMs),
    deliver_policy: DeliverPolicy.All,
    max_ack_pending: 10_000,
  };
  try {
    await jsm.consumers.info(stream, durable);
    await jsm.consumers.update(stream, durable, { ack_wait: cfg.ack_wait, max_ack_pending: cfg.max_ack_pending });
  } catch (e) {
    if (!isNotFound(e)) throw e;
    await jsm.consumers.add(stream, cfg);
  }
}

/**
 * The engine before this one may have died holding messages of this durable consumer it had not
 * acknowledged: JetStream would give them again only after the ack wait, behind newer ones (bars
 * would then be out of order, so lost; executions late). One engine reads a namespace, so at its
 * start the consumer is set back to the first message not acknowledged, and everything comes again
 * in order (what was taken already is dropped downstream as a duplicate).
 */
export async function resumeAtFirstUntaken(jsm: JetStreamManager, stream: string, durable: string, log: Logger): Promise<void> {
  let info;
  try {
    info = await jsm.consumers.info(stream, durable);
  } catch (e) {
    if (isNotFound(e)) return;
    throw e;
  }
  if (info.num_ack_pending === 0) return;
  const from = info.ack_floor.stream_seq + 1;
  await jsm.consumers.delete(stream, durable);
  await jsm.consumers.add(stream, { ...info.config, deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: from });
  log.warn({ stream, durable, fromSeq: from, unacknowledged: info.num_ack_pending }, 'messages taken by a previous engine and never acknowledged: read again, in order');
}

function isNotFound(e: unknown): boolean {
  return e instanceof Error && /not found/i.test(e.message);
}
