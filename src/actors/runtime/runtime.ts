import { start, stop as nactStop, type Ref } from 'nact';
import type { ActorCell, ParentCell } from './cell.js';
import { registerCell } from './cell.js';
import type { Clock } from './clock.js';
import { RuntimeCore, type RuntimeMetrics } from './core.js';
import type { ActorFailure } from './errors.js';
import { describeError, silentLogger, type Logger } from './logger.js';
import { DELIVER, type ActorRef } from './ref.js';

export interface RuntimeOptions {
  /** First segment of every actor path. */
  readonly name: string;
  readonly clock: Clock;
  /** Defaults to a silent logger. */
  readonly logger?: Logger;
  /** A top-level actor exhausted its budget (with onExhausted 'escalate'). Defaults to logging it. */
  readonly onEscalate?: (failure: ActorFailure) => void;
}

export interface Runtime {
  readonly name: string;
  /** Spawn top-level actors under this. Nothing can be told to it. */
  readonly root: ActorRef<never>;
  readonly clock: Clock;
  readonly metrics: Readonly<RuntimeMetrics>;
  /** Resolves once every mailbox is empty and no handler is running (backtests advance the clock then). */
  whenIdle(): Promise<void>;
  /** Stops every actor (children first), settles pending asks with ActorStoppedError. Idempotent. */
  stop(): void;
}

/** nact keeps systems in a process-wide map by name: give each runtime its own. */
let systems = 0;

class RootCell implements ParentCell {
  readonly children = new Map<string, ActorCell<unknown, unknown, unknown>>();
  readonly systemRef: Ref<unknown>;
  stopped = false;

  constructor(
    readonly path: string,
    readonly core: RuntimeCore,
  ) {
    // nact reads the system name only from an options object (a string argument is ignored),
    // which its typings do not declare.
    this.systemRef = start({ name: `thetis-${++systems}-${path}` } as unknown as string);
  }

  childFailed(failure: ActorFailure): void {
    this.core.escalateToRoot(failure);
  }

  stop(): void {
    if (this.stopped) return;
    for (const child of [...this.children.values()]) child.stop();
    this.stopped = true;
    nactStop(this.systemRef);
    for (const abort of [...this.core.pendingAsks]) abort();
  }
}

export function createRuntime(options: RuntimeOptions): Runtime {
  const logger = options.logger ?? silentLogger;
  const onEscalate =
    options.onEscalate ??
    ((failure: ActorFailure) =>
      logger.error({ actor: failure.actor, crashes: failure.crashes, error: describeError(failure.error) }, 'actor failure reached the root'));
  const core = new RuntimeCore(options.clock, logger, onEscalate);
  const rootCell = new RootCell(options.name, core);
  const root: ActorRef<never> = Object.freeze({
    path: options.name,
    name: options.name,
    [DELIVER]: (msg: never) => {
      core.deadLetter(options.name, msg);
      return false;
    },
  });
  registerCell(root, rootCell);
  return {
    name: options.name,
    root,
    clock: options.clock,
    metrics: core.metrics,
    whenIdle: () => core.whenIdle(),
    stop: () => rootCell.stop(),
  };
}
