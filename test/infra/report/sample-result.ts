/** A deterministic, realistic-looking BacktestResult for report tests and screenshots. */
import type { BacktestResult, EquityPoint, TradeRecord } from '../../../src/infra/report/result.js';

const DAY = 86_400_000;
const SESSION_OPEN_UTC = 14.5 * 3_600_000; // 09:30 ET in winter
const FIFTEEN_MIN = 900_000;

/** A small linear congruential generator so the sample is the same on every run. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

export function sampleResult(days = 10, tradeCount = 14, seed = 7): BacktestResult {
  const rnd = lcg(seed);
  const start = Date.UTC(2025, 0, 6);
  const equity: EquityPoint[] = [];
  let eq = 100_000;
  for (let d = 0; d < days; d++) {
    for (let k = 0; k <= 26; k++) {
      eq += (rnd() - 0.47) * 250;
      const open = k % 9 < 5 ? 1 + Math.floor(rnd() * 2) : 0;
      const risk = open * (800 + rnd() * 700);
      equity.push({
        ts: start + d * DAY + SESSION_OPEN_UTC + k * FIFTEEN_MIN,
        equity: Math.round(eq * 100) / 100,
        cash: Math.round((eq - risk) * 100) / 100,
        capitalAtRisk: risk,
        netDeltaShares: open * (rnd() - 0.4) * 120,
        netVega: open * rnd() * 40,
        netGamma: open * rnd() * 6,
        netTheta: -open * rnd() * 30,
        openPositions: open,
      });
    }
  }
  const trades: TradeRecord[] = Array.from({ length: tradeCount }, (_, i) => {
    const entryTs = start + Math.floor((i * days) / tradeCount) * DAY + SESSION_OPEN_UTC + 3_600_000;
    const entryPrice = Math.round((1 + rnd() * 3) * 100) / 100;
    const exitPrice = Math.round(entryPrice * (0.65 + rnd() * 0.8) * 100) / 100;
    const qty = 1 + Math.floor(rnd() * 4);
    const bullish = rnd() > 0.4;
    const win = exitPrice > entryPrice;
    return {
      positionId: `pos-${i + 1}`,
      underlying: i % 2 === 0 ? 'SPY' : 'QQQ',
      symbol: `${i % 2 === 0 ? 'SPY' : 'QQQ'}250117${bullish ? 'C' : 'P'}00${500 + i}000`,
      direction: bullish ? 'bullish' : 'bearish',
      tradeType: i % 3 === 0 ? 'swing' : 'day',
      side: 'long',
      qty,
      entryTs,
      exitTs: entryTs + 2 * 3_600_000,
      entryPrice,
      exitPrice,
      pnl: Math.round(((exitPrice - entryPrice) * qty * 100 - 1.3 * qty) * 100) / 100,
      fees: 1.3 * qty,
      capitalRisked: entryPrice * qty * 100,
      entryReasons: [bullish ? 'RET_5M_UP' : 'RET_5M_DOWN', 'VOLUME_RATIO_OK', 'DELTA_IN_BAND'],
      exitReasons: [win ? 'OPTION_TAKE_PROFIT' : 'OPTION_STOP_LOSS'],
    };
  });
  return {
    meta: { seed, market: 'sample', tickers: ['SPY', 'QQQ'], start: '2025-01-06', end: '2025-01-15', bars: days * 390 * 2, elapsedMs: 12_345, configDigest: 'a1b2c3d4' },
    startingEquity: 100_000,
    endingEquity: equity.at(-1)?.equity ?? 100_000,
    trades,
    equity,
    rejectCounts: { SPREAD_TOO_WIDE: 41, OPEN_INTEREST_TOO_LOW: 17, CHOP_FILTER: 88, RISK_BUDGET_EXCEEDED: 3, PREMIUM_TOO_LOW: 17 },
    decisions: { signals: 160, entries: tradeCount, exits: tradeCount + 3 },
  };
}
