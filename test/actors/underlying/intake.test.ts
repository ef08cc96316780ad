import { describe, expect, it } from 'vitest';
import { BarIntake } from '../../../src/actors/underlying/intake.js';
import { loadConfig } from '../../../src/domain/config/load.js';
import { FeatureEngine } from '../../../src/domain/indicators/feature-engine.js';
import { IvRankTracker } from '../../../src/domain/indicators/iv-rank.js';
import { makeBar } from '../../../src/domain/values/bar.js';

const { indicators, signals } = loadConfig({}).rules;
const intake = () => new BarIntake(new FeatureEngine('SPY', indicators, signals), IvRankTracker.create(10, 2));
const bar = (ts: number) => makeBar({ symbol: 'SPY', ts, open: 100, high: 100, low: 100, close: 100, volume: 1000 });

/** 2025-03-07 (EST) and the days after, across the switch to EDT on Sunday 2025-03-09. */
const FRI_OPEN = Date.UTC(2025, 2, 7, 14, 30);
const FRI_LATE = Date.UTC(2025, 2, 8, 4, 59); // 23:59 New York, still Friday
const SAT_EARLY = Date.UTC(2025, 2, 8, 5, 0); // 00:00 New York Saturday
const MON_OPEN = Date.UTC(2025, 2, 10, 13, 30); // 09:30 EDT

describe('BarIntake', () => {
  it('takes the first ATM IV of each New York day for IV rank, whatever the offset', () => {
    const i = intake();
    i.take(bar(FRI_OPEN), 0.2);
    i.take(bar(FRI_OPEN + 60_000), undefined); // no IV: nothing observed
    i.take(bar(FRI_OPEN + 120_000), 0.5); // later that day: not a new observation
    i.take(bar(FRI_LATE), 0.6);
    i.take(bar(SAT_EARLY), 0.3); // a new New York day starts at its midnight
    i.take(bar(SAT_EARLY + 60_000), 0.9);
    i.take(bar(MON_OPEN), 0.4);
    expect(i.ivRank.snapshot().values).toEqual([0.2, 0.3, 0.4]);
  });

  it('throws on an IV that is not a finite number ≥ 0 before anything changes: the same bar is then taken once', () => {
    const i = intake();
    i.take(bar(FRI_OPEN), 0.2);
    for (const bad of [Number.NaN, -0.1, Number.POSITIVE_INFINITY]) expect(() => i.take(bar(FRI_OPEN + 60_000), bad)).toThrow(/iv/);
    expect(i.frame.ts).toBe(FRI_OPEN); // the features never took the bar
    const taken = i.take(bar(FRI_OPEN + 60_000), undefined);
    expect(typeof taken === 'string' ? taken : taken.ts).toBe(FRI_OPEN + 60_000); // not DUPLICATE_BAR: it was not counted
  });

  it('refuses a duplicate or out-of-order bar and changes nothing', () => {
    const i = intake();
    i.take(bar(FRI_OPEN + 60_000), 0.2);
    expect(i.take(bar(FRI_OPEN + 60_000), 0.5)).toBe('DUPLICATE_BAR');
    expect(i.take(bar(FRI_OPEN), 0.5)).toBe('OUT_OF_ORDER_BAR');
    expect(i.frame.ts).toBe(FRI_OPEN + 60_000);
    expect(i.ivRank.snapshot().values).toEqual([0.2]);
  });
});
