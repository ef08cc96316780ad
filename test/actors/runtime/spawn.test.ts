import { describe, expect, it } from 'vitest';
import { ask } from '../../../src/actors/runtime/ask.js';
import { ActorNameError } from '../../../src/actors/runtime/errors.js';
import type { TimerId } from '../../../src/actors/runtime/clock.js';
import { tell } from '../../../src/actors/runtime/ref.js';
import { spawnActor, stopActor } from '../../../src/actors/runtime/spawn.js';
import type { ActorSpec } from '../../../src/actors/runtime/spec.js';
import { supervision } from '../../../src/actors/runtime/supervision.js';
import { eventually } from '../../helpers/eventually.js';
import { counter, get, T0, testRuntime, type CounterMsg } from './fixture.js';

const policy = supervision();
const spec = (name: string) => ({ name, initialState: 0, handle: counter, supervision: policy });

describe('spawnActor', () => {
  it('gives each actor a path under its parent and handles messages in order', async () => {
    const { runtime } = testRuntime();
    const parent = spawnActor(runtime.root, spec('parent'));
    const child = spawnActor(parent, spec('child'));
    expect(child.path).toBe('test/parent/child');
    for (let n = 1; n <= 100; n++) tell(child, { type: 'add', n });
    await expect(ask<CounterMsg, number>(child, get, 1_000)).resolves.toBe(5_050);
    expect(runtime.metrics.actors).toBe(2);
  });

  it('awaits async handlers before the next message', async () => {
    const { runtime } = testRuntime();
    const seen: number[] = [];
    const ref = spawnActor(runtime.root, {
      name: 'async',
      initialState: [] as number[],
      handle: async (state: number[], n: number) => {
        await Promise.resolve();
        seen.push(n);
        return [...state, n];
      },
      supervision: policy,
    });
    [1, 2, 3].forEach((n) => tell(ref, n));
    await eventually(() => expect(seen).toEqual([1, 2, 3]));
  });

  it('rejects a missing, invalid or duplicate name under one parent', () => {
    const { runtime } = testRuntime();
    spawnActor(runtime.root, spec('spy'));
    expect(() => spawnActor(runtime.root, spec('spy'))).toThrow(ActorNameError);
    expect(() => spawnActor(runtime.root, spec(''))).toThrow(/name missing/);
    expect(() => spawnActor(runtime.root, spec('a/b'))).toThrow(/name invalid/);
    const other = spawnActor(runtime.root, spec('qqq'));
    expect(spawnActor(other, spec('spy')).path).toBe('test/qqq/spy');
  });

  it('frees the name once the actor stops', () => {
    const { runtime } = testRuntime();
    stopActor(spawnActor(runtime.root, spec('pos-1')));
    expect(spawnActor(runtime.root, spec('pos-1')).path).toBe('test/pos-1');
  });

  it('rejects snapshot without restore, and a bad policy', () => {
    const { runtime } = testRuntime();
    expect(() => spawnActor(runtime.root, { ...spec('a'), snapshot: (s: number) => s })).toThrow(TypeError);
    expect(() => spawnActor(runtime.root, { ...spec('b'), supervision: { ...policy, maxRestarts: -1 } })).toThrow(RangeError);
  });

  it('runs many uniquely named actors under one parent', async () => {
    const { runtime } = testRuntime();
    const refs = Array.from({ length: 2_000 }, (_, i) => spawnActor(runtime.root, spec(`u${i}`)));
    refs.forEach((ref, i) => tell(ref, { type: 'add', n: i }));
    const values = await Promise.all(refs.map((ref) => ask<CounterMsg, number>(ref, get, 1_000)));
    expect(values).toEqual(refs.map((_, i) => i));
  });
});

describe('dead letters', () => {
  it('counts and logs messages to a stopped actor by path and type only', () => {
    const { runtime, logs } = testRuntime();
    const ref = spawnActor(runtime.root, spec('gone'));
    stopActor(ref);
    tell(ref, { type: 'boom', secret: 'API-KEY-123' });
    tell(ref, { type: 'add', n: 1 });
    expect(runtime.metrics.deadLetters).toBe(2);
    expect(logs.entries.map((e) => e.obj)).toEqual([
      { actor: 'test/gone', messageType: 'boom' },
      { actor: 'test/gone', messageType: 'add' },
    ]);
    expect(JSON.stringify(logs.entries)).not.toContain('API-KEY-123');
  });

  it('counts messages left in the mailbox when an actor stops', async () => {
    const { runtime } = testRuntime();
    const ref = spawnActor(runtime.root, spec('busy'));
    for (let i = 0; i < 5; i++) tell(ref, { type: 'add', n: 1 });
    stopActor(ref);
    // None was handled: four waited in the mailbox, the first was scheduled by nact and cancelled.
    await eventually(() => expect(runtime.metrics.deadLetters).toBe(5));
    await runtime.whenIdle();
  });

  it('stopping a parent stops its children (nact 7 alone leaves them running, unreachable)', () => {
    const { runtime } = testRuntime();
    const parent = spawnActor(runtime.root, spec('parent'));
    const child = spawnActor(parent, spec('child'));
    stopActor(parent);
    tell(child, { type: 'add', n: 1 });
    expect(runtime.metrics).toMatchObject({ deadLetters: 1, actors: 0 });
    expect(() => spawnActor(parent, spec('late'))).toThrow(TypeError);
  });

  it('refuses to spawn under a ref that is not an actor', () => {
    const { runtime } = testRuntime();
    tell(runtime.root, undefined as never);
    expect(runtime.metrics.deadLetters).toBe(1);
    expect(() => spawnActor({ path: 'x', name: 'x' } as never, spec('a'))).toThrow(TypeError);
  });
});

describe('actor timers (ctx.tellAt)', () => {
  type Msg = { type: 'arm'; at: number } | { type: 'fired' } | { type: 'disarm' };
  type State = { readonly timer: TimerId | undefined };
  const timed = (fired: number[]): ActorSpec<State, Msg> => ({
    name: 'timed',
    initialState: { timer: undefined },
    supervision: policy,
    handle: (state, msg, ctx) => {
      switch (msg.type) {
        case 'arm':
          return { timer: ctx.tellAt(msg.at, { type: 'fired' }) };
        case 'fired':
          fired.push(ctx.clock.now());
          return { timer: undefined };
        case 'disarm':
          if (state.timer !== undefined) ctx.cancelTimer(state.timer);
          return { timer: undefined };
        default:
          return msg satisfies never;
      }
    },
  });

  it('delivers at the deadline on the runtime clock and can be cancelled', async () => {
    const { runtime, clock } = testRuntime();
    const fired: number[] = [];
    const ref = spawnActor(runtime.root, timed(fired));
    tell(ref, { type: 'arm', at: T0 + 60_000 });
    await eventually(() => expect(clock.pendingTimers()).toBe(1));
    clock.advanceTo(T0 + 60_000);
    await eventually(() => expect(fired).toEqual([T0 + 60_000]));
    tell(ref, { type: 'arm', at: T0 + 120_000 });
    tell(ref, { type: 'disarm' });
    await eventually(() => expect(clock.pendingTimers()).toBe(0));
  });

  it('cancels the actor’s timers when it stops', async () => {
    const { runtime, clock } = testRuntime();
    const ref = spawnActor(runtime.root, timed([]));
    tell(ref, { type: 'arm', at: T0 + 1_000 });
    await eventually(() => expect(clock.pendingTimers()).toBe(1));
    runtime.stop();
    expect(clock.pendingTimers()).toBe(0);
    expect(runtime.metrics.actors).toBe(0);
  });
});
