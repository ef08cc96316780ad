import { describe, expect, it } from 'vitest';
import { tell, type ActorRef } from '../../../src/actors/runtime/ref.js';
import { spawnActor, stopActor } from '../../../src/actors/runtime/spawn.js';
import { supervision } from '../../../src/actors/runtime/supervision.js';
import { createRuntime } from '../../../src/actors/runtime/runtime.js';
import { VirtualClock } from '../../../src/actors/runtime/virtual-clock.js';

/**
 * The supervisor/position pattern: a child asks its parent to stop it (stop-position) while a
 * second message is already queued for the child. nact has dequeued that message and scheduled it
 * with setImmediate; stopActor -> nact stop() clearImmediate()s it, and it is neither handled nor
 * in the mailbox afterStop sees, so ActorCell.done() is never called for it: whenIdle() hangs.
 */
describe('stopActor while the next message is scheduled by nact', () => {
  it('whenIdle still resolves', async () => {
    const runtime = createRuntime({ name: 'rv', clock: new VirtualClock(1_700_000_000_000) });
    const handled: string[] = [];
    const box: { child?: ActorRef<string> } = {};
    const parent = spawnActor(runtime.root, {
      name: 'parent',
      initialState: 0,
      supervision: supervision(),
      handle: (s: number, msg: 'stop-child') => {
        if (msg === 'stop-child' && box.child) stopActor(box.child);
        return s;
      },
    });
    box.child = spawnActor(parent, {
      name: 'child',
      initialState: 0,
      supervision: supervision(),
      handle: (s: number, msg: string) => {
        handled.push(msg);
        if (msg === 'flat') tell(parent, 'stop-child');
        return s;
      },
    });
    tell(box.child, 'flat'); // e.g. the closing fill
    tell(box.child, 'quote'); // e.g. a quote / underlying-updated / timer already on its way
    const idle = await Promise.race([
      runtime.whenIdle().then(() => 'idle'),
      new Promise((r) => setTimeout(() => r('hung'), 500)),
    ]);
    runtime.stop();
    expect(handled).toEqual(['flat']);
    expect(idle).toBe('idle');
  });
});
