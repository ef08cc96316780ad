import { dispatch, spawn, stop as nactStop, type Ref, type SupervisionActorFunc } from 'nact';
import { ActorTimers } from './actor-timers.js';
import type { TimerId } from './clock.js';
import type { RuntimeCore } from './core.js';
import { EscalationError, type ActorFailure } from './errors.js';
import { describeError, logWithTrace, messageType, traceOfMessage } from './logger.js';
import { DELIVER, type ActorRef } from './ref.js';
import type { ActorContext, ActorSpec } from './spec.js';
import { RestartBudget } from './supervision.js';

/** Anything actors can be spawned under: the runtime's root or an actor. */
export interface ParentCell {
  readonly path: string;
  readonly core: RuntimeCore;
  /** The nact system: every nact actor is spawned directly under it (see ActorCell). */
  readonly systemRef: Ref<unknown>;
  readonly children: Map<string, ActorCell<unknown, unknown, unknown>>;
  readonly stopped: boolean;
  childFailed(failure: ActorFailure): void;
}

/** Internal envelope carrying a child's failure through the parent's mailbox, in order with its messages. */
class ChildFailed {
  readonly type = '@child-failed';
  constructor(readonly failure: ActorFailure) {}
}

const cells = new WeakMap<ActorRef<never>, ParentCell>();

export function registerCell(ref: ActorRef<never>, cell: ParentCell): void {
  cells.set(ref, cell);
}

/** The cell behind a ref from this runtime; throws for anything else (e.g. an ask's reply ref). */
export function cellOf(ref: ActorRef<never>): ParentCell {
  const cell = cells.get(ref);
  if (cell === undefined) throw new TypeError(`${ref.path} is not an actor spawned by a Thetis runtime`);
  return cell;
}

/** One supervised nact actor. State lives here, so a restart resumes from the last good state. */
export class ActorCell<S, Msg, Snap> implements ParentCell {
  readonly path: string;
  readonly core: RuntimeCore;
  readonly systemRef: Ref<unknown>;
  readonly nactRef: Ref<unknown>;
  readonly ref: ActorRef<Msg>;
  readonly children = new Map<string, ActorCell<unknown, unknown, unknown>>();
  stopped = false;
  /** Messages delivered to this actor and not yet done. */
  private queued = 0;
  /** In a restart backoff: its queued messages wait for the clock. */
  private parked = false;
  /** A handler is running (between nact's call and its commit or crash). */
  private handling = false;
  private state: S;
  private snap: Snap | undefined;
  private readonly ctx: ActorContext<Msg>;
  /** The runtime's logger can bind a trace: a traced message's handler gets a context whose log carries its ids. */
  private readonly traceLogs: boolean;
  private readonly budget: RestartBudget;
  private readonly timers: ActorTimers;

  constructor(
    private readonly parent: ParentCell,
    private readonly spec: ActorSpec<S, Msg, Snap>,
  ) {
    this.core = parent.core;
    this.path = `${parent.path}/${spec.name}`;
    this.state = spec.initialState;
    this.snap = spec.snapshot?.(spec.initialState);
    this.budget = new RestartBudget(spec.supervision);
    this.timers = new ActorTimers(this.core.clock);
    this.ref = Object.freeze({ path: this.path, name: spec.name, [DELIVER]: (msg: Msg) => this.deliver(msg) });
    this.ctx = Object.freeze({
      self: this.ref,
      name: spec.name,
      path: this.path,
      clock: this.core.clock,
      log: this.core.logger,
      tellAt: (at: number, msg: Msg) => this.timers.schedule(at, () => this.deliver(msg)),
      cancelTimer: (id: TimerId) => this.timers.cancel(id),
    });
    this.traceLogs = this.core.logger.withTrace !== undefined;
    this.systemRef = parent.systemRef;
    // The tree (paths, stop order, supervision) is kept here; in nact every actor is a child of
    // the system, named by its path. nact copies an actor's children map on every message it
    // handles, so a supervisor of 500 underlyings would pay for 500 entries per message.
    this.nactRef = spawn(this.systemRef, this.receive, this.path.replaceAll('/', '.'), {
      onCrash: this.onCrash,
      afterStop: (_state: unknown, nctx: { mailbox: unknown[] }) => {
        for (const item of nctx.mailbox) {
          this.core.deadLetter(this.path, (item as { message: unknown }).message);
          this.done();
        }
        // nact's stop also cancels a message it had taken off the mailbox and scheduled: that one
        // is in neither list. Whatever is still counted, bar a handler still running, is dropped.
        for (let dropped = this.queued - (this.handling ? 1 : 0); dropped > 0; dropped--) {
          this.core.deadLetter(this.path, undefined);
          this.done();
        }
      },
    });
    parent.children.set(spec.name, this as ActorCell<unknown, unknown, unknown>);
    this.core.metrics.actors++;
  }

  deliver(msg: unknown): boolean {
    if (this.stopped) {
      this.core.deadLetter(this.path, msg);
      return false;
    }
    this.queued++;
    this.core.begin(this.parked);
    dispatch(this.nactRef, msg);
    return true;
  }

  childFailed(failure: ActorFailure): void {
    this.deliver(new ChildFailed(failure));
  }

  /** Stops this actor and its subtree, children first (nact 7's own cascade cannot find them). */
  stop(): void {
    if (this.stopped) return;
    this.detach();
    nactStop(this.nactRef);
  }

  private readonly receive = (_: unknown, msg: unknown): unknown => {
    this.handling = true;
    const next =
      msg instanceof ChildFailed ? this.onChildFailed(msg.failure) : this.spec.handle(this.state, msg as Msg, this.traceLogs ? this.contextFor(msg) : this.ctx);
    return next instanceof Promise ? next.then(this.commit) : this.commit(next);
  };

  private readonly commit = (next: S): undefined => {
    this.handling = false;
    this.state = next;
    if (this.spec.snapshot !== undefined) this.snap = this.spec.snapshot(next);
    this.done();
    return undefined;
  };

  /**
   * The context a message is handled with: the actor's own, or (a traced message) a copy whose log
   * writes the message's trace and span ids. Only traced messages pay for the copy (the logger
   * binds lazily: nothing is parsed until a line is written).
   */
  private contextFor(msg: unknown): ActorContext<Msg> {
    const trace = traceOfMessage(msg);
    const log = logWithTrace(this.ctx.log, trace);
    return log === this.ctx.log ? this.ctx : { ...this.ctx, log };
  }

  private onChildFailed(failure: ActorFailure): S | Promise<S> {
    if (this.spec.onChildFailure === undefined) throw new EscalationError(failure);
    return this.spec.onChildFailure(this.state, failure, this.ctx);
  }

  private readonly onCrash: SupervisionActorFunc<unknown, Ref<unknown>, Ref<unknown>> = (msg, error, nctx) => {
    this.handling = false;
    // The crashed message is done only after its consequences (an escalation) are delivered,
    // so whenIdle() never sees a false quiet moment in between.
    if (this.stopped) {
      // Stopped while its handler ran: nact's resume is then a no-op.
      this.done();
      return nctx.resume;
    }
    const core = this.core;
    core.metrics.crashes++;
    const verdict = this.budget.recordCrash(core.clock.now());
    logWithTrace(core.logger, traceOfMessage(msg)).error({ actor: this.path, messageType: messageType(msg), error: describeError(error), verdict }, 'actor crashed');
    if (verdict.kind === 'exhausted') {
      this.detach();
      if (this.spec.supervision.onExhausted === 'escalate') {
        core.metrics.escalations++;
        this.parent.childFailed({ actor: this.path, error, crashes: verdict.crashes });
      }
      this.done();
      return nctx.stop;
    }
    core.metrics.restarts++;
    if (this.spec.restore !== undefined && this.snap !== undefined) this.state = this.spec.restore(this.snap);
    this.done();
    if (verdict.delayMs === 0) return nctx.resume;
    // nact keeps the mailbox paused while this promise is pending: messages queue during the backoff,
    // parked (they wait for the clock, so the runtime counts as idle without them).
    this.park(true);
    return new Promise<typeof nctx.resume>((resume) => {
      this.timers.schedule(core.clock.now() + verdict.delayMs, () => {
        this.park(false);
        resume(nctx.resume);
      });
    });
  };

  /** Our side of stopping: subtree first, then flags, timers and bookkeeping; nact is stopped by the caller. */
  private detach(): void {
    for (const child of [...this.children.values()]) child.stop();
    this.stopped = true;
    this.parent.children.delete(this.spec.name);
    this.core.metrics.actors--;
    this.timers.cancelAll();
    this.park(false);
  }

  /** A message of this actor was handled, crashed on, or dropped. */
  private done(): void {
    this.queued--;
    this.core.end(this.parked);
  }

  private park(on: boolean): void {
    if (on === this.parked) return;
    this.parked = on;
    this.core.park(on ? this.queued : -this.queued);
  }
}
