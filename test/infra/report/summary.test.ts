import { describe, expect, it } from 'vitest';
import { computeStats } from '../../../src/domain/stats/compute.js';
import { formatSummary, sortedRejects, summaryJson } from '../../../src/infra/report/summary.js';
import { sampleResult } from './sample-result.js';

const result = sampleResult();
const stats = computeStats(result);

describe('formatSummary', () => {
  const text = formatSummary(result, stats);

  it('lists every reject reason code with its count, most frequent first', () => {
    const lines = text.split('\n');
    const start = lines.indexOf('Reject reasons');
    const rows = lines.slice(start + 1).filter((l) => l.trim() !== '');
    expect(rows.map((l) => l.trim().split(/\s+/))).toEqual([
      ['CHOP_FILTER', '88'],
      ['SPREAD_TOO_WIDE', '41'],
      ['OPEN_INTEREST_TOO_LOW', '17'],
      ['PREMIUM_TOO_LOW', '17'],
      ['RISK_BUDGET_EXCEEDED', '3'],
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
    expect(json.rejects.map((r) => r.code)).toEqual(['CHOP_FILTER', 'SPREAD_TOO_WIDE', 'OPEN_INTEREST_TOO_LOW', 'PREMIUM_TOO_LOW', 'RISK_BUDGET_EXCEEDED']);
    expect(json.stats.trades).toBe(result.trades.length);
    expect(json.meta.configDigest).toBe('a1b2c3d4');
    expect(json.decisions).toEqual({ signals: 160, entries: 14, exits: 17 });
  });

  it('sorts ties by code', () => {
    expect(sortedRejects({ B: 2, A: 2, C: 5 })).toEqual([{ code: 'C', count: 5 }, { code: 'A', count: 2 }, { code: 'B', count: 2 }]);
  });
});
