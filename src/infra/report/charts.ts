/**
 * Chart.js configurations for the HTML report, as plain JSON (no callbacks), so they can be
 * embedded as data. X axes are category labels (ET date-times): no date adapter is needed.
 */
import type { ChartConfiguration } from 'chart.js';
import { sortedCounts } from '../../domain/stats/counts.js';
import { drawdownSeries } from '../../domain/stats/drawdown.js';
import { etDateTime } from './format.js';
import type { BacktestResult, EquityPoint } from './result.js';

export const COLORS = { blue: '#2563eb', green: '#16a34a', red: '#dc2626', amber: '#d97706', violet: '#7c3aed', slate: '#475569', teal: '#0d9488' } as const;

type Config = ChartConfiguration<'line' | 'bar', number[], string>;

const round = (x: number, digits = 4): number => Number(x.toFixed(digits));

function baseOptions(yTitle: string, maxTicks = 8): NonNullable<Config['options']> {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    interaction: { mode: 'index', intersect: false },
    elements: { point: { radius: 0 }, line: { borderWidth: 1.5 } },
    plugins: { legend: { display: false } },
    scales: {
      x: { ticks: { maxTicksLimit: maxTicks, maxRotation: 0, autoSkip: true } },
      y: { title: { display: true, text: yTitle } },
    },
  };
}

/** maxTicks keeps x labels apart: 8 on a full-width chart, 4 on a half, 2 on a quarter. */
function lineChart(labels: string[], label: string, data: number[], color: string, yTitle: string, maxTicks: number, fill = false): Config {
  return {
    type: 'line',
    data: { labels, datasets: [{ label, data, borderColor: color, backgroundColor: `${color}33`, fill }] },
    options: baseOptions(yTitle, maxTicks),
  };
}

type GreekKey = keyof Pick<EquityPoint, 'netDeltaShares' | 'netVega' | 'netGamma' | 'netTheta'>;

const GREEKS: readonly { key: GreekKey; id: string; title: string; color: string }[] = [
  { key: 'netDeltaShares', id: 'delta', title: 'Net delta (shares)', color: COLORS.blue },
  { key: 'netVega', id: 'vega', title: 'Net vega ($ per vol pt)', color: COLORS.violet },
  { key: 'netGamma', id: 'gamma', title: 'Net gamma', color: COLORS.teal },
  { key: 'netTheta', id: 'theta', title: 'Net theta ($ per day)', color: COLORS.amber },
];

export interface ReportCharts {
  /** Canvas id → Chart.js config; trade and reject charts are absent when there is nothing to plot. */
  readonly configs: Readonly<Record<string, Config>>;
  readonly greekTitles: readonly { readonly id: string; readonly title: string }[];
}

export function reportCharts(result: BacktestResult): ReportCharts {
  const points = result.equity;
  const labels = points.map((p) => etDateTime(p.ts));
  const configs: Record<string, Config> = {
    equity: lineChart(labels, 'Equity', points.map((p) => round(p.equity, 2)), COLORS.blue, 'Equity ($)', 8, true),
    drawdown: lineChart(labels, 'Drawdown', drawdownSeries(result.startingEquity, points).map((d) => round(-d.drawdownPct * 100)), COLORS.red, 'Drawdown (%)', 4, true),
    exposure: lineChart(labels, 'Capital at risk', points.map((p) => round((p.capitalAtRisk / p.equity) * 100)), COLORS.slate, 'Capital at risk (% of equity)', 4, true),
  };
  for (const g of GREEKS) configs[g.id] = lineChart(labels, g.title, points.map((p) => round(p[g.key])), g.color, g.title, 2);
  if (result.trades.length > 0) {
    const pnl = result.trades.map((t) => round(t.pnl, 2));
    configs.trades = {
      type: 'bar',
      data: {
        labels: result.trades.map((t, i) => `#${i + 1} ${t.symbol}`),
        datasets: [{ label: 'P/L ($)', data: pnl, backgroundColor: pnl.map((x) => (x >= 0 ? COLORS.green : COLORS.red)) }],
      },
      options: { ...baseOptions('P/L ($)'), interaction: { mode: 'nearest', intersect: true } },
    };
  }
  const rejects = sortedCounts(result.rejectCounts);
  if (rejects.length > 0) {
    configs.rejects = {
      type: 'bar',
      data: { labels: rejects.map((r) => r.code), datasets: [{ label: 'Rejections', data: rejects.map((r) => r.count), backgroundColor: COLORS.amber }] },
      // Log scale: a rule that rejected 11 bars sits beside one that rejected 140,000, and both show.
      options: { ...baseOptions(''), indexAxis: 'y', interaction: { mode: 'nearest', intersect: true }, scales: { x: { type: 'logarithmic', ticks: { maxRotation: 0, autoSkipPadding: 16 }, title: { display: true, text: 'count (log scale)' } } } },
    };
  }
  return { configs, greekTitles: GREEKS.map(({ id, title }) => ({ id, title })) };
}
