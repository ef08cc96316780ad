import { jetstream, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import type { TraceContext } from '../../actors/messages.js';
import type { OrderGatewayPort } from '../../actors/ports/order-gateway.js';
import { NOOP_SPAN, NOOP_TRACING, ThetisAttr, type TracingPort } from '../../actors/ports/tracing.js';
import { logWithTrace, type Logger } from '../../actors/runtime/logger.js';
import { parseOrderId } from '../../domain/intents/ids.js';
import { endedUnplaced, OrderProgressBook } from '../../domain/orders/progress.js';
import type { Execution } from '../../domain/values/execution.js';
import type { OrderIntent } from '../../domain/values/order.js';
import { CodecError, decodeExecution, encode } from './codec.js';
import type { NatsLink } from './connection.js';
import type { InFlight } from './in-flight.js';
import { JetStreamPublisher } from './publisher.js';
import type { NatsSettings } from './settings.js';
import { ensureConsumer, ensureStreams, resumeAtFirstUntaken } from './streams.js';
import { msgIds, type Subjects } from './subjects.js';
import { natsAttributes, traceHeaders, traceOf } from '../observability/tracing-nats.js';

export interface NatsGatewayOptions {
  readonly link: NatsLink;
  readonly subjects: Subjects;
  readonly settings: NatsSettings;
  readonly log: Logger;
  /** The engine's durable consumer of executions (default the subjects' `engine`). */
  readonly durable?: string;
  /** Shared with an executor in this process (backtests), to wait for answers. */
  readonly inFlight?: InFlight;
  /** Called when JetStream has acknowledged a submit (the outbox flags its intent published; benchmarks time it). */
  readonly onSubmitAcked?: (clientOrderId: string) => void;
  /** Spans of the NATS hop (PRODUCER for commands, CONSUMER for executions), the traceparent in the headers; default none. */
  readonly tracing?: TracingPort;
}

/**
 * The engine's side of the order path over NATS JetStream: approved intents and cancels are
 * published as order commands (the client order id is the Nats-Msg-Id), and executions come back
 * through a durable pull consumer with explicit acks. An execution that is not news (a redelivery,
 * one overtaken by a later one) is acknowledged and dropped. An intent JetStream never took is
 * failed loudly: a `rejected` execution with reason ORDER_PUBLISH_FAILED goes to the engine, which
 * releases its risk reservation; if the command did land after all, its answer finds no pending
 * order and goes down the orphaned-order path (cancelled while working, recorded loudly if filled).
 */
export class NatsOrderGateway implements OrderGatewayPort {
  readonly stats = { commands: 0, publishFailed: 0, executions: 0, stale: 0, malformed: 0 };
  private readonly publisher: JetStreamPublisher;
  private readonly progress = new OrderProgressBook();
  private onExecution: ((e: Execution, trace?: TraceContext) => void) | undefined;
  private readonly tracing: TracingPort;
  private messages: ConsumerMessages | undefined;
  private stopped = false;
  /** The last execution taken and not yet acknowledged. */
  private toAck: JsMsg | undefined;
  /** Executions taken before the engine connected (its consumer starts first): handed over on connect. */
  private readonly early: { readonly e: Execution; readonly trace: TraceContext | undefined }[] = [];

  private constructor(private readonly o: NatsGatewayOptions) {
    this.publisher = new JetStreamPublisher(jetstream(o.link.nc), o.settings.publish, o.log);
    this.tracing = o.tracing ?? NOOP_TRACING;
  }

  /** Makes sure the streams and the engine's consumer exist, then starts taking executions. */
  static async start(o: NatsGatewayOptions): Promise<NatsOrderGateway> {
    const gateway = new NatsOrderGateway(o);
    const jsm = await ensureStreams(o.link.nc, o.subjects, o.settings);
    const durable = o.durable ?? o.subjects.engineConsumer;
    await resumeAtFirstUntaken(jsm, o.subjects.executionsStream, durable, o.log);
    await ensureConsumer(jsm, o.subjects.executionsStream, durable, o.settings, 'all');
    const consumer = await jetstream(o.link.nc).consumers.get(o.subjects.executionsStream, durable);
    const messages = await consumer.consume({ callback: (m) => gateway.take(m) });
    gateway.messages = messages;
    void messages.closed().then((error) => {
      if (!gateway.stopped) o.log.error({ error: error instanceof Error ? error.message : String(error) }, 'executions consumer ended: no fill reaches the engine');
    });
    return gateway;
  }

  connect(onExecution: (execution: Execution, trace?: TraceContext) => void): void {
    this.onExecution = onExecution;
    const early = this.early.splice(0);
    for (const { e, trace } of early) onExecution(e, trace);
  }

  submit(intent: OrderIntent, _context?: unknown, trace?: TraceContext): void {
    const { clientOrderId } = intent;
    const subject = this.o.subjects.submit(intent.underlying);
    const msgID = msgIds.submit(clientOrderId);
    // Attributes built only for a chain being traced (the order path's throughput is benchmarked).
    const span = trace === undefined || !this.tracing.enabled ? NOOP_SPAN : this.tracing.child('send order.submit', trace, {
      kind: 'producer',
      attributes: {
        ...natsAttributes(subject, 'send', msgID),
        [ThetisAttr.ticker]: intent.underlying,
        [ThetisAttr.optionSymbol]: intent.symbol,
        [ThetisAttr.clientOrderId]: clientOrderId,
        [ThetisAttr.correlationId]: intent.correlationId,
        [ThetisAttr.reasons]: intent.reasons,
        [ThetisAttr.effect]: intent.effect,
      },
    });
    const acked = () => {
      span.end();
      this.o.onSubmitAcked?.(clientOrderId);
    };
    this.send(subject, encode({ type: 'submit', intent }), msgID, acked, () => {
      span.fail('ORDER_PUBLISH_FAILED');
      span.end();
      this.stats.publishFailed += 1;
      // The client may still send the command once the server is back: a cancel follows it (and the
      // executor never places a submit it saw cancelled first). Not recorded as the order's progress,
      // so what the broker says of it later still reaches the engine (the orphaned-order path).
      this.cancel(clientOrderId, intent.correlationId);
      this.deliver(endedUnplaced(intent, 'rejected', 'ORDER_PUBLISH_FAILED'));
    }, span.trace);
  }

  /** A cancel JetStream did not take is sent again (same msg id) until it is: an exit waits on it. */
  cancel(clientOrderId: string, correlationId: string, trace?: TraceContext): void {
    const underlying = ownerOf(clientOrderId);
    const subject = this.o.subjects.cancel(underlying);
    const msgID = msgIds.cancel(clientOrderId);
    const span = trace === undefined || !this.tracing.enabled ? NOOP_SPAN : this.tracing.child('send order.cancel', trace, {
      kind: 'producer',
      attributes: { ...natsAttributes(subject, 'send', msgID), [ThetisAttr.clientOrderId]: clientOrderId, [ThetisAttr.correlationId]: correlationId },
    });
    const again = () => {
      this.stats.publishFailed += 1; // logged by the publisher
      span.fail('PUBLISH_FAILED');
      span.end();
      if (!this.stopped) setTimeout(() => this.cancel(clientOrderId, correlationId, trace), this.o.settings.publish.maxDelayMs);
    };
    this.send(subject, encode({ type: 'cancel', clientOrderId, correlationId, underlying }), msgID, () => span.end(), again, span.trace);
  }

  async settle(): Promise<boolean> {
    const inFlight = this.o.inFlight;
    if (inFlight === undefined || inFlight.idle) return false;
    await inFlight.whenIdle();
    return true;
  }

  /**
   * An order's state learned elsewhere (reconciliation asked the broker for it): delivered as one
   * from the stream would be, only if it is news, so the stream's copy and this one count once.
   */
  inject(e: Execution): void {
    if (this.progress.accept(e)) this.deliver(e);
    else this.stats.stale += 1;
  }

  /** Stops taking executions (those not acknowledged come again to the next engine). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.messages?.close();
  }

  private send(subject: string, data: Uint8Array, msgID: string, onAcked: () => void, onFailure: () => void, trace?: TraceContext): void {
    this.stats.commands += 1;
    this.o.inFlight?.add();
    this.publisher.publish(subject, data, msgID, traceHeaders(trace)).then(
      onAcked,
      () => {
        onFailure();
        this.o.inFlight?.done(); // the command will have no answer
      },
    );
  }

  /** One execution from the stream. Nothing may throw out of here: the client would stop the consumer. */
  private take(m: JsMsg): void {
    /** The span in force, for the log lines written while taking it. */
    let inForce: TraceContext | undefined;
    try {
      const e = decodeExecution(m.data);
      const trace = this.tracing.enabled ? traceOf(m.headers) : undefined;
      const span = trace === undefined ? NOOP_SPAN : this.tracing.child('process execution', trace, {
        kind: 'consumer',
        attributes: {
          ...natsAttributes(m.subject, 'process', m.headers?.get('Nats-Msg-Id')),
          [ThetisAttr.clientOrderId]: e.clientOrderId,
          [ThetisAttr.optionSymbol]: e.symbol,
          [ThetisAttr.correlationId]: e.correlationId,
          [ThetisAttr.status]: e.status,
        },
      });
      inForce = span.trace;
      if (this.progress.accept(e)) this.deliver(e, span.trace);
      else {
        this.stats.stale += 1;
        span.event('execution.stale');
      }
      span.end();
      this.ackLater(m);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const log = logWithTrace(this.o.log, inForce ?? traceOf(m.headers));
      if (error instanceof CodecError) {
        this.stats.malformed += 1;
        log.error({ subject: m.subject, seq: m.seq, error: message }, 'malformed execution dropped');
        try {
          m.term();
        } catch {
          // closing: it comes again
        }
      } else {
        log.error({ subject: m.subject, seq: m.seq, error: message }, 'execution not taken: it comes again');
      }
    } finally {
      this.o.inFlight?.done();
    }
  }

  /**
   * Acknowledges on the next turn of the event loop the last execution taken by then: the
   * consumer's acks cover every message up to the one acknowledged, so a burst costs one ack. (A
   * crash before it redelivers the burst, which the progress book then drops as not news.)
   */
  private ackLater(m: JsMsg): void {
    const first = this.toAck === undefined;
    this.toAck = m;
    if (!first) return;
    setImmediate(() => {
      const last = this.toAck;
      this.toAck = undefined;
      try {
        last?.ack();
      } catch {
        // closing: the unacknowledged come again
      }
    });
  }

  private deliver(e: Execution, trace?: TraceContext): void {
    this.stats.executions += 1;
    if (this.onExecution === undefined) this.early.push({ e, trace });
    else this.onExecution(e, trace);
  }
}

/** The underlying an order belongs to, for its subject ('_' for an order Thetis did not make). */
function ownerOf(clientOrderId: string): string {
  try {
    return parseOrderId(clientOrderId).ticker;
  } catch {
    return '_';
  }
}
