import { describe, expect, it } from 'vitest';
import { ActorTimers } from '../../../src/actors/runtime/actor-timers.js';
import type { TimerId } from '../../../src/actors/runtime/clock.js';
import { VirtualClock } from '../../../src/actors/runtime/virtual-clock.js';

describe('ActorTimers', () => {
  it('fires, cancels its own timers only, and cancels all at once', () => {
    const clock = new VirtualClock(0);
    const timers = new ActorTimers(clock);
    const fired: string[] = [];
    timers.schedule(10, () => fired.push('a'));
    const b = timers.schedule(20, () => fired.push('b'));
    timers.schedule(30, () => fired.push('c'));
    const foreign = clock.schedule(40, () => fired.push('foreign'));
    timers.cancel(b);
    timers.cancel(foreign);
    timers.cancel(999 as TimerId);
    clock.advanceTo(10);
    expect(fired).toEqual(['a']);
    timers.cancelAll();
    clock.advanceTo(100);
    expect(fired).toEqual(['a', 'foreign']);
    expect(clock.pendingTimers()).toBe(0);
  });
});
