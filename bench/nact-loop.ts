/**
 * Message throughput of bare nact against the same loop through src/actors/runtime, so the
 * wrapper's per-message overhead can be compared. Run: `npx tsx bench/nact-loop.ts [messages]`.
 */
import { dispatch, spawn, start, stop } from 'nact';
import { pathToFileURL } from 'node:url';
import { WallClock } from '../src/actors/runtime/clock.js';
import { tell } from '../src/actors/runtime/ref.js';
import { createRuntime } from '../src/actors/runtime/runtime.js';
import { spawnActor } from '../src/actors/runtime/spawn.js';
import { supervision } from '../src/actors/runtime/supervision.js';

export interface LoopResult {
  readonly msgsPerSec: number;
}

type Tick = { readonly type: 'tick'; readonly n: number };

/** One actor, `messages` dispatches, timed until the last one is handled. */
export async function bareNactLoop(messages: number): Promise<LoopResult> {
  let finish = (): void => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const system = start();
  const ref = spawn(system, (count: number, msg: Tick) => {
    if (count + 1 === messages) finish();
    return count + msg.n;
  }, 'counter', { initialState: 0 });
  const started = performance.now();
  for (let i = 0; i < messages; i++) dispatch(ref, { type: 'tick', n: 1 });
  await done;
  const elapsed = performance.now() - started;
  stop(system);
  return { msgsPerSec: (messages / elapsed) * 1_000 };
}

/** The same loop through spawnActor/tell (typed ref, supervision, dead-letter check). */
export async function wrappedLoop(messages: number): Promise<LoopResult> {
  let finish = (): void => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const runtime = createRuntime({ name: 'bench', clock: new WallClock() });
  const ref = spawnActor(runtime.root, {
    name: 'counter',
    initialState: 0,
    supervision: supervision(),
    handle: (count: number, msg: Tick) => {
      if (count + 1 === messages) finish();
      return count + msg.n;
    },
  });
  const started = performance.now();
  for (let i = 0; i < messages; i++) tell(ref, { type: 'tick', n: 1 });
  await done;
  const elapsed = performance.now() - started;
  runtime.stop();
  return { msgsPerSec: (messages / elapsed) * 1_000 };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const messages = Number(process.argv[2] ?? 200_000);
  const bare = await bareNactLoop(messages);
  const wrapped = await wrappedLoop(messages);
  const ratio = wrapped.msgsPerSec / bare.msgsPerSec;
  console.log(`bare nact: ${bare.msgsPerSec.toFixed(0)} msg/s; wrapped: ${wrapped.msgsPerSec.toFixed(0)} msg/s (${(ratio * 100).toFixed(0)} %)`);
}
