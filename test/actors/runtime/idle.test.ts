import { describe, expect, it } from 'vitest';
import { DELIVER, tell, type ActorRef } from '../../../src/actors/runtime/ref.js';
import { spawnActor, stopActor } from '../../../src/actors/runtime/spawn.js';
import { supervision } from '../../../src/actors/runtime/supervision.js';
import { counter, testRuntime, type CounterMsg } from './fixture.js';

describe('runtime.whenIdle', () => {
  it('resolves at once when nothing was sent', async () => {
    const { runtime } = testRuntime();
    await expect(runtime.whenIdle()).resolves.toBeUndefined();
    runtime.stop();
  });

  it('waits for a chain of messages across actors, including async handlers', async () => {
    const { runtime } = testRuntime();
    const seen: number[] = [];
    const sink = spawnActor(runtime.root, {
      name: 'sink',
      initialState: 0,
      supervision: supervision(),
      handle: async (s: number, n: number) => {
        await new Promise((r) => setImmediate(r));
        seen.push(n);
        return s + 1;
      },
    });
    const relay = spawnActor(runtime.root, {
      name: 'relay',
      initialState: 0,
      supervision: supervision(),
      handle: (s: number, n: number) => {
        if (n > 0) tell(sink, n);
        return s;
      },
    });
    for (let i = 1; i <= 50; i++) tell(relay, i);
    await runtime.whenIdle();
    expect(seen).toHaveLength(50);
    runtime.stop();
  });

  it('counts crashed messages and messages dropped by a stop as done', async () => {
    const { runtime } = testRuntime();
    const ref: ActorRef<CounterMsg> = spawnActor(runtime.root, {
      name: 'c',
      initialState: 0,
      supervision: supervision({ backoffMs: () => 0 }),
      handle: counter,
    });
    tell(ref, { type: 'boom', secret: 's' });
    tell(ref, { type: 'add', n: 1 });
    await runtime.whenIdle();
    for (let i = 0; i < 10; i++) tell(ref, { type: 'add', n: 1 });
    stopActor(ref);
    await runtime.whenIdle();
    expect(runtime.metrics.crashes).toBe(1);
    runtime.stop();
  });

  it('is idle while an actor waits out a restart backoff, and busy again once the clock resumes it', async () => {
    const { runtime, clock } = testRuntime();
    const ref: ActorRef<CounterMsg> = spawnActor(runtime.root, { name: 'c', initialState: 0, supervision: supervision(), handle: counter });
    tell(ref, { type: 'boom', secret: 's' });
    tell(ref, { type: 'add', n: 5 });
    await runtime.whenIdle(); // the 'add' waits for the 10 ms backoff: nothing can run without the clock
    clock.advanceBy(10);
    await runtime.whenIdle();
    const got = await new Promise<number>((resolve) => {
      tell(ref, { type: 'get', replyTo: { path: 'probe', name: 'probe', [DELIVER]: (n: number) => (resolve(n), true) } });
    });
    expect(got).toBe(5);
    runtime.stop();
  });

  it('waits for the escalation a crash past the budget sends to the parent', async () => {
    const { runtime } = testRuntime();
    const failures: string[] = [];
    const parent = spawnActor(runtime.root, {
      name: 'parent',
      initialState: 0,
      supervision: supervision(),
      handle: (s: number) => s,
      onChildFailure: (s: number, f) => (failures.push(f.actor), s),
    });
    const child: ActorRef<CounterMsg> = spawnActor(parent, { name: 'child', initialState: 0, supervision: supervision({ maxRestarts: 0 }), handle: counter });
    tell(child, { type: 'boom', secret: 's' });
    await runtime.whenIdle();
    expect(failures).toEqual(['test/parent/child']);
    runtime.stop();
  });
});
