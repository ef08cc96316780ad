export { ask } from './ask.js';
export { WallClock, type Clock, type TimerId } from './clock.js';
export type { RuntimeMetrics } from './core.js';
export { ActorNameError, ActorStoppedError, AskTimeoutError, EscalationError, type ActorFailure } from './errors.js';
export { logWithTrace, silentLogger, type Logger, type LogTrace } from './logger.js';
export { callbackRef, tell, type ActorRef } from './ref.js';
export { createRuntime, type Runtime, type RuntimeOptions } from './runtime.js';
export { spawnActor, stopActor } from './spawn.js';
export type { ActorContext, ActorSpec, Handler } from './spec.js';
export {
  DEFAULT_BACKOFF,
  DEFAULT_BUDGET,
  exponentialBackoff,
  supervision,
  type CrashVerdict,
  type SupervisionPolicy,
} from './supervision.js';
export { VirtualClock } from './virtual-clock.js';
