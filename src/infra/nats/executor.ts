import { jetstream, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import type { Msg, Subscription } from '@nats-io/transport-node';
import { BrokerUnavailableError, type BrokerPort } from '../../actors/ports/broker.js';
import { logWithTrace, type Logger } from '../../actors/runtime/logger.js';
import type { TraceContext } from '../../actors/messages.js';
import { NOOP_SPAN, NOOP_TRACING, ThetisAttr, type TraceSpan, type TracingPort } from '../../actors/ports/tracing.js';
import { natsAttributes, traceHeaders, traceOf } from '../observability/tracing-nats.js';
import { endedUnplaced, latestPerOrder } from '../../domain/orders/progress.js';
import { tickerSymbol } from '../../domain/config/schema.js';
import { parseOcc } from '../../domain/values/contract.js';
import { DomainError } from '../../domain/errors.js';
import type { Execution } from '../../domain/values/execution.js';
import { massStatusOf } from '../executor/mass-status.js';
import { CodecError, decodeCommand, decodeMassStatusRequest, encode, encodeBrokerStatusReply, type BrokerStatusReply, type OrderCommand } from './codec.js';
import type { NatsLink } from './connection.js';
import type { InFlight } from './in-flight.js';
import { JetStreamPublisher, PublishFailedError } from './publisher.js';
import { RecentIds } from './recent-ids.js';
import type { NatsSettings } from './settings.js';
import { ensureConsumer, ensureStreams } from './streams.js';
import { msgIds, type Subjects } from './subjects.js';

/** Commands of different orders handled at once. */
const MAX_CONCURRENT = 256;
/** Deliveries of a submit whose broker call keeps failing for no known reason before it is rejected. */
const MAX_UNEXPLAINED_FAILURES = 5;
/** Orders whose trace context is remembered, for the broker's later events (fills of resting orders). */
const MAX_TRACED_ORDERS = 10_000;

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
  /** The clock a mass status is stamped with (default Date.now). */
  readonly now?: () => number;
  /**
   * Spans of the order path: CONSUMER per command (its parent the engine's traceparent from the
   * headers), CLIENT per broker call, PRODUCER per execution published (traceparent in its headers);
   * default none.
   */
  readonly tracing?: TracingPort;
}

/**
 * The executor: takes order commands from a durable pull consumer in stream order, puts them to the
 * broker, publishes what the broker answered as executions, and only then acknowledges the command.
 * A command delivered again (this executor or another died before its ack, or the server lost its
 * delivery count) is first looked up at the broker by its client order id, and never submitted
 * twice. A broker that cannot say what happened (BrokerUnavailableError, or any error it does not
 * explain) gets the command again after a backoff, looked up first. A cancel that finds no order
 * is remembered: the submit it overtook (one waiting for a retry) is then answered `canceled` and
 * never placed. Later broker events (fills of resting orders, expiries) are published as they
 * come; at start, every order still working at the broker is published as it stands.
 *
 * It also answers the engine's mass status requests on `<ns>.broker.status` (core NATS
 * request/reply, in a queue group: one executor answers each): the lookups of the asked client
 * order ids, the open orders, the positions and the venue's own activities since the time asked,
 * or an error reply (a malformed request, a broker that cannot say) — never a crash.
 */
export class NatsExecutor {
  private publishing = 0;
  readonly stats = { commands: 0, submitted: 0, lookedUp: 0, adopted: 0, cancels: 0, executions: 0, retried: 0, malformed: 0, failed: 0, statusRequests: 0, statusFailed: 0 };
  private readonly publisher: JetStreamPublisher;
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> = Promise.resolve();
  private stopped = false;
  /** Per client order id, the last of its commands being handled. */
  private readonly running = new Map<string, Promise<void>>();
  /** The client order ids this executor submitted. */
  private readonly submittedIds = new RecentIds();
  /** Cancels that found no order at the broker: their submits must not be placed. */
  private readonly cancelledUnplaced = new RecentIds();
  /** The subscription answering mass status requests. */
  private statusSub: Subscription | undefined;
  /** Mass status requests being answered. */
  private readonly statusAnswers = new Set<Promise<void>>();
  private readonly tracing: TracingPort;
  /** Per client order id, the trace its command came with (oldest forgotten first): its later broker events continue it. */
  private readonly traces = new Map<string, TraceContext>();

  private constructor(private readonly o: NatsExecutorOptions) {
    this.publisher = new JetStreamPublisher(jetstream(o.link.nc), o.settings.publish, o.log);
    this.tracing = o.tracing ?? NOOP_TRACING;
  }

  static async start(o: NatsExecutorOptions): Promise<NatsExecutor> {
    const executor = new NatsExecutor(o);
    const jsm = await ensureStreams(o.link.nc, o.subjects, o.settings);
    await ensureConsumer(jsm, o.subjects.ordersStream, o.subjects.executorConsumer, o.settings);
    o.broker.onExecution((e) => executor.publishEvent(e));
    o.broker.onFault?.((reason) => executor.fault(reason));
    const consumer = await jetstream(o.link.nc).consumers.get(o.subjects.ordersStream, o.subjects.executorConsumer);
    executor.messages = await consumer.consume({ max_messages: 512 });
    executor.loop = executor.run(executor.messages);
    // What filled or ended while no executor listened reaches the engine (executions are cumulative).
    for (const e of await o.broker.openOrders()) executor.publishEvent(e);
    await executor.answerStatusRequests();
    o.log.info({ broker: o.broker.name, stream: o.subjects.ordersStream, status: o.subjects.brokerStatus }, 'executor started');
    return executor;
  }

  /** The broker can no longer report on orders: stop taking commands (they wait in the stream for an executor that can). */
  private fault(reason: string): void {
    if (this.stopped) return;
    this.o.log.error({ broker: this.o.broker.name, reason }, 'broker cannot report on orders: executor stops taking commands');
    void this.messages?.close();
  }

  /** Stops taking commands; a command being handled finishes first (unacknowledged ones come again). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.messages?.close();
    await this.loop;
    // No more mass status requests; the ones being answered get their answer.
    settle(() => this.statusSub?.unsubscribe());
    await Promise.all(this.statusAnswers);
  }

  // --- mass status (request/reply) ------------------------------------------------------------

  /** Subscribes in the queue group, and waits until the server has the subscription (a request right after start finds it). */
  private async answerStatusRequests(): Promise<void> {
    const { nc } = this.o.link;
    this.statusSub = nc.subscribe(this.o.subjects.brokerStatus, {
      queue: this.o.subjects.brokerStatusQueue,
      callback: (err, m) => {
        if (err) {
          this.o.log.error({ subject: this.o.subjects.brokerStatus, error: err.message }, 'mass status subscription failed');
          return;
        }
        const answer: Promise<void> = this.answerStatus(m)
          .catch((e: unknown) => this.o.log.error({ error: e instanceof Error ? e.message : String(e) }, 'mass status request not answered'))
          .finally(() => this.statusAnswers.delete(answer));
        this.statusAnswers.add(answer);
      },
    });
    await nc.flush();
  }

  private async answerStatus(m: Msg): Promise<void> {
    this.stats.statusRequests += 1;
    const reply = await this.statusReply(m.data);
    if (!reply.ok) this.stats.statusFailed += 1;
    let data = encodeBrokerStatusReply(reply);
    const max = this.o.link.nc.info?.max_payload;
    if (max !== undefined && data.length > max) {
      this.o.log.error({ bytes: data.length, maxPayload: max }, 'mass status larger than the server takes');
      this.stats.statusFailed += reply.ok ? 1 : 0;
      data = encodeBrokerStatusReply({
        ok: false,
        error: { code: 'TOO_LARGE', message: `the mass status is ${data.length} bytes, more than the NATS server's max_payload of ${max}: ask about fewer client order ids` },
      });
    }
    if (!m.respond(data)) this.o.log.warn({ subject: m.subject }, 'mass status request without a reply subject: not answered');
  }

  private async statusReply(data: Uint8Array): Promise<BrokerStatusReply> {
    let request;
    try {
      request = decodeMassStatusRequest(data);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.o.log.warn({ error: message }, 'malformed mass status request refused');
      return { ok: false, error: { code: 'BAD_REQUEST', message } };
    }
    const { broker } = this.o;
    try {
      return { ok: true, status: await massStatusOf(broker, request, this.o.now ?? Date.now) };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.o.log.error({ broker: broker.name, error: message }, 'mass status failed at the broker');
      return e instanceof BrokerUnavailableError
        ? { ok: false, error: { code: 'BROKER_UNAVAILABLE', message: `broker ${broker.name} unavailable: ${message}` } }
        : { ok: false, error: { code: 'BROKER_FAILED', message: `broker ${broker.name} failed: ${message}` } };
    }
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
      return;
    }
    if (!this.stopped) this.o.log.error({}, 'executor stopped taking commands: its consumer ended');
  }

  /** Resolves when the executor no longer takes commands: after stop(), or on its own (a fault: the process should exit). */
  get ended(): Promise<void> {
    return this.loop;
  }


  /** One command, to its end: answered and acknowledged, or handed back for a retry. */
  private async handle(m: JsMsg): Promise<void> {
    let command: OrderCommand;
    try {
      command = decodeCommand(m.data);
    } catch (e) {
      this.stats.malformed += 1;
      logWithTrace(this.o.log, traceOf(m.headers)).error({ subject: m.subject, seq: m.seq, error: e instanceof CodecError ? e.message : String(e) }, 'malformed order command terminated');
      settle(() => m.term());
      return;
    }
    this.stats.commands += 1;
    const span = this.consumerSpan(m, command);
    try {
      await this.handleCommand(m, command, span);
    } finally {
      span.end();
    }
  }

  /** The command's CONSUMER span, child of the engine's PRODUCER span (the traceparent in its headers). */
  private consumerSpan(m: JsMsg, command: OrderCommand): TraceSpan {
    const trace = this.tracing.enabled ? traceOf(m.headers) : undefined;
    if (trace === undefined) return NOOP_SPAN;
    const order =
      command.type === 'submit'
        ? {
            [ThetisAttr.clientOrderId]: command.intent.clientOrderId,
            [ThetisAttr.correlationId]: command.intent.correlationId,
            [ThetisAttr.ticker]: command.intent.underlying,
            [ThetisAttr.optionSymbol]: command.intent.symbol,
            [ThetisAttr.reasons]: command.intent.reasons,
            [ThetisAttr.effect]: command.intent.effect,
          }
        : { [ThetisAttr.clientOrderId]: command.clientOrderId, [ThetisAttr.correlationId]: command.correlationId, [ThetisAttr.ticker]: command.underlying };
    const span = this.tracing.child(`process order.${command.type}`, trace, {
      kind: 'consumer',
      attributes: { ...natsAttributes(m.subject, 'process', m.headers?.get('Nats-Msg-Id')), ...order, 'messaging.nats.delivery_count': m.info.deliveryCount },
    });
    const id = command.type === 'submit' ? command.intent.clientOrderId : command.clientOrderId;
    if (span.trace !== undefined && !this.traces.has(id)) {
      if (this.traces.size >= MAX_TRACED_ORDERS) this.traces.delete(this.traces.keys().next().value as string);
      this.traces.set(id, span.trace);
    }
    return span;
  }

  private async handleCommand(m: JsMsg, command: OrderCommand, span: TraceSpan): Promise<void> {
    let executions: readonly Execution[];
    try {
      executions = await this.execute(command, m.info.deliveryCount > 1, span.trace);
    } catch (e) {
      span.fail(e instanceof Error ? e.name : 'Error');
      const unexplained = !(e instanceof BrokerUnavailableError) && !(e instanceof DomainError);
      if (command.type === 'cancel' || (unexplained && m.info.deliveryCount < MAX_UNEXPLAINED_FAILURES) || e instanceof BrokerUnavailableError) {
        this.retryLater(m, command, e, span.trace);
        return;
      }
      // An order that cannot be valid (a domain error), or that failed every time: the engine must hear of it.
      this.stats.failed += 1;
      logWithTrace(this.o.log, span.trace).error({ clientOrderId: command.intent.clientOrderId, deliveries: m.info.deliveryCount, error: e instanceof Error ? e.message : String(e) }, 'order failed at the executor');
      executions = [endedUnplaced(command.intent, 'rejected', 'EXECUTOR_FAILED')];
    }
    // Published in order; the command is acknowledged once they all are (not before: a crash in
    // between gives the command again, and the look-up answers it).
    try {
      await Promise.all(latestPerOrder(executions).map((e) => this.publishExecution(e, span.trace)));
    } catch (e) {
      this.retryLater(m, command, e, span.trace);
      return;
    }
    settle(() => m.ack());
    this.o.inFlight?.done();
  }

  private async execute(command: OrderCommand, redelivered: boolean, trace: TraceContext | undefined): Promise<readonly Execution[]> {
    const broker = trace === undefined ? this.o.broker : this.tracedBroker(trace, command);
    if (command.type === 'cancel') {
      this.stats.cancels += 1;
      const answered = await broker.cancel(command.clientOrderId);
      const { clientOrderId } = command;
      if (answered.length === 0 && !this.submittedIds.has(clientOrderId) && (await broker.lookup(clientOrderId)) === undefined) this.cancelledUnplaced.add(clientOrderId);
      return answered;
    }
    const { clientOrderId } = command.intent;
    if (this.cancelledUnplaced.delete(clientOrderId)) {
      // Its first submit may have landed late after all: then cancel that order.
      const landed = await broker.lookup(clientOrderId);
      if (landed === undefined) return [endedUnplaced(command.intent, 'canceled', 'CANCELED_BEFORE_PLACED')];
      const cancelled = await broker.cancel(clientOrderId);
      return cancelled.length > 0 ? cancelled : [landed];
    }
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
    const answered = await broker.submit(command.intent);
    this.submittedIds.add(clientOrderId); // (one whose outcome is unknown comes again, and is looked up)
    return answered;
  }

  /** `trace`: the command's span, which the log line carries. */
  private retryLater(m: JsMsg, command: OrderCommand, e: unknown, trace: TraceContext | undefined): void {
    this.stats.retried += 1;
    const n = m.info.deliveryCount;
    const backoff = Math.min(30_000, 250 * 2 ** (n - 1));
    const delay = e instanceof BrokerUnavailableError && e.retryAfterMs !== undefined ? Math.max(e.retryAfterMs, backoff) : backoff;
    const clientOrderId = command.type === 'submit' ? command.intent.clientOrderId : command.clientOrderId;
    logWithTrace(this.o.log, trace).warn({ clientOrderId, type: command.type, deliveries: n, retryInMs: delay, error: e instanceof Error ? e.message : String(e) }, 'order command to be retried');
    settle(() => m.nak(delay));
  }

  /** The broker, each call a CLIENT span (child of the command's span) with the order's attributes and the broker's answer. */
  private tracedBroker(trace: TraceContext, command: OrderCommand): Pick<BrokerPort, 'submit' | 'cancel' | 'lookup'> {
    const { broker, tracing } = { broker: this.o.broker, tracing: this.tracing };
    const call = async <T extends Execution | readonly Execution[] | undefined>(op: string, clientOrderId: string, work: () => Promise<T>): Promise<T> => {
      const span = tracing.child(`broker.${op}`, trace, {
        kind: 'client',
        attributes: {
          'thetis.broker': broker.name,
          [ThetisAttr.clientOrderId]: clientOrderId,
          ...(command.type === 'submit' ? { [ThetisAttr.optionSymbol]: command.intent.symbol, [ThetisAttr.qty]: command.intent.qty, [ThetisAttr.side]: command.intent.side } : {}),
        },
      });
      try {
        const answer = await work();
        const last = Array.isArray(answer) ? (answer as readonly Execution[]).at(-1) : (answer as Execution | undefined);
        span.set({ [ThetisAttr.status]: last?.status ?? 'none', ...(last?.reason === undefined ? {} : { [ThetisAttr.reasons]: [last.reason] }) });
        return answer;
      } catch (e) {
        span.fail(e instanceof Error ? e.name : 'Error');
        throw e;
      } finally {
        span.end();
      }
    };
    return {
      submit: (intent) => call('submit', intent.clientOrderId, () => broker.submit(intent)),
      cancel: (id) => call('cancel', id, () => broker.cancel(id)),
      lookup: (id) => call('lookup', id, () => broker.lookup(id)),
    };
  }

  /** Executions being published, not yet taken by JetStream (0: every execution the broker reported is in the stream). */
  get executionsPublishing(): number {
    return this.publishing;
  }

  private async publishExecution(e: Execution, trace?: TraceContext): Promise<void> {
    this.publishing += 1;
    try {
      await this.publishOnce(e, trace);
    } finally {
      this.publishing -= 1;
    }
  }

  private async publishOnce(e: Execution, trace?: TraceContext): Promise<void> {
    this.o.inFlight?.add();
    let duplicate: boolean;
    const subject = this.o.subjects.execution(underlyingOf(e.symbol));
    const msgID = msgIds.execution(e);
    const span = !this.tracing.enabled
      ? NOOP_SPAN
      : this.tracing.start('send execution', trace, {
          kind: 'producer',
          attributes: {
            ...natsAttributes(subject, 'send', msgID),
            [ThetisAttr.clientOrderId]: e.clientOrderId,
            [ThetisAttr.optionSymbol]: e.symbol,
            [ThetisAttr.correlationId]: e.correlationId,
            [ThetisAttr.status]: e.status,
            'thetis.fill_qty': e.fillQty,
            ...(e.reason === undefined ? {} : { [ThetisAttr.reasons]: [e.reason] }),
          },
        });
    try {
      ({ duplicate } = await this.publisher.publish(subject, encode(e), msgID, traceHeaders(span.trace)));
    } catch (error) {
      span.fail(error instanceof Error ? error.name : 'Error');
      this.o.inFlight?.done(); // never published: no one will receive it
      throw error;
    } finally {
      span.end();
    }
    if (duplicate) this.o.inFlight?.done(); // the stream had it already: no one will receive it again
    else this.stats.executions += 1;
  }

  /** A broker event: published until JetStream takes it (it is in no command to redeliver). */
  private publishEvent(e: Execution): void {
    // A fill of a resting order continues its command's trace; an event of an order never traced here starts one (always kept).
    const trace = this.traces.get(e.clientOrderId);
    const attempt = (): void => {
      this.publishExecution(e, trace).catch((error: unknown) => {
        if (this.stopped || !(error instanceof PublishFailedError)) return;
        logWithTrace(this.o.log, trace).error({ clientOrderId: e.clientOrderId, status: e.status }, 'broker event not published yet: trying again');
        setTimeout(attempt, this.o.settings.publish.maxDelayMs);
      });
    };
    attempt();
  }
}

/** The underlying an execution is filed under: an OCC option symbol's, a share order's own ticker, '_' for neither. */
function underlyingOf(symbol: string): string {
  try {
    return parseOcc(symbol).underlying;
  } catch {
    return tickerSymbol.safeParse(symbol).success ? symbol : '_';
  }
}

/** Acks and naks on a connection that is closing or closed throw: the command then simply comes again. */
function settle(reply: () => void): void {
  try {
    reply();
  } catch {
    // The server redelivers what was not acknowledged.
  }
}
