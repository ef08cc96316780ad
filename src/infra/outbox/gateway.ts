import type { EntryContext, OrderStore } from '../../actors/ports/order-store.js';
import type { OrderGatewayPort } from '../../actors/ports/order-gateway.js';
import type { Logger } from '../../actors/runtime/logger.js';
import { endedUnplaced } from '../../domain/orders/progress.js';
import type { Execution } from '../../domain/values/execution.js';
import type { OrderIntent } from '../../domain/values/order.js';
import type { TraceContext } from '../../actors/messages.js';
import { failpoint } from '../failpoints/index.js';

export interface OutboxOptions {
  /** The transport (NATS JetStream): gets an intent only once the store holds it. */
  readonly inner: OrderGatewayPort;
  readonly store: OrderStore;
  readonly log: Logger;
  /** Wait before writing again what the store refused (a closing order's intent, an execution). Default 1 s. */
  readonly retryMs?: number;
}

/**
 * The order gateway with an outbox. An intent is written to the store before it goes to the
 * transport, and flagged published once the transport acknowledged it (`published`, called with
 * the transport's acknowledgement); on start (`resume`), what was written and never published is
 * sent again with the same id (JetStream and the broker take it once).
 *
 * When the store cannot be written, no new risk goes out: an opening order is failed with reason
 * ORDER_NOT_RECORDED (its reservation is released). A closing order always goes out, and its
 * intent is written once the store is back. Executions are recorded as they arrive (forward only),
 * and written later when the store refuses them; the engine is never held up by the store.
 */
export class OutboxGateway implements OrderGatewayPort {
  readonly stats = { recorded: 0, notRecorded: 0, writesRetried: 0, republished: 0 };
  private onExecution: ((e: Execution, trace?: TraceContext) => void) | undefined;
  /** Per client order id, the write its commands wait on (a cancel never overtakes its submit). */
  private readonly writes = new Map<string, Promise<unknown>>();
  /** Executions of exits sent before their intent could be written: applied again once it is (else the order would stay pending). */
  private readonly unrecorded = new Map<string, Execution[]>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(private readonly o: OutboxOptions) {}

  connect(onExecution: (execution: Execution, trace?: TraceContext) => void): void {
    this.onExecution = onExecution;
    this.o.inner.connect((e, trace) => this.deliver(e, trace));
  }

  /** An execution from the transport: recorded (forward only), and routed to the engine. */
  private deliver(e: Execution, trace?: TraceContext): void {
    if (this.onExecution === undefined) throw new Error('order gateway not connected');
    this.unrecorded.get(e.clientOrderId)?.push(e);
    this.keepTrying(() => this.o.store.applyExecution(e), 'execution', e.clientOrderId);
    this.onExecution(e, trace);
  }

  /** Sends again every intent written and never published (after a crash between the two). */
  async resume(): Promise<number> {
    const pending = await this.o.store.unpublished();
    for (const intent of pending) {
      this.stats.republished += 1;
      this.o.inner.submit(intent);
    }
    if (pending.length > 0) this.o.log.warn({ count: pending.length }, 'order intents written but never published: sent again');
    return pending.length;
  }

  submit(intent: OrderIntent, context?: EntryContext, trace?: TraceContext): void {
    const { clientOrderId } = intent;
    const write = this.o.store.recordIntent(intent, context).then(
      () => {
        this.stats.recorded += 1;
        failpoint('intent-recorded');
        this.o.inner.submit(intent, undefined, trace);
      },
      (error: unknown) => this.notRecorded(intent, error, trace),
    );
    this.chain(clientOrderId, write);
  }

  cancel(clientOrderId: string, correlationId: string, trace?: TraceContext): void {
    const before = this.writes.get(clientOrderId) ?? Promise.resolve();
    this.chain(
      clientOrderId,
      before.then(() => this.o.inner.cancel(clientOrderId, correlationId, trace)),
    );
  }

  /** The transport acknowledged the intent: flagged published (a failed flag only means it is sent again on restart, deduplicated). */
  published(clientOrderId: string): void {
    failpoint('intent-published');
    this.o.store.markPublished(clientOrderId).catch((error: unknown) => {
      this.o.log.warn({ clientOrderId, error: message(error) }, 'published flag not written: the intent is sent again (deduplicated) on restart');
    });
  }

  async settle(): Promise<boolean> {
    const writing = this.writes.size > 0;
    if (writing) await Promise.all(this.writes.values());
    const inner = (await this.o.inner.settle?.()) === true;
    return writing || inner;
  }

  /** Stops retrying writes (what is left is found again on restart: unpublished intents, the broker's orders). */
  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private notRecorded(intent: OrderIntent, error: unknown, trace?: TraceContext): void {
    this.stats.notRecorded += 1;
    const { clientOrderId } = intent;
    if (intent.effect === 'close') {
      // An exit is never held back: it goes out now and is written when the store is back.
      this.o.log.error({ clientOrderId, error: message(error) }, 'closing order sent before its intent could be written');
      this.unrecorded.set(clientOrderId, []);
      this.o.inner.submit(intent, undefined, trace);
      const write = async () => {
        await this.o.store.recordIntent(intent);
        await this.o.store.markPublished(clientOrderId);
        for (const e of this.unrecorded.get(clientOrderId) ?? []) await this.o.store.applyExecution(e);
        this.unrecorded.delete(clientOrderId);
      };
      this.keepTrying(write, 'intent', clientOrderId);
      return;
    }
    this.o.log.error({ clientOrderId, error: message(error) }, 'opening order not sent: its intent could not be written');
    if (this.onExecution === undefined) throw new Error('order gateway not connected');
    const rejected = endedUnplaced(intent, 'rejected', 'ORDER_NOT_RECORDED');
    // Should the write have landed after all, the order is final in the store too: never sent on restart.
    this.keepTrying(() => this.o.store.applyExecution(rejected), 'execution', clientOrderId);
    this.onExecution(rejected);
  }

  private chain(clientOrderId: string, write: Promise<unknown>): void {
    const done: Promise<unknown> = write
      .catch((error: unknown) => this.o.log.error({ clientOrderId, error: message(error) }, 'order command failed in the outbox'))
      .finally(() => {
        if (this.writes.get(clientOrderId) === done) this.writes.delete(clientOrderId);
      });
    this.writes.set(clientOrderId, done);
  }

  /** Writes until the store takes it (it is idempotent), every `retryMs`. */
  private keepTrying(write: () => Promise<unknown>, what: string, clientOrderId: string): void {
    write().catch((error: unknown) => {
      if (this.stopped) return;
      this.stats.writesRetried += 1;
      this.o.log.warn({ clientOrderId, what, error: message(error) }, 'store write failed: trying again');
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.keepTrying(write, what, clientOrderId);
      }, this.o.retryMs ?? 1_000);
      this.timers.add(timer);
    });
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
