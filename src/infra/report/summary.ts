/** The end-of-run summary: an aligned plain-text table for the terminal, or the same content as JSON. */
import type { BacktestStats } from '../../domain/stats/compute.js';
import { type CodeCount, type RuleCounts, ruleCounts, sortedCounts } from '../../domain/stats/counts.js';
import { statsByStrategy, type StrategyStats } from '../../domain/stats/strategy.js';
import { STRATEGIES, type Strategy } from '../../domain/values/strategy.js';
import { count, duration, fixed, money, orDash, pct } from './format.js';
import type { BacktestMeta, BacktestResult, DecisionCounts } from './result.js';

export interface SummaryJson {
  readonly meta: BacktestMeta;
  readonly stats: BacktestStats;
  readonly decisions: DecisionCounts;
  /** Every reject reason code, most frequent first (ties by code). */
  readonly rejects: readonly CodeCount[];
  /** Trades, wins, win rate, P/L and average P/L of each strategy (every strategy, zeros when it made no trade). */
  readonly byStrategy: Readonly<Record<Strategy, StrategyStats>>;
  /** How many trades each entry reason code opened and each exit reason code closed, most first. */
  readonly byRule: RuleCounts;
}

export function summaryJson(result: BacktestResult, stats: BacktestStats): SummaryJson {
  return {
    meta: result.meta,
    stats,
    decisions: result.decisions,
    rejects: sortedCounts(result.rejectCounts),
    byStrategy: statsByStrategy(result.trades),
    byRule: ruleCounts(result.trades),
  };
}

const STRATEGY_LABELS: Readonly<Record<Strategy, string>> = {
  long_call: 'Long call',
  long_put: 'Long put',
  cash_secured_put: 'Cash-secured put',
  credit_spread: 'Credit spread',
  roll: 'Roll',
  delta_hedge: 'Delta hedge',
};

/** Column heads and one row of cells per strategy, shared with the HTML report. */
export const STRATEGY_HEAD = ['Strategy', 'Trades', 'Wins', 'Win rate', 'P/L', 'Avg P/L'] as const;

export function strategyRows(byStrategy: Readonly<Record<Strategy, StrategyStats>>): string[][] {
  return STRATEGIES.map((k) => {
    const s = byStrategy[k];
    return [STRATEGY_LABELS[k], count(s.trades), count(s.wins), orDash(s.winRate, (x) => pct(x, 1)), money(s.pnl), orDash(s.avgPnl, money)];
  });
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

/** A table with a head row: the first column left-aligned, the others right-aligned. */
function table(title: string, head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const all = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]) => `  ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ')}`;
  return [title, ...all.map(line)];
}

function section(title: string, rows: readonly Row[]): string[] {
  if (rows.length === 0) return [title, '  (none)'];
  const labelWidth = Math.max(...rows.map(([l]) => l.length));
  const valueWidth = Math.max(...rows.map(([, v]) => v.length));
  return [title, ...rows.map(([l, v]) => `  ${l.padEnd(labelWidth)}  ${v.padStart(valueWidth)}`)];
}

export function formatSummary(result: BacktestResult, stats: BacktestStats): string {
  const { meta, decisions, rejects, byStrategy, byRule } = summaryJson(result, stats);
  const codeRows = (counts: readonly CodeCount[]) => counts.map((r): Row => [r.code, count(r.count)]);
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
    ...table('By strategy', STRATEGY_HEAD, strategyRows(byStrategy)),
    '',
    ...section('Opened by (trades per entry reason)', codeRows(byRule.opened)),
    '',
    ...section('Closed by (trades per exit reason)', codeRows(byRule.closed)),
    '',
    ...section('Reject reasons', codeRows(rejects)),
    '',
  ].join('\n');
}
