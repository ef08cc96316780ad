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
      entryReasons: [bullish ? 'BULLISH_TREND' : 'BEARISH_TREND', 'BREAKOUT_CONFIRMED', 'RISK_PCT'],
      exitReasons: [win ? 'OPTION_TARGET' : 'OPTION_STOP'],
    };
  });
  return {
    meta: { seed, market: 'sample', tickers: ['SPY', 'QQQ'], start: '2025-01-06', end: '2025-01-15', bars: days * 390 * 2, elapsedMs: 12_345, configDigest: 'a1b2c3d4' },
    startingEquity: 100_000,
    endingEquity: equity.at(-1)?.equity ?? 100_000,
    trades,
    equity,
    rejectCounts: { SPREAD_TOO_WIDE: 41, LOW_OPEN_INTEREST: 17, CHOP: 88, TOTAL_RISK: 3, PREMIUM_TOO_LOW: 17 },
    decisions: { signals: 160, entries: tradeCount, exits: tradeCount + 3 },
  };
}

const T0 = Date.UTC(2025, 0, 6) + SESSION_OPEN_UTC;

/** A trade of one contract, 1 h long, on fixed dates: the fields the strategy tables do not read. */
function handTrade(i: number, t: Pick<TradeRecord, 'symbol' | 'side' | 'entryPrice' | 'exitPrice' | 'pnl' | 'fees' | 'capitalRisked' | 'entryReasons' | 'exitReasons' | 'legs'>): TradeRecord {
  const underlying = t.symbol.startsWith('SPY') ? 'SPY' : 'QQQ';
  return { positionId: `hand-${i}`, underlying, direction: 'bullish', tradeType: 'swing', qty: 1, entryTs: T0 + i * DAY, exitTs: T0 + i * DAY + 3_600_000, ...t };
}

/**
 * Six trades, one or two per strategy, with P/L worked by hand (one contract = 100 shares):
 *   1 long call  SPY C500  bought 2.00, sold 3.00: +100 − 1.30 fees = +98.70
 *   2 long call  QQQ C400  bought 1.50, sold 1.00:  −50 − 1.30      = −51.30
 *   3 long put   SPY P495  bought 2.50, sold 3.10:  +60 − 1.30      = +58.70
 *   4 cash-secured put SPY P480  sold 4.00, bought back 2.00: +200 − 1.30 = +198.70
 *   5 roll (a long call rolled up) SPY C510  bought 1.80, sold 1.60: −20 − 1.30 = −21.30
 *   6 credit spread QQQ P380/P375  sold for 1.20, bought back 0.40: +80 − 2.60 (two legs) = +77.40
 */
export function handTrades(): TradeRecord[] {
  return [
    handTrade(1, { symbol: 'SPY250117C00500000', side: 'long', entryPrice: 2, exitPrice: 3, pnl: 98.7, fees: 1.3, capitalRisked: 200, entryReasons: ['BULLISH_TREND', 'BREAKOUT_CONFIRMED', 'IV_RANK_UNKNOWN', 'SENTIMENT_NONE', 'RISK_PCT'], exitReasons: ['UNDERLYING_TARGET', 'QUOTE_STALE_FALLBACK'] }),
    handTrade(2, { symbol: 'QQQ250117C00400000', side: 'long', entryPrice: 1.5, exitPrice: 1, pnl: -51.3, fees: 1.3, capitalRisked: 150, entryReasons: ['BULLISH_TREND', 'BREAKOUT_CONFIRMED', 'RISK_PCT', 'HARD_CAP'], exitReasons: ['OPTION_STOP'] }),
    handTrade(3, { symbol: 'SPY250117P00495000', side: 'long', entryPrice: 2.5, exitPrice: 3.1, pnl: 58.7, fees: 1.3, capitalRisked: 250, entryReasons: ['BEARISH_TREND', 'BREAKOUT_CONFIRMED', 'RISK_PCT'], exitReasons: ['OPTION_TARGET', 'TRAIL_FLOOR_HIT'] }),
    handTrade(4, { symbol: 'SPY250221P00480000', side: 'short', entryPrice: 4, exitPrice: 2, pnl: 198.7, fees: 1.3, capitalRisked: 47_600, entryReasons: ['OPTIONS_RICH', 'RISK_PCT'], exitReasons: ['OPTION_TARGET'] }),
    handTrade(5, { symbol: 'SPY250221C00510000', side: 'long', entryPrice: 1.8, exitPrice: 1.6, pnl: -21.3, fees: 1.3, capitalRisked: 180, entryReasons: ['LONG_PROFIT_TARGET', 'RISK_PCT'], exitReasons: ['SMA20_BREAK'] }),
    handTrade(6, {
      symbol: 'QQQ250221P00380000',
      side: 'short',
      entryPrice: 1.2,
      exitPrice: 0.4,
      pnl: 77.4,
      fees: 2.6,
      capitalRisked: 380,
      legs: [{ symbol: 'QQQ250221P00380000', side: 'short' }, { symbol: 'QQQ250221P00375000', side: 'long' }],
      entryReasons: ['IV_RANK_HIGH', 'RISK_PCT'],
      exitReasons: ['OPTION_TARGET'],
    }),
  ];
}

/** sampleResult with the hand-worked trades in place of the generated ones. */
export function handResult(): BacktestResult {
  const trades = handTrades();
  return { ...sampleResult(), trades, decisions: { signals: 160, entries: trades.length, exits: trades.length } };
}
