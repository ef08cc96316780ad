import type { ActorFailure } from '../../../src/actors/runtime/errors.js';
import { tell, type ActorRef } from '../../../src/actors/runtime/ref.js';
import { createRuntime, type Runtime } from '../../../src/actors/runtime/runtime.js';
import type { Handler } from '../../../src/actors/runtime/spec.js';
import { VirtualClock } from '../../../src/actors/runtime/virtual-clock.js';
import { recordingLogger } from '../../helpers/logger.js';

export const T0 = 1_700_000_000_000;

/** A counter that can be made to crash; `boom` carries a secret that must never reach a log. */
export type CounterMsg =
  | { readonly type: 'add'; readonly n: number }
  | { readonly type: 'boom'; readonly secret: string }
  | { readonly type: 'get'; readonly replyTo: ActorRef<number> };

export const counter: Handler<number, CounterMsg> = (state, msg) => {
  switch (msg.type) {
    case 'add':
      return state + msg.n;
    case 'boom':
      throw new Error('kaboom');
    case 'get':
      tell(msg.replyTo, state);
      return state;
    default:
      return msg satisfies never;
  }
};

export const get = (replyTo: ActorRef<number>): CounterMsg => ({ type: 'get', replyTo });

export function testRuntime() {
  const clock = new VirtualClock(T0);
  const logs = recordingLogger();
  const escalated: ActorFailure[] = [];
  const runtime: Runtime = createRuntime({ name: 'test', clock, logger: logs, onEscalate: (f) => escalated.push(f) });
  return { runtime, clock, logs, escalated };
}
