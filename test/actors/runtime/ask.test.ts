import { afterEach, describe, expect, it, vi } from 'vitest';
import { ask } from '../../../src/actors/runtime/ask.js';
import { WallClock } from '../../../src/actors/runtime/clock.js';
import { createRuntime } from '../../../src/actors/runtime/runtime.js';
import { ActorStoppedError, AskTimeoutError } from '../../../src/actors/runtime/errors.js';
import { tell, type ActorRef } from '../../../src/actors/runtime/ref.js';
import { spawnActor, stopActor } from '../../../src/actors/runtime/spawn.js';
import { supervision } from '../../../src/actors/runtime/supervision.js';
import { eventually } from '../../helpers/eventually.js';
import { counter, get, testRuntime, type CounterMsg } from './fixture.js';

type Silent = { readonly type: 'ignore'; readonly replyTo: ActorRef<number> };

function setup() {
  const t = testRuntime();
  const ref = spawnActor(t.runtime.root, { name: 'counter', initialState: 0, handle: counter, supervision: supervision() });
  return { ...t, ref };
}

/** An actor that keeps every message and never replies. */
function spawnSilent(runtime: ReturnType<typeof setup>['runtime']) {
  const kept: Silent[] = [];
  const silent = spawnActor(runtime.root, {
    name: 'silent',
    initialState: 0,
    handle: (s: number, m: Silent) => (kept.push(m), s),
    supervision: supervision(),
  });
  return { kept, silent };
}

describe('ask', () => {
  it('resolves with the reply and clears its timer', async () => {
    const { ref, clock } = setup();
    tell(ref, { type: 'add', n: 41 });
    tell(ref, { type: 'add', n: 1 });
    await expect(ask<CounterMsg, number>(ref, get, 1_000)).resolves.toBe(42);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('rejects with a typed AskTimeoutError naming the actor and timeout, and clears its timer', async () => {
    const { runtime, clock } = setup();
    const { kept, silent } = spawnSilent(runtime);
    const pending = ask<Silent, number>(silent, (replyTo) => ({ type: 'ignore', replyTo }), 500);
    expect(clock.pendingTimers()).toBe(1);
    clock.advanceBy(499);
    await eventually(() => expect(kept).toHaveLength(1));
    clock.advanceBy(1);
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AskTimeoutError);
    expect(error).toMatchObject({ actor: 'test/silent', timeoutMs: 500, name: 'AskTimeoutError' });
    expect(clock.pendingTimers()).toBe(0);
  });

  it('counts a reply after the timeout as a dead letter', async () => {
    const { runtime, clock } = setup();
    const { kept, silent } = spawnSilent(runtime);
    const pending = ask<Silent, number>(silent, (replyTo) => ({ type: 'ignore', replyTo }), 10);
    clock.advanceBy(10);
    await expect(pending).rejects.toBeInstanceOf(AskTimeoutError);
    await eventually(() => expect(kept).toHaveLength(1));
    tell(kept[0]!.replyTo, 7);
    expect(runtime.metrics.deadLetters).toBe(1);
  });

  it('rejects at once with ActorStoppedError when the target is stopped, leaving no timer', async () => {
    const { ref, runtime, clock } = setup();
    stopActor(ref);
    await expect(ask<CounterMsg, number>(ref, get, 1_000)).rejects.toBeInstanceOf(ActorStoppedError);
    expect(clock.pendingTimers()).toBe(0);
    expect(runtime.metrics.deadLetters).toBe(1);
  });

  it('rejects pending asks when the runtime stops, and clears their timers', async () => {
    const { runtime, clock } = setup();
    const silent = spawnActor(runtime.root, { name: 'silent', initialState: 0, handle: (s: number, _m: Silent) => s, supervision: supervision() });
    const pending = ask<Silent, number>(silent, (replyTo) => ({ type: 'ignore', replyTo }), 1_000);
    runtime.stop();
    await expect(pending).rejects.toBeInstanceOf(ActorStoppedError);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('settles with the error when building the message throws, leaving no timer', async () => {
    const { ref, clock } = setup();
    const failing = (): CounterMsg => {
      throw new Error('bad request');
    };
    await expect(ask<CounterMsg, number>(ref, failing, 1_000)).rejects.toThrow('bad request');
    expect(clock.pendingTimers()).toBe(0);
  });

  it('refuses a timeout that is not a positive number', () => {
    const { ref } = setup();
    expect(() => ask<CounterMsg, number>(ref, get, 0)).toThrow(RangeError);
    expect(() => ask<CounterMsg, number>(ref, get, Number.NaN)).toThrow(RangeError);
  });
});

describe('ask on the wall clock (fake setTimeout, real setImmediate for nact)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('leaves no timer behind after a reply or a timeout', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const runtime = createRuntime({ name: 'wall', clock: new WallClock() });
    const ref = spawnActor(runtime.root, { name: 'counter', initialState: 5, handle: counter, supervision: supervision() });
    await expect(ask<CounterMsg, number>(ref, get, 60_000)).resolves.toBe(5);
    expect(vi.getTimerCount()).toBe(0);

    const silent = spawnActor(runtime.root, { name: 'silent', initialState: 0, handle: (s: number, _m: Silent) => s, supervision: supervision() });
    const pending = ask<Silent, number>(silent, (replyTo) => ({ type: 'ignore', replyTo }), 60_000);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(60_000);
    await expect(pending).rejects.toBeInstanceOf(AskTimeoutError);
    expect(vi.getTimerCount()).toBe(0);
    runtime.stop();
  });
});
