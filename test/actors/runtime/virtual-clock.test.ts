import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../src/actors/runtime/virtual-clock.js';

const T0 = 1_700_000_000_000;

describe('VirtualClock', () => {
  it('fires due timers in time order, ties in scheduling order, with now() at each deadline', () => {
    const clock = new VirtualClock(T0);
    const fired: string[] = [];
    const at = (label: string) => () => fired.push(`${label}@${clock.now() - T0}`);
    clock.schedule(T0 + 30, at('c'));
    clock.schedule(T0 + 10, at('a1'));
    clock.schedule(T0 + 10, at('a2'));
    clock.schedule(T0 + 20, at('b'));
    clock.schedule(T0 + 99, at('late'));
    clock.advanceTo(T0 + 50);
    expect(fired).toEqual(['a1@10', 'a2@10', 'b@20', 'c@30']);
    expect(clock.now()).toBe(T0 + 50);
    expect(clock.pendingTimers()).toBe(1);
    expect(clock.nextTimerAt()).toBe(T0 + 99);
  });

  it('fires timers scheduled while firing when they fall within the advance', () => {
    const clock = new VirtualClock(T0);
    const fired: number[] = [];
    clock.schedule(T0 + 10, () => {
      fired.push(clock.now() - T0);
      clock.schedule(clock.now() + 5, () => fired.push(clock.now() - T0));
      clock.schedule(T0 + 100, () => fired.push(clock.now() - T0));
    });
    clock.advanceTo(T0 + 20);
    expect(fired).toEqual([10, 15]);
    clock.advanceBy(80);
    expect(fired).toEqual([10, 15, 100]);
  });

  it('fires a deadline in the past at the next advance, without moving time back', () => {
    const clock = new VirtualClock(T0);
    const seen: number[] = [];
    clock.schedule(T0 - 1_000, () => seen.push(clock.now()));
    expect(clock.nextTimerAt()).toBe(T0 - 1_000);
    clock.advanceBy(0);
    expect(seen).toEqual([T0]);
  });

  it('never fires a cancelled timer and stops counting it', () => {
    const clock = new VirtualClock(T0);
    let fired = false;
    const id = clock.schedule(T0 + 1, () => (fired = true));
    clock.cancel(id);
    clock.cancel(id);
    expect(clock.pendingTimers()).toBe(0);
    expect(clock.nextTimerAt()).toBeUndefined();
    clock.advanceBy(10);
    expect(fired).toBe(false);
  });

  it('rejects going backwards and non-finite times', () => {
    const clock = new VirtualClock(T0);
    expect(() => clock.advanceTo(T0 - 1)).toThrow(RangeError);
    expect(() => clock.advanceBy(-1)).toThrow(RangeError);
    expect(() => clock.schedule(Number.NaN, () => undefined)).toThrow(RangeError);
    expect(() => new VirtualClock(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('stays O(log n): 200k timers schedule, cancel and fire quickly', () => {
    const clock = new VirtualClock(0);
    let fired = 0;
    const ids = Array.from({ length: 200_000 }, (_, i) => clock.schedule((i * 7919) % 100_000, () => fired++));
    ids.forEach((id, i) => i % 2 === 0 && clock.cancel(id));
    clock.advanceTo(100_000);
    expect(fired).toBe(100_000);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('property: random schedules fire in non-decreasing time order, cancelled ones never', () => {
    const op = fc.record({ offset: fc.integer({ min: -50, max: 1_000 }), cancel: fc.boolean() });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 5 }), (ops, steps) => {
        const clock = new VirtualClock(T0);
        const fired: { index: number; at: number; now: number }[] = [];
        const ids = ops.map(({ offset }, index) =>
          clock.schedule(T0 + offset, () => fired.push({ index, at: T0 + offset, now: clock.now() })),
        );
        ops.forEach(({ cancel }, i) => cancel && clock.cancel(ids[i]!));
        for (const step of steps) clock.advanceBy(step);
        clock.advanceTo(Math.max(clock.now(), T0 + 1_000));
        const expected = ops.flatMap(({ cancel }, index) => (cancel ? [] : [index]));
        expect(fired.map((f) => f.index).sort((a, b) => a - b)).toEqual(expected);
        for (let i = 1; i < fired.length; i++) {
          const [prev, cur] = [fired[i - 1]!, fired[i]!];
          expect(cur.now).toBeGreaterThanOrEqual(prev.now);
          if (cur.at === prev.at) expect(cur.index).toBeGreaterThan(prev.index);
        }
        // Due timers never wait past their deadline; overdue ones fire at the start time.
        for (const f of fired) expect(f.now).toBe(Math.max(f.at, T0));
        expect(clock.pendingTimers()).toBe(0);
      }),
    );
  });
});
