import { describe, expect, it } from 'vitest';
import { computeStats } from '../../../src/domain/stats/compute.js';
import { formatSummary, summaryJson } from '../../../src/infra/report/summary.js';
import { handResult, sampleResult } from './sample-result.js';

const result = sampleResult();
const stats = computeStats(result);

describe('formatSummary', () => {
  const text = formatSummary(result, stats);

  it('lists every reject reason code with its count, most frequent first', () => {
    const lines = text.split('\n');
    const start = lines.indexOf('Reject reasons');
    const rows = lines.slice(start + 1).filter((l) => l.trim() !== '');
    expect(rows.map((l) => l.trim().split(/\s+/))).toEqual([
      ['CHOP', '88'],
      ['SPREAD_TOO_WIDE', '41'],
      ['LOW_OPEN_INTEREST', '17'],
      ['PREMIUM_TOO_LOW', '17'],
      ['TOTAL_RISK', '3'],
    ]);
  });

  it('shows the key figures and run metadata', () => {
    expect(text).toContain('market sample · 2 tickers (SPY QQQ) · 2025-01-06 → 2025-01-15');
    expect(text).toContain('seed 7 · 7,800 bars · 12.3 s · config a1b2c3d4');
    expect(text).toMatch(/Starting equity\s+\$100,000\.00/);
    expect(text).toMatch(new RegExp(`Trades\\s+${stats.trades}\\n`));
    expect(text).toMatch(/Win rate\s+50\.0%/);
    expect(text).toMatch(new RegExp(`Sharpe \\(daily, ann\\.\\)\\s+${stats.sharpe?.toFixed(2)}`));
    expect(text).toMatch(/Max drawdown\s+\$[\d,.]+ \([\d.]+%\)/);
    expect(text).toMatch(/signals\s+160/);
  });

  it('right-aligns the values of a section', () => {
    const risk = text.split('\n\n').find((s) => s.startsWith('Risk'))?.split('\n').slice(1) ?? [];
    expect(new Set(risk.map((l) => l.length)).size).toBe(1);
  });

  it('shows dashes, not NaN or Infinity, for a run without trades', () => {
    const empty = { ...result, trades: [], rejectCounts: {} };
    const out = formatSummary(empty, computeStats(empty));
    expect(out).toMatch(/Win rate\s+—/);
    expect(out).toMatch(/Profit factor\s+—/);
    expect(out).toContain('Reject reasons\n  (none)');
    expect(out).not.toMatch(/NaN|Infinity/);
  });
});

describe('summaryJson', () => {
  it('holds the same content and survives a JSON round trip', () => {
    const json = summaryJson(result, stats);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    expect(json.rejects.map((r) => r.code)).toEqual(['CHOP', 'SPREAD_TOO_WIDE', 'LOW_OPEN_INTEREST', 'PREMIUM_TOO_LOW', 'TOTAL_RISK']);
    expect(json.stats.trades).toBe(result.trades.length);
    expect(json.meta.configDigest).toBe('a1b2c3d4');
    expect(json.decisions).toEqual({ signals: 160, entries: 14, exits: 17 });
  });
});

/** The hand-worked trades of handResult (sample-result.ts): their P/L and reasons are summed there. */
describe('results by strategy and by rule', () => {
  const hand = handResult();
  const text = formatSummary(hand, computeStats(hand));
  const block = (title: string) => text.split('\n\n').find((s) => s.startsWith(title))?.split('\n').slice(1).map((l) => l.trim().split(/\s{2,}/)) ?? [];

  it('prints a row per strategy: trades, wins, win rate, P/L and average P/L', () => {
    expect(block('By strategy')).toEqual([
      ['Strategy', 'Trades', 'Wins', 'Win rate', 'P/L', 'Avg P/L'],
      // 98.70 − 51.30 = 47.40 over 2 trades = 23.70; 1 win of 2.
      ['Long call', '2', '1', '50.0%', '$47.40', '$23.70'],
      ['Long put', '1', '1', '100.0%', '$58.70', '$58.70'],
      ['Cash-secured put', '1', '1', '100.0%', '$198.70', '$198.70'],
      ['Credit spread', '1', '1', '100.0%', '$77.40', '$77.40'],
      ['Roll', '1', '0', '0.0%', '-$21.30', '-$21.30'],
      ['Delta hedge', '0', '0', '—', '$0.00', '—'],
    ]);
  });

  it('says how many trades each rule opened and closed, most first, informational codes left out', () => {
    expect(block('Opened by')).toEqual([
      ['RISK_PCT', '6'],
      ['BREAKOUT_CONFIRMED', '3'],
      ['BULLISH_TREND', '2'],
      ['BEARISH_TREND', '1'],
      ['HARD_CAP', '1'],
      ['IV_RANK_HIGH', '1'],
      ['LONG_PROFIT_TARGET', '1'],
      ['OPTIONS_RICH', '1'],
    ]);
    // Left out, as they decided nothing: trade 1's IV_RANK_UNKNOWN and SENTIMENT_NONE (opened) and QUOTE_STALE_FALLBACK (closed).
    expect(block('Closed by')).toEqual([
      ['OPTION_TARGET', '3'],
      ['OPTION_STOP', '1'],
      ['SMA20_BREAK', '1'],
      ['TRAIL_FLOOR_HIT', '1'],
      ['UNDERLYING_TARGET', '1'],
    ]);
  });

  it('shows every strategy with zeros and no rules for a run without trades', () => {
    const empty = { ...hand, trades: [] };
    const out = formatSummary(empty, computeStats(empty));
    expect(out).toMatch(/Credit spread\s+0\s+0\s+—\s+\$0\.00\s+—/);
    expect(out).toContain('Opened by (trades per entry reason)\n  (none)');
    expect(out).toContain('Closed by (trades per exit reason)\n  (none)');
  });

  it('the JSON carries the same breakdown under byStrategy and byRule, the other fields unchanged', () => {
    const json = summaryJson(hand, computeStats(hand));
    expect(Object.keys(json)).toEqual(['meta', 'stats', 'decisions', 'rejects', 'byStrategy', 'byRule']);
    expect(json.byStrategy.long_call).toMatchObject({ trades: 2, wins: 1, winRate: 0.5 });
    expect(json.byStrategy.long_call.pnl).toBeCloseTo(47.4, 9);
    expect(json.byStrategy.credit_spread).toEqual({ trades: 1, wins: 1, winRate: 1, pnl: 77.4, avgPnl: 77.4 });
    expect(json.byStrategy.roll).toEqual({ trades: 1, wins: 0, winRate: 0, pnl: -21.3, avgPnl: -21.3 });
    expect(json.byRule.opened[0]).toEqual({ code: 'RISK_PCT', count: 6 });
    expect(json.byRule.closed[0]).toEqual({ code: 'OPTION_TARGET', count: 3 });
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});
