/**
 * Bare nact in the tree benchmark's shape: one actor per ticker, one message to each per
 * "minute", then wait until all are handled. The like-for-like baseline for bar throughput
 * (bareNactLoop queues every message on one actor, which handles one per event-loop turn).
 */
import { dispatch, spawn, start, stop } from 'nact';
import type { LoopResult } from './nact-loop.js';

type Tick = { readonly type: 'tick'; readonly n: number };

export async function bareNactFanout(actors: number, rounds: number): Promise<LoopResult> {
  const system = start();
  let pending = 0;
  let wake = (): void => undefined;
  const refs = Array.from({ length: actors }, (_, i) =>
    spawn(system, (count: number, msg: Tick) => {
      if (--pending === 0) wake();
      return count + msg.n;
    }, `a${i}`, { initialState: 0 }),
  );
  const started = performance.now();
  for (let r = 0; r < rounds; r++) {
    const idle = new Promise<void>((resolve) => (wake = resolve));
    pending = actors;
    for (const ref of refs) dispatch(ref, { type: 'tick', n: 1 });
    await idle;
  }
  const elapsed = performance.now() - started;
  stop(system);
  return { msgsPerSec: ((actors * rounds) / elapsed) * 1_000 };
}
