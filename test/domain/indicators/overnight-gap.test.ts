import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/domain/config/load.js';
import { FeatureEngine } from '../../../src/domain/indicators/feature-engine.js';
import { makeBar } from '../../../src/domain/values/bar.js';
import { MINUTE_MS } from '../../../src/domain/values/time.js';

/**
 * ret_5m / ret_15m are returns over 5 and 15 minutes: at 09:31 the close 5 bars back is
 * yesterday's, so an overnight gap must not read as a 5-minute breakout.
 */
describe('returns across the overnight gap', () => {
  const { indicators, signals } = loadConfig({}).rules;
  const bar = (ts: number, close: number) => makeBar({ symbol: 'SPY', ts, open: close, high: close, low: close, close, volume: 1000 });

  it('ret_5m at 09:31 is not yesterday-close based', () => {
    const fe = new FeatureEngine('SPY', indicators, signals);
    const mondayClose = Date.UTC(2025, 11, 1, 21, 0); // 16:00 NY
    for (let i = 60; i >= 1; i--) fe.update(bar(mondayClose - i * MINUTE_MS, 500));
    const tuesdayOpen = Date.UTC(2025, 11, 2, 14, 30); // 09:30 NY
    fe.update(bar(tuesdayOpen, 505)); // +1 % gap at the open, then flat
    const f = fe.update(bar(tuesdayOpen + MINUTE_MS, 505));
    expect(f.ret5m).toBeUndefined();
    expect(f.ret15m).toBeUndefined();
    expect(f.ready).toBe(false);
    // Once 15 minutes of the session have traded, the returns are this session's.
    let g = f;
    for (let i = 2; i <= 15; i++) g = fe.update(bar(tuesdayOpen + i * MINUTE_MS, 505));
    expect(g.ret5m).toBe(0);
    expect(g.ret15m).toBe(0);
  });
});
