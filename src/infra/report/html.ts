/** The self-contained HTML report: Chart.js inlined, data in a JSON script tag, no network. */
import type { BacktestStats } from '../../domain/stats/compute.js';
import type { CodeCount } from '../../domain/stats/counts.js';
import { chartJsSource } from './chartjs.js';
import { reportCharts } from './charts.js';
import { escapeHtml, jsonForScript, scriptSafe } from './escape.js';
import { count, duration, etDateTime, fixed, money, pct } from './format.js';
import type { BacktestResult, TradeRecord } from './result.js';
import { REPORT_CSS } from './style.js';
import { keyFigures, STRATEGY_HEAD, strategyRows, summaryJson } from './summary.js';

const BOOT = `const data = JSON.parse(document.getElementById('thetis-data').textContent);
for (const [id, config] of Object.entries(data.charts)) new Chart(document.getElementById('chart-' + id), config);`;

const e = escapeHtml;

function card(label: string, value: string): string {
  return `<div class="card"><div class="label">${e(label)}</div><div class="value">${e(value)}</div></div>`;
}

function chart(id: string, title: string, extraClass = '', height?: number): string {
  const style = height === undefined ? '' : ` style="height:${height}px"`;
  return `<section class="panel ${extraClass}"><h2>${e(title)}</h2><div class="chart"${style}><canvas id="chart-${id}"></canvas></div></section>`;
}

function empty(title: string, text: string): string {
  return `<section class="panel"><h2>${e(title)}</h2><p class="muted">${e(text)}</p></section>`;
}

/** A table whose first column is text and the others numbers (right-aligned). */
function numberTable(id: string, head: readonly string[], rows: readonly (readonly string[])[]): string {
  const cell = (c: string, i: number) => (i === 0 ? `<td>${e(c)}</td>` : `<td class="num">${e(c)}</td>`);
  const th = head.map((h, i) => (i === 0 ? `<th>${e(h)}</th>` : `<th class="num">${e(h)}</th>`)).join('');
  return `<table id="${id}"><thead><tr>${th}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map(cell).join('')}</tr>`).join('')}</tbody></table>`;
}

function ruleTable(id: string, title: string, counts: readonly CodeCount[]): string {
  if (counts.length === 0) return empty(title, 'No trades.');
  return `<section class="panel"><h2>${e(title)}</h2><div class="scroll">${numberTable(id, ['Reason', 'Trades'], counts.map((c) => [c.code, count(c.count)]))}</div></section>`;
}

const codes = (reasons: readonly string[]): string => reasons.map((r) => `<span class="code">${e(r)}</span>`).join(' ');

function tradeRow(t: TradeRecord, i: number): string {
  const cls = t.pnl >= 0 ? 'win' : 'loss';
  const cells = [
    String(i + 1), t.symbol, t.direction, t.tradeType, t.side, count(t.qty),
    etDateTime(t.entryTs), etDateTime(t.exitTs), fixed(t.entryPrice), fixed(t.exitPrice),
  ].map((c) => `<td>${e(c)}</td>`);
  const ret = t.capitalRisked > 0 ? pct(t.pnl / t.capitalRisked, 1) : '—';
  return `<tr>${cells.join('')}<td class="${cls}">${e(money(t.pnl))}</td><td class="${cls}">${e(ret)}</td><td>${e(money(t.fees))}</td><td class="reasons">${codes(t.entryReasons)}</td><td class="reasons">${codes(t.exitReasons)}</td></tr>`;
}

function tradesTable(trades: readonly TradeRecord[]): string {
  if (trades.length === 0) return empty('Trades', 'No trades.');
  const head = ['#', 'Symbol', 'Direction', 'Type', 'Side', 'Qty', 'Entry (ET)', 'Exit (ET)', 'Entry', 'Exit', 'P/L', 'Return', 'Fees', 'Entry reasons', 'Exit reasons'];
  return `<section class="panel wide"><h2>Trades (${trades.length})</h2><div class="scroll"><table id="trades"><thead><tr>${head.map((h) => `<th>${e(h)}</th>`).join('')}</tr></thead><tbody>${trades.map(tradeRow).join('')}</tbody></table></div></section>`;
}

export function renderReport(result: BacktestResult, stats: BacktestStats): string {
  const { meta } = result;
  const charts = reportCharts(result);
  const figures = keyFigures(stats);
  const { byStrategy, byRule } = summaryJson(result, stats);
  const decisions = Object.entries(result.decisions).map(([k, v]) => card(k, count(v)));
  const rejectCount = Object.keys(result.rejectCounts).length;
  const title = `Thetis backtest: ${meta.market} ${meta.start} → ${meta.end}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title><style>${REPORT_CSS}</style></head>
<body><header><h1>${e(title)}</h1>
<p class="muted">${e(`${meta.tickers.join(', ')} · seed ${meta.seed} · ${count(meta.bars)} bars · ran in ${duration(meta.elapsedMs)} · config ${meta.configDigest}`)}</p></header>
<main>
<section class="panel wide"><h2>Performance</h2><div class="cards">${figures.performance.map(([l, v]) => card(l, v)).join('')}</div>
<h2>Risk</h2><div class="cards">${figures.risk.map(([l, v]) => card(l, v)).join('')}</div>
<h2>Decisions</h2><div class="cards">${decisions.join('')}</div></section>
<section class="panel wide"><h2>By strategy</h2><div class="scroll">${numberTable('by-strategy', STRATEGY_HEAD, strategyRows(byStrategy))}</div></section>
${ruleTable('opened-by', 'Opened by (trades per entry reason)', byRule.opened)}
${ruleTable('closed-by', 'Closed by (trades per exit reason)', byRule.closed)}
${chart('equity', 'Equity', 'wide')}
${chart('drawdown', `Drawdown (max ${money(stats.maxDrawdown)}, ${pct(stats.maxDrawdownPct)})`)}
${chart('exposure', `Capital at risk (time in market ${pct(stats.exposurePct, 1)})`)}
${charts.configs.trades ? chart('trades', 'P/L per trade', 'wide') : empty('P/L per trade', 'No trades.')}
${charts.greekTitles.map((g) => chart(g.id, g.title, 'small')).join('\n')}
${charts.configs.rejects ? chart('rejects', 'Reject reasons', 'wide', 60 + 22 * rejectCount) : empty('Reject reasons', 'No rejections.')}
${tradesTable(result.trades)}
</main>
<script type="application/json" id="thetis-data">${jsonForScript({ charts: charts.configs })}</script>
<script>${scriptSafe(chartJsSource())}</script>
<script>${BOOT}</script>
</body></html>
`;
}
