/** The end-of-run summary: an aligned plain-text table for the terminal, or the same content as JSON. */
import type { BacktestStats } from '../../domain/stats/compute.js';
import { count, duration, fixed, money, orDash, pct } from './format.js';
import type { BacktestMeta, BacktestResult, DecisionCounts } from './result.js';

export interface RejectCount {
  readonly code: string;
  readonly count: number;
}

export interface SummaryJson {
  readonly meta: BacktestMeta;
  readonly stats: BacktestStats;
  readonly decisions: DecisionCounts;
  /** Every reject reason code, most frequent first (ties by code). */
  readonly rejects: readonly RejectCount[];
}

export function sortedRejects(rejectCounts: Readonly<Record<string, number>>): RejectCount[] {
  return Object.entries(rejectCounts)
    .map(([code, n]) => ({ code, count: n }))
    .sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

export function summaryJson(result: BacktestResult, stats: BacktestStats): SummaryJson {
  return { meta: result.meta, stats, decisions: result.decisions, rejects: sortedRejects(result.rejectCounts) };
}

type Row = readonly [label: string, value: string];

/** Headline figures as label/value rows, shared with the HTML report's header. */
export function keyFigures(s: BacktestStats): { readonly performance: Row[]; readonly risk: Row[] } {
  return {
    performance: [
      ['Starting equity', money(s.startingEquity)],
      ['Ending equity', money(s.endingEquity)],
      ['Total return', pct(s.totalReturnPct)],
      ['Net trade P/L', money(s.netPnl)],
      ['Trades', count(s.trades)],
      ['Wins / losses', `${count(s.wins)} / ${count(s.losses)}`],
      ['Win rate', orDash(s.winRate, (x) => pct(x, 1))],
      ['Average win', orDash(s.avgWin, money)],
      ['Average loss', orDash(s.avgLoss, (x) => money(-x))],
      ['Expectancy / trade', orDash(s.expectancy, money)],
      ['Profit factor', orDash(s.profitFactor, fixed)],
    ],
    risk: [
      ['Max drawdown', `${money(s.maxDrawdown)} (${pct(s.maxDrawdownPct)})`],
      ['Sharpe (daily, ann.)', orDash(s.sharpe, fixed)],
      ['Sortino (daily, ann.)', orDash(s.sortino, fixed)],
      ['Trading days', count(s.tradingDays)],
      ['Time in market', pct(s.exposurePct, 1)],
      ['Avg capital at risk', pct(s.avgCapitalAtRiskPct)],
    ],
  };
}

function section(title: string, rows: readonly Row[]): string[] {
  if (rows.length === 0) return [title, '  (none)'];
  const labelWidth = Math.max(...rows.map(([l]) => l.length));
  const valueWidth = Math.max(...rows.map(([, v]) => v.length));
  return [title, ...rows.map(([l, v]) => `  ${l.padEnd(labelWidth)}  ${v.padStart(valueWidth)}`)];
}

export function formatSummary(result: BacktestResult, stats: BacktestStats): string {
  const { meta, decisions, rejects } = summaryJson(result, stats);
  const figures = keyFigures(stats);
  return [
    `Thetis backtest: market ${meta.market} · ${meta.tickers.length} tickers (${meta.tickers.join(' ')}) · ${meta.start} → ${meta.end}`,
    `seed ${meta.seed} · ${count(meta.bars)} bars · ${duration(meta.elapsedMs)} · config ${meta.configDigest}`,
    '',
    ...section('Performance', figures.performance),
    '',
    ...section('Risk', figures.risk),
    '',
    ...section('Decisions', Object.entries(decisions).map(([k, v]): Row => [k, count(v)])),
    '',
    ...section('Reject reasons', rejects.map((r): Row => [r.code, count(r.count)])),
    '',
  ].join('\n');
}
