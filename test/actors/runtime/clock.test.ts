import { afterEach, describe, expect, it, vi } from 'vitest';
import { WallClock } from '../../../src/actors/runtime/clock.js';
import { eventually } from '../../helpers/eventually.js';

describe('WallClock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fires real timers at their deadline, in order', async () => {
    const clock = new WallClock();
    const start = clock.now();
    const fired: string[] = [];
    clock.schedule(start + 6, () => fired.push('second'));
    clock.schedule(start + 2, () => fired.push('first'));
    clock.schedule(start - 1_000, () => fired.push('overdue'));
    await eventually(() => expect(fired).toEqual(['overdue', 'first', 'second']));
    expect(clock.now() - start).toBeGreaterThanOrEqual(5);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('fires overdue timers in deadline order, not in the order they were armed', async () => {
    const clock = new WallClock();
    const start = clock.now();
    const fired: string[] = [];
    clock.schedule(start - 5, () => fired.push('later'));
    clock.schedule(start - 10, () => fired.push('earlier'));
    clock.schedule(start - 5, () => fired.push('later, scheduled second'));
    await eventually(() => expect(fired).toHaveLength(3));
    expect(fired).toEqual(['earlier', 'later', 'later, scheduled second']);
  });

  it('does not run a due timer that an earlier one cancelled', async () => {
    const clock = new WallClock();
    const start = clock.now();
    const fired: string[] = [];
    const victim = clock.schedule(start - 1, () => fired.push('cancelled'));
    clock.schedule(start - 2, () => {
      fired.push('first');
      clock.cancel(victim);
    });
    clock.schedule(start, () => fired.push('last'));
    await eventually(() => expect(fired).toEqual(['first', 'last']));
    expect(clock.pendingTimers()).toBe(0);
  });

  it('cancels a timer', async () => {
    const clock = new WallClock();
    let cancelled = false;
    let done = false;
    const id = clock.schedule(clock.now() + 1, () => (cancelled = true));
    clock.cancel(id);
    clock.schedule(clock.now() + 3, () => (done = true));
    await eventually(() => expect(done).toBe(true));
    expect(cancelled).toBe(false);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('re-arms delays beyond setTimeout’s 2^31 − 1 ms limit instead of firing early', () => {
    vi.useFakeTimers({ now: 1_700_000_000_000 });
    const clock = new WallClock();
    const twentyFiveDays = 2 ** 31 + 60_000;
    let fired = false;
    clock.schedule(clock.now() + twentyFiveDays, () => (fired = true));
    vi.advanceTimersByTime(2 ** 31 - 1);
    expect(fired).toBe(false);
    expect(clock.pendingTimers()).toBe(1);
    vi.advanceTimersByTime(60_000);
    expect(fired).toBe(false);
    vi.advanceTimersByTime(1);
    expect(fired).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('cancels a long timer while it is being re-armed', () => {
    vi.useFakeTimers({ now: 0 });
    const clock = new WallClock();
    const id = clock.schedule(2 ** 32, () => undefined);
    vi.advanceTimersByTime(2 ** 31);
    clock.cancel(id);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects a non-finite deadline', () => {
    expect(() => new WallClock().schedule(Number.NaN, () => undefined)).toThrow(RangeError);
  });
});
