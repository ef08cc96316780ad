import { describe, expect, it } from 'vitest';
import type { Logger, LogTrace } from '../../../src/actors/runtime/logger.js';
import { stopActor, spawnActor } from '../../../src/actors/runtime/spawn.js';
import { tell } from '../../../src/actors/runtime/ref.js';
import { createRuntime } from '../../../src/actors/runtime/runtime.js';
import type { ActorContext } from '../../../src/actors/runtime/spec.js';
import { supervision } from '../../../src/actors/runtime/supervision.js';
import { VirtualClock } from '../../../src/actors/runtime/virtual-clock.js';
import { T0 } from './fixture.js';

/** A logger that records each line with the trace it was bound to (none: undefined). */
function tracingLogger() {
  const lines: { msg: string; traceparent: string | undefined }[] = [];
  const bound = (trace: LogTrace | undefined): Logger => ({
    info: (_o, msg) => void lines.push({ msg, traceparent: trace?.traceparent }),
    warn: (_o, msg) => void lines.push({ msg, traceparent: trace?.traceparent }),
    error: (_o, msg) => void lines.push({ msg, traceparent: trace?.traceparent }),
    withTrace: (t) => bound(t),
  });
  return { lines, logger: bound(undefined) };
}

type Msg = { readonly type: 'say'; readonly text: string; readonly trace?: LogTrace } | { readonly type: 'boom'; readonly trace?: LogTrace };

const TP = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

describe('log lines of a traced message', () => {
  it("carry the message's trace: the handler's log, a crash, a dead letter; an untraced message's handler gets the actor's own context", async () => {
    const { lines, logger } = tracingLogger();
    const runtime = createRuntime({ name: 'test', clock: new VirtualClock(T0), logger });
    const contexts: ActorContext<Msg>[] = [];
    const ref = spawnActor(runtime.root, {
      name: 'talker',
      initialState: 0,
      supervision: supervision(),
      handle: (s: number, msg: Msg, ctx: ActorContext<Msg>) => {
        contexts.push(ctx);
        if (msg.type === 'boom') throw new Error('kaboom');
        ctx.log.info({}, msg.text);
        return s + 1;
      },
    });
    tell(ref, { type: 'say', text: 'traced', trace: { traceparent: TP } });
    tell(ref, { type: 'say', text: 'plain' });
    tell(ref, { type: 'say', text: 'plain again' });
    tell(ref, { type: 'boom', trace: { traceparent: TP } });
    await runtime.whenIdle();
    stopActor(ref);
    tell(ref, { type: 'say', text: 'too late', trace: { traceparent: TP } });
    runtime.stop();
    expect(lines).toEqual([
      { msg: 'traced', traceparent: TP },
      { msg: 'plain', traceparent: undefined },
      { msg: 'plain again', traceparent: undefined },
      { msg: 'actor crashed', traceparent: TP },
      { msg: 'dead letter', traceparent: TP },
    ]);
    // Untraced messages share the actor's one context (nothing allocated per message).
    expect(contexts[1]).toBe(contexts[2]);
    expect(contexts[0]).not.toBe(contexts[1]);
  });
});
