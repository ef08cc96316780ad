import { jetstream, jetstreamManager, RetentionPolicy, StorageType, type ConsumerMessages, type JetStreamClient, type PubAck } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { z } from 'zod';
import type { Logger } from '../../actors/runtime/logger.js';
import { makeBar, type Bar } from '../../domain/values/bar.js';
import type { NatsLink } from './connection.js';
import type { NatsSettings } from './settings.js';
import { ensureConsumer, resumeAtFirstUntaken } from './streams.js';
import { msgIds, type Subjects } from './subjects.js';

const barSchema = z
  .object({
    symbol: z.string().min(1),
    ts: z.number().int(),
    open: z.number(),
    high: z.number(),
    low: z.number(),
    close: z.number(),
    volume: z.number(),
  })
  .strict();

/** A bar from the wire: JSON of the bar's fields, checked (shape, then the domain's own rules). Throws with the reason. */
export function decodeBar(data: Uint8Array): Bar {
  const parsed = barSchema.safeParse(JSON.parse(new TextDecoder().decode(data)));
  if (!parsed.success) throw new Error(`malformed bar: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return makeBar(parsed.data);
}

/** Makes sure the bars stream exists: kept a day (a restarted engine reads what it missed), deduplicated by symbol and open time. */
export async function ensureBarsStream(link: NatsLink, sub: Subjects, s: NatsSettings): Promise<void> {
  const jsm = await jetstreamManager(link.nc);
  const cfg = {
    name: sub.barsStream,
    subjects: [sub.bars],
    retention: RetentionPolicy.Limits,
    storage: s.storage === 'file' ? StorageType.File : StorageType.Memory,
    max_age: nanos(24 * 3_600_000),
    duplicate_window: nanos(s.duplicateWindowMs),
    num_replicas: 1,
  };
  try {
    await jsm.streams.info(cfg.name);
  } catch (e) {
    if (!(e instanceof Error && /not found/i.test(e.message))) throw e;
    await jsm.streams.add(cfg);
  }
}

/** Publishes one bar (a market-data client, a replay): a repeat of the same symbol and minute is dropped by JetStream. */
export function publishBar(js: JetStreamClient, sub: Subjects, bar: Bar): Promise<PubAck> {
  return js.publish(sub.bar(bar.symbol), JSON.stringify(bar), { msgID: msgIds.bar(bar) });
}

export interface BarFeedOptions {
  readonly link: NatsLink;
  readonly subjects: Subjects;
  readonly settings: NatsSettings;
  readonly log: Logger;
  /** The engine's durable consumer (default the subjects' `engineBarsConsumer`). */
  readonly durable?: string;
}

/**
 * The engine's bars from JetStream, one at a time in stream order: a bar is acknowledged only once
 * the engine has taken it (`onBar` resolved), so an engine that stops or crashes resumes at the
 * first bar it had not taken, and bars published while it was down wait for it. A malformed bar is
 * dropped (terminated), counted and logged, never a crash; a bar `onBar` failed on comes again.
 */
export class JetStreamBarFeed {
  readonly stats = { bars: 0, malformed: 0, failed: 0 };
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;

  private constructor(private readonly o: BarFeedOptions) {}

  static async start(o: BarFeedOptions, onBar: (bar: Bar) => Promise<void>): Promise<JetStreamBarFeed> {
    const feed = new JetStreamBarFeed(o);
    await ensureBarsStream(o.link, o.subjects, o.settings);
    const durable = o.durable ?? o.subjects.engineBarsConsumer;
    const jsm = await jetstreamManager(o.link.nc);
    await resumeAtFirstUntaken(jsm, o.subjects.barsStream, durable, o.log);
    await ensureConsumer(jsm, o.subjects.barsStream, durable, o.settings);
    const consumer = await jetstream(o.link.nc).consumers.get(o.subjects.barsStream, durable);
    const messages = await consumer.consume({ max_messages: 100 });
    feed.messages = messages;
    feed.loop = feed.run(messages, onBar);
    return feed;
  }

  private async run(messages: ConsumerMessages, onBar: (bar: Bar) => Promise<void>): Promise<void> {
    for await (const m of messages) {
      let bar: Bar;
      try {
        bar = decodeBar(m.data);
      } catch (error) {
        this.stats.malformed += 1;
        this.o.log.error({ subject: m.subject, seq: m.seq, error: message(error) }, 'malformed bar dropped');
        m.term();
        continue;
      }
      try {
        await onBar(bar);
        this.stats.bars += 1;
        m.ack();
      } catch (error) {
        this.stats.failed += 1;
        this.o.log.error({ symbol: bar.symbol, ts: bar.ts, error: message(error) }, 'bar not taken: it comes again');
        m.nak();
      }
    }
  }

  /** Stops taking bars (the one being taken finishes; the rest wait in the stream). */
  async stop(): Promise<void> {
    await this.messages?.close();
    await this.loop;
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
