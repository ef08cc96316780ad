import { describe, expect, it } from 'vitest';
import { decidedNothing, ruleCounts, sortedCounts } from '../../../src/domain/stats/counts.js';

describe('ruleCounts', () => {
  it('counts the trades each entry and exit reason decided, most first, ties by code', () => {
    const counts = ruleCounts([
      { entryReasons: ['BULLISH_TREND', 'BREAKOUT_CONFIRMED', 'IV_RANK_UNKNOWN', 'SENTIMENT_NONE', 'RISK_PCT', 'ATR_UNKNOWN'], exitReasons: ['UNDERLYING_TARGET', 'QUOTE_STALE_FALLBACK'] },
      { entryReasons: ['BEARISH_TREND', 'BREAKOUT_CONFIRMED', 'RISK_PCT', 'LOCKED_QUOTE'], exitReasons: ['OPTION_TARGET', 'TRAIL_LOCK_ARMED', 'TRAIL_FLOOR_HIT'] },
      { entryReasons: ['BULLISH_TREND', 'BREAKOUT_CONFIRMED', 'RISK_PCT', 'HARD_CAP'], exitReasons: ['OPTION_TARGET'] },
    ]);
    // Opened: RISK_PCT and BREAKOUT_CONFIRMED on all 3, BULLISH_TREND on 2, the rest on 1;
    // Left out: LOCKED_QUOTE (informational), SENTIMENT_NONE (how the news scored), IV_RANK_UNKNOWN
    // and ATR_UNKNOWN (rules skipped for want of their input).
    expect(counts.opened).toEqual([
      { code: 'BREAKOUT_CONFIRMED', count: 3 },
      { code: 'RISK_PCT', count: 3 },
      { code: 'BULLISH_TREND', count: 2 },
      { code: 'BEARISH_TREND', count: 1 },
      { code: 'HARD_CAP', count: 1 },
    ]);
    // Closed: OPTION_TARGET on 2; QUOTE_STALE_FALLBACK and TRAIL_LOCK_ARMED never close anything.
    expect(counts.closed).toEqual([
      { code: 'OPTION_TARGET', count: 2 },
      { code: 'TRAIL_FLOOR_HIT', count: 1 },
      { code: 'UNDERLYING_TARGET', count: 1 },
    ]);
  });

  it('counts a code once per trade', () => {
    expect(ruleCounts([{ entryReasons: ['RISK_PCT', 'RISK_PCT'], exitReasons: ['OPTION_TARGET', 'OPTION_TARGET'] }])).toEqual({
      opened: [{ code: 'RISK_PCT', count: 1 }],
      closed: [{ code: 'OPTION_TARGET', count: 1 }],
    });
  });

  it('is empty with no trades', () => {
    expect(ruleCounts([])).toEqual({ opened: [], closed: [] });
  });
});

describe('decidedNothing', () => {
  it('knows the ride-along codes and nothing that decides', () => {
    for (const code of ['QUOTE_STALE_FALLBACK', 'TRAIL_LOCK_ARMED', 'LOCKED_QUOTE', 'SENTIMENT_POSITIVE', 'IV_VS_RV_UNKNOWN', 'DELTA_UNKNOWN']) expect(decidedNothing(code)).toBe(true);
    for (const code of ['RISK_PCT', 'SENTIMENT_ALIGNED', 'SENTIMENT_SCALED_UP', 'IV_RANK_HIGH', 'OPTION_TARGET', 'BULLISH_TREND']) expect(decidedNothing(code)).toBe(false);
  });
});

describe('sortedCounts', () => {
  it('sorts by count descending, ties by code', () => {
    expect(sortedCounts({ B: 2, A: 2, C: 5 })).toEqual([{ code: 'C', count: 5 }, { code: 'A', count: 2 }, { code: 'B', count: 2 }]);
  });
});
