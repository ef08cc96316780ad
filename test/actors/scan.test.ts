import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DecisionEvent } from '../../src/actors/ports/decision-sink.js';
import type { Bar } from '../../src/domain/values/bar.js';
import { Harness } from './fixtures/harness.js';
import { barAt, breakoutPath, MINUTE } from './fixtures/market.js';
import { windowBarsOf } from '../helpers/bar-runs.js';

let harnesses: Harness[] = [];
afterEach(() => {
  for (const h of harnesses) h.stop();
  harnesses = [];
});

function harness(): Harness {
  const h = new Harness();
  harnesses.push(h);
  return h;
}

/** The breakout path as SPY bars, minute 0 onwards. */
function breakoutBars(start = 500): Bar[] {
  const { closes, volumes } = breakoutPath(start);
  return closes.map((close, i) => barAt('SPY', i, closes[i - 1] ?? start, close, volumes[i] ?? 1000));
}

/** Delivers `bar` as the backtest runner does at its minute: clock, quotes, resting orders, then the bar. */
async function deliver(h: Harness, bar: Bar): Promise<void> {
  h.clock.advanceTo(bar.ts + MINUTE);
  h.market.spot.set(bar.symbol, bar.close);
  h.executor.work(h.clock.now());
  await h.engine.whenIdle();
  h.engine.onBar(bar);
  await h.engine.whenIdle();
}

describe('Engine.scan: a quiet ticker judges a run of bars in one message', () => {
  it('stops at the bar whose signal must be acted on, and that bar enters when it is delivered, as bar by bar', async () => {
    const bars = breakoutBars();
    // The reference: the same bars one by one.
    const byBar = harness();
    for (const bar of bars) await deliver(byBar, bar);
    const signal = byBar.recorder.of('signal', true)[0];
    expect(signal).toBeDefined();
    const k = bars.findIndex((b) => b.ts + MINUTE === signal?.ts);

    const h = harness();
    const stops = await h.engine.scan([{ symbol: 'SPY', bars: windowBarsOf(bars) }]);
    expect(stops.get('SPY')).toBe(bars[k]?.ts);
    // Every bar before it was judged (and recorded) in the scan; none from it on.
    expect(h.recorder.of('signal')).toHaveLength(k);
    expect(h.recorder.of('signal').map((e) => e.reasons)).toEqual(byBar.recorder.of('signal').slice(0, k).map((e) => e.reasons));
    expect(h.recorder.of('order')).toHaveLength(0);
    // Each carries its bar's correlation id, read or serialised, as bar by bar.
    const ids = (events: readonly DecisionEvent[]) => events.map((e) => [e.correlationId, (JSON.parse(JSON.stringify(e)) as DecisionEvent).correlationId]);
    expect(ids(h.recorder.of('signal'))).toEqual(bars.slice(0, k).map((b) => [`SPY-${b.ts}`, `SPY-${b.ts}`]));
    expect(ids(h.recorder.of('signal'))).toEqual(ids(byBar.recorder.of('signal').slice(0, k)));

    for (const bar of bars.slice(k)) await deliver(h, bar);
    expect(h.recorder.of('signal', true)[0]).toEqual(signal);
    expect(h.recorder.events).toEqual(byBar.recorder.events);
    expect(h.engine.openPositions).toBe(1);
  });

  it('takes a whole run without a signal and reports no stop', async () => {
    const h = harness();
    const bars = breakoutBars().slice(0, 40);
    const stops = await h.engine.scan([{ symbol: 'SPY', bars: windowBarsOf(bars) }]);
    expect(stops.size).toBe(0);
    expect(h.recorder.of('signal')).toHaveLength(40);
  });

  it('stops at the first bar while a position is open: its bars must reach the position', async () => {
    const h = harness();
    const entry = await h.breakout();
    expect(h.engine.openPositions).toBe(1);
    const next = barAt('SPY', 60, entry, entry, 1000);
    const before = h.recorder.events.length;
    const stops = await h.engine.scan([{ symbol: 'SPY', bars: windowBarsOf([next, barAt('SPY', 61, entry, entry, 1000)]) }]);
    expect(stops.get('SPY')).toBe(next.ts);
    expect(h.recorder.events.length).toBe(before);
  });

  it('knows which underlyings hold a position (their bars go first in a backtest minute)', async () => {
    const h = harness();
    expect(h.engine.holdingTickers()).toEqual(new Set());
    const entry = await h.breakout();
    expect(h.engine.holdingTickers()).toEqual(new Set(['SPY']));
    await h.bar('SPY', entry * 0.993);
    await h.bar('SPY', entry * 0.993);
    expect(h.engine.openPositions).toBe(0);
    expect(h.engine.holdingTickers()).toEqual(new Set());
  });

  it('loses only the bar it crashes on, as bar by bar does, and resumes after it', async () => {
    const bars = breakoutBars().slice(0, 30);
    const bad = bars[10]?.ts;
    // The IV feed fails for one bar: judging it throws, and the actor restarts. (A bad IV value is
    // refused with a reason instead: see bad-iv.test.ts.)
    const feed = (h: Harness) =>
      vi.spyOn(h.market, 'atmIv').mockImplementation((...args: unknown[]) => {
        if (args[1] === bad) throw new Error('IV feed down');
        return 0.3;
      });
    const byBar = harness();
    feed(byBar);
    for (const bar of bars) await deliver(byBar, bar);
    expect(byBar.runtime.metrics.crashes).toBe(1);

    const h = harness();
    feed(h);
    const stops = await h.engine.scan([{ symbol: 'SPY', bars: windowBarsOf(bars) }]);
    expect(stops.get('SPY')).toBe(bars[11]?.ts);
    expect(h.runtime.metrics.crashes).toBe(1);
    h.clock.advanceTo((bars[11]?.ts ?? 0) + MINUTE); // past the restart backoff
    expect((await h.engine.scan([{ symbol: 'SPY', bars: windowBarsOf(bars.slice(11)) }])).size).toBe(0);
    expect(h.recorder.events).toEqual(byBar.recorder.events);
    expect(h.recorder.of('signal')).toHaveLength(29);
  });

  it('records a duplicate bar in a scan as rejected and goes on', async () => {
    const h = harness();
    const [a, b] = breakoutBars();
    const stops = await h.engine.scan([{ symbol: 'SPY', bars: windowBarsOf([a, a, b] as Bar[]) }]);
    expect(stops.size).toBe(0);
    expect(h.recorder.of('bar', false).map((e) => e.reasons)).toEqual([['DUPLICATE_BAR']]);
    expect(h.recorder.of('signal')).toHaveLength(2);
  });
});
