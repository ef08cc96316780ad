import { describe, expect, it } from 'vitest';
import { exitDeadlines } from '../../../src/domain/exits/deadlines.js';
import { evaluateExit } from '../../../src/domain/exits/evaluate.js';
import { cfg, ctx, pos } from './fixtures.js';

/**
 * T0 = Mon 2025-12-01 10:00 New York. A day trade still open the next morning (its 15:50 exit did
 * not fill before the day order expired, or the engine was down) is flattened at once: the flat
 * time is that of the day it was entered, even when a partial exempts it from the 60-minute rule.
 */
describe('a day trade carried past its session', () => {
  const tuesday0935 = Date.UTC(2025, 11, 2, 14, 35);

  it('deadline says it had to be flat on Monday 15:50', () => {
    const p = pos({ partialStage: 1, trailFloorPct: 0, qty: 2 });
    const flat = Date.UTC(2025, 11, 1, 20, 50);
    expect(exitDeadlines(p, cfg.time)).toContain(flat);
    expect(tuesday0935).toBeGreaterThan(flat);
  });

  it('is exited on the next morning', () => {
    const p = pos({ partialStage: 1, trailFloorPct: 0, qty: 2, peakOptionPrice: 2.6 });
    const d = evaluateExit(p, ctx({ now: tuesday0935, mark: 2.5, dte: 5 }), cfg);
    expect(d.action).toBe('exit');
    expect(d.reasons).toContain('DAY_TRADE_SESSION_END');
  });

  it('the same position exits on Monday at 15:50', () => {
    const p = pos({ partialStage: 1, trailFloorPct: 0, qty: 2, peakOptionPrice: 2.6 });
    const d = evaluateExit(p, ctx({ now: Date.UTC(2025, 11, 1, 20, 50), mark: 2.5, dte: 5 }), cfg);
    expect(d.reasons).toContain('DAY_TRADE_SESSION_END');
  });
});
