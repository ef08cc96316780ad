import { describe, expect, it } from 'vitest';
import { ask } from '../../../src/actors/runtime/ask.js';
import { EscalationError, type ActorFailure } from '../../../src/actors/runtime/errors.js';
import { tell } from '../../../src/actors/runtime/ref.js';
import { spawnActor } from '../../../src/actors/runtime/spawn.js';
import { supervision } from '../../../src/actors/runtime/supervision.js';
import { eventually } from '../../helpers/eventually.js';
import { turns } from '../../helpers/turns.js';
import { counter, get, testRuntime, type CounterMsg } from './fixture.js';

const boom: CounterMsg = { type: 'boom', secret: 'ALPACA-SECRET' };
const add = (n: number): CounterMsg => ({ type: 'add', n });

describe('supervised restarts', () => {
  it('restarts a crashed actor within budget with its state intact, then handles later messages', async () => {
    const { runtime } = testRuntime();
    const ref = spawnActor(runtime.root, { name: 'c', initialState: 0, handle: counter, supervision: supervision({ backoffMs: () => 0 }) });
    tell(ref, add(5));
    tell(ref, boom);
    tell(ref, add(2));
    await expect(ask<CounterMsg, number>(ref, get, 1_000)).resolves.toBe(7);
    expect(runtime.metrics).toMatchObject({ crashes: 1, restarts: 1, escalations: 0, actors: 1 });
  });

  it('logs crashes without message bodies', async () => {
    const { runtime, logs } = testRuntime();
    const ref = spawnActor(runtime.root, { name: 'c', initialState: 0, handle: counter, supervision: supervision({ backoffMs: () => 0 }) });
    tell(ref, boom);
    await eventually(() => expect(logs.entries).toHaveLength(1));
    expect(logs.entries[0]).toMatchObject({ level: 'error', msg: 'actor crashed', obj: { actor: 'test/c', messageType: 'boom' } });
    expect(JSON.stringify(logs.entries)).not.toContain('ALPACA-SECRET');
  });

  it('waits out the backoff on the injected clock before handling the next message', async () => {
    const { runtime, clock } = testRuntime();
    const ref = spawnActor(runtime.root, { name: 'c', initialState: 1, handle: counter, supervision: supervision() });
    tell(ref, boom);
    tell(ref, add(1));
    await eventually(() => expect(runtime.metrics.restarts).toBe(1));
    expect(clock.nextTimerAt()).toBe(clock.now() + 10);
    const reply = ask<CounterMsg, number>(ref, get, 60_000);
    clock.advanceBy(9);
    await turns();
    let answered = false;
    void reply.then(() => (answered = true));
    await turns();
    expect(answered).toBe(false);
    clock.advanceBy(1);
    await expect(reply).resolves.toBe(2);
  });

  it('grows the backoff with each crash in the window', async () => {
    const { runtime, clock } = testRuntime();
    const ref = spawnActor(runtime.root, { name: 'c', initialState: 0, handle: counter, supervision: supervision() });
    const delays: number[] = [];
    for (let i = 1; i <= 3; i++) {
      tell(ref, boom);
      await eventually(() => expect(runtime.metrics.restarts).toBe(i));
      const next = clock.nextTimerAt()!;
      delays.push(next - clock.now());
      clock.advanceTo(next);
    }
    expect(delays).toEqual([10, 20, 40]);
  });

  it('restores a snapshot when the handler mutated state in place before throwing', async () => {
    type Book = { items: string[] };
    const { runtime } = testRuntime();
    const ref = spawnActor(runtime.root, {
      name: 'book',
      initialState: { items: [] } as Book,
      supervision: supervision({ backoffMs: () => 0 }),
      snapshot: (s: Book) => structuredClone(s),
      restore: (s: Book) => structuredClone(s),
      handle: (state: Book, msg: { item: string; replyTo?: (items: string[]) => void }) => {
        state.items.push(msg.item);
        if (msg.item === 'bad') throw new Error('half-applied');
        msg.replyTo?.(state.items);
        return state;
      },
    });
    let seen: string[] = [];
    tell(ref, { item: 'a' });
    tell(ref, { item: 'bad' });
    tell(ref, { item: 'b', replyTo: (items) => (seen = [...items]) });
    await eventually(() => expect(seen).toEqual(['a', 'b']));
  });
  it('keeps the actor’s timers armed across a restart, and cancels a pending backoff on stop', async () => {
    type Msg = { type: 'arm' } | { type: 'boom' } | { type: 'expire' };
    const { runtime, clock } = testRuntime();
    const expired: number[] = [];
    const ref = spawnActor(runtime.root, {
      name: 'position',
      initialState: { stop: 0.25 },
      supervision: supervision(),
      handle: (state: { stop: number }, msg: Msg, ctx) => {
        switch (msg.type) {
          case 'arm':
            ctx.tellAt(ctx.clock.now() + 60_000, { type: 'expire' });
            return { stop: 0.4 };
          case 'boom':
            throw new Error('crash');
          case 'expire':
            expired.push(state.stop);
            return state;
          default:
            return msg satisfies never;
        }
      },
    });
    tell(ref, { type: 'arm' });
    tell(ref, { type: 'boom' });
    await eventually(() => expect(runtime.metrics.restarts).toBe(1));
    expect(clock.pendingTimers()).toBe(2);
    clock.advanceBy(60_000);
    await eventually(() => expect(expired).toEqual([0.4]));
    tell(ref, { type: 'boom' });
    await eventually(() => expect(runtime.metrics.restarts).toBe(2));
    expect(clock.pendingTimers()).toBe(1);
    runtime.stop();
    expect(clock.pendingTimers()).toBe(0);
  });
});

describe('past the restart budget', () => {
  const oneRestart = supervision({ maxRestarts: 1, backoffMs: () => 0 });

  it('stops the actor and calls the root onEscalate for a top-level actor', async () => {
    const { runtime, escalated } = testRuntime();
    const ref = spawnActor(runtime.root, { name: 'c', initialState: 0, handle: counter, supervision: oneRestart });
    tell(ref, boom);
    tell(ref, boom);
    tell(ref, add(1));
    await eventually(() => expect(escalated).toHaveLength(1));
    expect(escalated[0]).toMatchObject({ actor: 'test/c', crashes: 2 });
    await eventually(() => expect(runtime.metrics).toMatchObject({ crashes: 2, restarts: 1, escalations: 1, actors: 0, deadLetters: 1 }));
    tell(ref, add(1));
    expect(runtime.metrics.deadLetters).toBe(2);
  });

  it('just stops with onExhausted "stop"', async () => {
    const { runtime, escalated } = testRuntime();
    const ref = spawnActor(runtime.root, { name: 'c', initialState: 0, handle: counter, supervision: { ...oneRestart, onExhausted: 'stop' } });
    tell(ref, boom);
    tell(ref, boom);
    await eventually(() => expect(runtime.metrics.actors).toBe(0));
    expect(escalated).toEqual([]);
    expect(runtime.metrics.escalations).toBe(0);
  });

  it('hands the failure to the parent’s onChildFailure, in order with its messages', async () => {
    const { runtime, escalated } = testRuntime();
    const failures: ActorFailure[] = [];
    const parent = spawnActor(runtime.root, {
      name: 'supervisor',
      initialState: 0,
      handle: counter,
      supervision: supervision(),
      onChildFailure: (state: number, failure) => (failures.push(failure), state + 100),
    });
    const child = spawnActor(parent, { name: 'pos', initialState: 0, handle: counter, supervision: oneRestart });
    tell(child, boom);
    tell(child, boom);
    await eventually(() => expect(failures).toHaveLength(1));
    expect(failures[0]).toMatchObject({ actor: 'test/supervisor/pos', crashes: 2 });
    expect((failures[0]!.error as Error).message).toBe('kaboom');
    await expect(ask<CounterMsg, number>(parent, get, 1_000)).resolves.toBe(100);
    expect(escalated).toEqual([]);
  });

  it('without onChildFailure the failure crashes the parent, whose own budget then applies', async () => {
    const { runtime, escalated } = testRuntime();
    const parent = spawnActor(runtime.root, { name: 'supervisor', initialState: 7, handle: counter, supervision: oneRestart });
    const kid = (name: string) => spawnActor(parent, { name, initialState: 0, handle: counter, supervision: { ...oneRestart, maxRestarts: 0 } });
    tell(kid('a'), boom);
    await eventually(() => expect(runtime.metrics.restarts).toBe(1));
    await expect(ask<CounterMsg, number>(parent, get, 1_000)).resolves.toBe(7);
    const b = kid('b');
    tell(b, boom);
    await eventually(() => expect(escalated).toHaveLength(1));
    expect(escalated[0]!.actor).toBe('test/supervisor');
    expect(escalated[0]!.error).toBeInstanceOf(EscalationError);
    expect((escalated[0]!.error as EscalationError).failure.actor).toBe('test/supervisor/b');
    expect(runtime.metrics.actors).toBe(0);
  });

  it('a failure of a parent stops its whole subtree', async () => {
    const { runtime } = testRuntime();
    const parent = spawnActor(runtime.root, { name: 'p', initialState: 0, handle: counter, supervision: { ...oneRestart, maxRestarts: 0 } });
    const child = spawnActor(parent, { name: 'c', initialState: 0, handle: counter, supervision: oneRestart });
    tell(parent, boom);
    await eventually(() => expect(runtime.metrics.actors).toBe(0));
    tell(child, add(1));
    expect(runtime.metrics.deadLetters).toBe(1);
  });
});
