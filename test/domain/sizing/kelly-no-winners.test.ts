import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/domain/config/load.js';
import { sizePosition } from '../../../src/domain/sizing/size.js';
import { kellyStatsFrom } from '../../../src/domain/stats/trades.js';

/**
 * kellyStatsFrom writes avgWin = 0 when a run has no winning trade (or no trade at all);
 * kellyLimit validates the stats (positive(avgWin)) BEFORE the enabled / minTrades gates, so
 * sizePosition throws NOT_POSITIVE instead of answering NEGATIVE_EDGE (≥ 30 all-losing trades)
 * or ignoring the stats (KELLY_TOO_FEW_TRADES). `thetis backtest --kelly` after such a run
 * dies in readKelly with "kelly.avgWin must be > 0".
 */
describe('Kelly stats without winners', () => {
  const c = loadConfig({});
  const input = { equity: 182_000, premium: 2.5, multiplier: 100, tradeType: 'swing' as const };

  it('30 losing trades → NEGATIVE_EDGE denial, not an exception', () => {
    const kelly = kellyStatsFrom(Array.from({ length: 30 }, () => ({ pnl: -50, capitalRisked: 250 })));
    expect(() => sizePosition({ ...input, kelly }, c.rules.sizing, c.risk)).not.toThrow();
    expect(sizePosition({ ...input, kelly }, c.rules.sizing, c.risk)).toEqual({ ok: false, reasons: ['NEGATIVE_EDGE'] });
  });

  it('no trades at all → Kelly not applied (too few trades), not an exception', () => {
    const kelly = kellyStatsFrom([]);
    expect(() => sizePosition({ ...input, kelly }, c.rules.sizing, c.risk)).not.toThrow();
  });
});
