import { jetstream, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import { BrokerUnavailableError, type BrokerPort } from '../../actors/ports/broker.js';
import type { Logger } from '../../actors/runtime/logger.js';
import { latestPerOrder } from '../../domain/orders/progress.js';
import { parseOcc } from '../../domain/values/contract.js';
import type { Execution } from '../../domain/values/execution.js';
import { CodecError, decodeCommand, encode, type OrderCommand } from './codec.js';
import type { NatsLink } from './connection.js';
import type { InFlight } from './in-flight.js';
import { JetStreamPublisher, PublishFailedError } from './publisher.js';
import type { NatsSettings } from './settings.js';
import { ensureConsumer, ensureStreams } from './streams.js';
import { msgIds, type Subjects } from './subjects.js';

const REMEMBERED_IDS = 100_000;
/** Commands of different orders handled at once. */
const MAX_CONCURRENT = 256;

/** The order a command is about (its client order id), read without decoding the whole command. */
function commandKey(m: JsMsg): string {
  return m.headers?.get('Nats-Msg-Id').replace(/:cancel$/, '') ?? m.subject;
}

export interface NatsExecutorOptions {
  readonly link: NatsLink;
  readonly subjects: Subjects;
  readonly settings: NatsSettings;
  readonly broker: BrokerPort;
  readonly log: Logger;
  /** Shared with the engine's gateway in this process (backtests). */
  readonly inFlight?: InFlight;
}

/**
 * The executor: takes order commands from a durable pull consumer, one at a time and in stream
 * order, puts them to the broker, publishes what the broker answered as executions, and only then
 * acknowledges the command. A command delivered again (this executor or another died before its
 * ack, or the server lost its delivery count) is first looked up at the broker by its client order
 * id, and never submitted twice. A
 * broker that cannot say what happened (BrokerUnavailableError) gets the command again after a
 * backoff. Later broker events (fills of resting orders, expiries) are published as they come.
 */
export class NatsExecutor {
  readonly stats = { commands: 0, submitted: 0, lookedUp: 0, adopted: 0, cancels: 0, executions: 0, retried: 0, malformed: 0, failed: 0 };
  private readonly publisher: JetStreamPublisher;
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> = Promise.resolve();
  private stopped = false;
  /** Per client order id, the last of its commands being handled. */
  private readonly running = new Map<string, Promise<void>>();
  /** The client order ids this executor submitted, the latest REMEMBERED_IDS of them. */
  private readonly submittedIds = new Set<string>();

  private constructor(private readonly o: NatsExecutorOptions) {
    this.publisher = new JetStreamPublisher(jetstream(o.link.nc), o.settings.publish, o.log);
  }

  static async start(o: NatsExecutorOptions): Promise<NatsExecutor> {
    const executor = new NatsExecutor(o);
    const jsm = await ensureStreams(o.link.nc, o.subjects, o.settings);
    await ensureConsumer(jsm, o.subjects.ordersStream, o.subjects.executorConsumer, o.settings);
    o.broker.onExecution((e) => executor.publishEvent(e));
    const consumer = await jetstream(o.link.nc).consumers.get(o.subjects.ordersStream, o.subjects.executorConsumer);
    executor.messages = await consumer.consume({ max_messages: 512 });
    executor.loop = executor.run(executor.messages);
    o.log.info({ broker: o.broker.name, stream: o.subjects.ordersStream }, 'executor started');
    return executor;
  }

  /** Stops taking commands; a command being handled finishes first (unacknowledged ones come again). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.messages?.close();
    await this.loop;
  }

  /**
   * Takes commands in stream order. The commands of one order run one after the other (a cancel
   * never overtakes its submit); other orders' commands run beside them, up to MAX_CONCURRENT, so a
   * slow broker call does not hold up the rest. Each broker call starts in stream order.
   */
  private async run(messages: ConsumerMessages): Promise<void> {
    try {
      for await (const m of messages) {
        if (this.stopped) break;
        while (this.running.size >= MAX_CONCURRENT) await Promise.race(this.running.values());
        const key = commandKey(m);
        const before = this.running.get(key);
        const done: Promise<void> = (before === undefined ? this.handle(m) : before.then(() => this.handle(m)))
          .catch((e: unknown) => this.o.log.error({ key, error: e instanceof Error ? e.message : String(e) }, 'order command failed in the executor'))
          .finally(() => {
            if (this.running.get(key) === done) this.running.delete(key);
          });
        this.running.set(key, done);
      }
      await Promise.all(this.running.values());
    } catch (e) {
      if (!this.stopped) this.o.log.error({ error: e instanceof Error ? e.message : String(e) }, 'executor stopped taking commands');
    }
  }

  private async handle(m: JsMsg): Promise<void> {
    let command: OrderCommand;
    try {
      command = decodeCommand(m.data);
    } catch (e) {
      this.stats.malformed += 1;
      this.o.log.error({ subject: m.subject, seq: m.seq, error: e instanceof CodecError ? e.message : String(e) }, 'malformed order command terminated');
      m.term();
      return;
    }
    this.stats.commands += 1;
    let executions: readonly Execution[];
    try {
      executions = await this.execute(command, m.info.deliveryCount > 1);
    } catch (e) {
      if (e instanceof BrokerUnavailableError || command.type === 'cancel') {
        this.retryLater(m, command, e);
        return;
      }
      // A submit the broker refused outright (not an unknown outcome): the engine must hear of it.
      this.stats.failed += 1;
      this.o.log.error({ clientOrderId: command.intent.clientOrderId, error: e instanceof Error ? e.message : String(e) }, 'order failed at the executor');
      executions = [failed(command, 'EXECUTOR_FAILED')];
    }
    // Published in order; the command is acknowledged once they all are (not before: a crash in
    // between gives the command again, and the look-up answers it).
    Promise.all(latestPerOrder(executions).map((e) => this.publishExecution(e))).then(
      () => {
        m.ack();
        this.o.inFlight?.done();
      },
      (e: unknown) => this.retryLater(m, command, e),
    );
  }

  private async execute(command: OrderCommand, redelivered: boolean): Promise<readonly Execution[]> {
    const { broker } = this.o;
    if (command.type === 'cancel') {
      this.stats.cancels += 1;
      return broker.cancel(command.clientOrderId);
    }
    const { clientOrderId } = command.intent;
    // A server that died can lose a consumer's delivery count: what this executor submitted itself
    // is looked up too, however the command came.
    if (redelivered || this.submittedIds.has(clientOrderId)) {
      this.stats.lookedUp += 1;
      const known = await broker.lookup(command.intent.clientOrderId);
      if (known !== undefined) {
        this.stats.adopted += 1;
        return [known];
      }
    }
    this.stats.submitted += 1;
    this.submittedIds.add(clientOrderId);
    if (this.submittedIds.size > REMEMBERED_IDS) this.submittedIds.delete(this.submittedIds.values().next().value as string);
    return broker.submit(command.intent);
  }

  private retryLater(m: JsMsg, command: OrderCommand, e: unknown): void {
    this.stats.retried += 1;
    const n = m.info.deliveryCount;
    const delay = e instanceof BrokerUnavailableError && e.retryAfterMs !== undefined ? e.retryAfterMs : Math.min(30_000, 250 * 2 ** (n - 1));
    const clientOrderId = command.type === 'submit' ? command.intent.clientOrderId : command.clientOrderId;
    this.o.log.warn({ clientOrderId, type: command.type, deliveries: n, retryInMs: delay, error: e instanceof Error ? e.message : String(e) }, 'order command to be retried');
    m.nak(delay);
  }

  private async publishExecution(e: Execution): Promise<void> {
    this.o.inFlight?.add();
    const { duplicate } = await this.publisher.publish(this.o.subjects.execution(underlyingOf(e.symbol)), encode(e), msgIds.execution(e));
    if (duplicate) this.o.inFlight?.done(); // the stream had it already: no one will receive it again
    else this.stats.executions += 1;
  }

  /** A broker event: published until JetStream takes it (it is in no command to redeliver). */
  private publishEvent(e: Execution): void {
    const attempt = (): void => {
      this.publishExecution(e).catch((error: unknown) => {
        this.o.inFlight?.done();
        if (this.stopped || !(error instanceof PublishFailedError)) return;
        this.o.log.error({ clientOrderId: e.clientOrderId, status: e.status }, 'broker event not published yet: trying again');
        setTimeout(attempt, this.o.settings.publish.maxDelayMs);
      });
    };
    attempt();
  }
}

/** The underlying of an OCC option symbol, for the subject ('_' for a symbol that is not one). */
function underlyingOf(symbol: string): string {
  try {
    return parseOcc(symbol).underlying;
  } catch {
    return '_';
  }
}

function failed(command: Extract<OrderCommand, { type: 'submit' }>, reason: string): Execution {
  const { clientOrderId, correlationId, symbol, side, ts } = command.intent;
  return { clientOrderId, correlationId, symbol, side, status: 'rejected', fillQty: 0, cumQty: 0, fees: 0, ts, reason };
}
