import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../src/domain/config/index.js';
import { Harness } from './fixtures/harness.js';
import { breakoutPath } from './fixtures/market.js';

let h: Harness | undefined;
afterEach(() => h?.stop());

/**
 * Plays the breakout path on every ticker at once, minute by minute; with `stopAtSignals`, stops
 * after the first minute with entry signals (so greeks are as approved, not drifted by later bars).
 */
async function breakoutAll(harness: Harness, tickers: readonly string[], stopAtSignals = false): Promise<number> {
  const { closes, volumes } = breakoutPath(100);
  let last = 100;
  for (let i = 0; i < closes.length; i++) {
    last = closes[i] ?? last;
    for (const t of tickers) harness.market.spot.set(t, last);
    for (const t of tickers) await harness.bar(t, last, volumes[i]);
    if (stopAtSignals && harness.recorder.of('signal', true).length > 0) break;
  }
  return last;
}

// One entry here: 5 contracts (the hard cap) of a ~$1.10, 0.54-delta call on a $100 stock:
// ≈ $550 at risk (0.27 % of $200,000), ≈ 270 delta shares, ≈ $18 vega. Each cap lets one in.
const caps: Array<[string, ConfigInput['risk']]> = [
  ['MAX_POSITIONS', { maxOpenPositions: 1 }],
  ['TOTAL_RISK', { maxTotalRiskPct: 0.004 }],
  ['NET_DELTA', { maxNetDeltaShares: 400 }],
  ['NET_VEGA', { maxNetVega: 25 }],
];

describe('the portfolio-greeks risk gate', () => {
  it.each(caps)('denies a second entry at the %s cap, while the first position still exits', async (reason, risk) => {
    h = new Harness({ tickers: ['AAA', 'BBB'], config: { risk } });
    const close = await breakoutAll(h, ['AAA', 'BBB']);
    const denied = h.recorder.of('risk', false);
    expect(denied.length).toBeGreaterThan(0);
    expect(denied.flatMap((e) => e.reasons)).toContain(reason);
    expect(h.engine.openPositions).toBe(1);
    const open = (await h.engine.portfolio()).positions[0];
    // Exits are never subject to the caps: the open position closes on its stop.
    const ticker = open?.underlying ?? '';
    await h.bar(ticker, close * 0.99);
    await h.bar(ticker, close * 0.99);
    expect(h.recorder.trades.map((t) => t.underlying)).toEqual([ticker]);
    expect(h.recorder.trades[0]?.pnl).toBeLessThan(0);
  });

  it('100 simultaneous entry signals never break any cap', async () => {
    const tickers = Array.from({ length: 100 }, (_, i) => `T${String(i).padStart(3, '0')}`);
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          maxOpenPositions: fc.integer({ min: 1, max: 12 }),
          maxTotalRiskPct: fc.double({ min: 0.004, max: 0.05, noNaN: true }),
          maxNetDeltaShares: fc.integer({ min: 300, max: 3000 }),
          maxNetVega: fc.integer({ min: 20, max: 300 }),
        }),
        async (risk) => {
          const harness = new Harness({ tickers, config: { risk } });
          try {
            await breakoutAll(harness, tickers, true);
            const snap = await harness.engine.portfolio();
            const g = snap.greeks;
            expect(harness.recorder.of('signal', true).length).toBeGreaterThanOrEqual(100);
            expect(g.openPositions).toBeLessThanOrEqual(risk.maxOpenPositions);
            expect(g.capitalAtRiskPct).toBeLessThanOrEqual(risk.maxTotalRiskPct + 1e-9);
            expect(Math.abs(g.netDeltaShares)).toBeLessThanOrEqual(risk.maxNetDeltaShares + 1e-9);
            expect(Math.abs(g.netVega)).toBeLessThanOrEqual(risk.maxNetVega + 1e-9);
            expect(g.openPositions).toBeGreaterThan(0);
          } finally {
            harness.stop();
          }
        },
      ),
      { numRuns: 8 },
    );
  });
});
