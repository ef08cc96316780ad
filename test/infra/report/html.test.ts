import { describe, expect, it } from 'vitest';
import { computeStats } from '../../../src/domain/stats/compute.js';
import { reportCharts } from '../../../src/infra/report/charts.js';
import { renderReport } from '../../../src/infra/report/html.js';
import { sampleResult } from './sample-result.js';

const result = sampleResult();
const html = renderReport(result, computeStats(result));

function embeddedData(page: string): { charts: Record<string, { type: string; data: { labels: string[]; datasets: { data: number[]; backgroundColor?: unknown }[] }; options?: { indexAxis?: string; scales?: { x?: { type?: string } } } }> } {
  const m = /<script type="application\/json" id="thetis-data">([\s\S]*?)<\/script>/.exec(page);
  if (!m?.[1]) throw new Error('no data script');
  return JSON.parse(m[1]);
}

describe('renderReport', () => {
  it('has a canvas and a chart config for every chart', () => {
    const { charts } = embeddedData(html);
    const ids = ['equity', 'drawdown', 'exposure', 'trades', 'delta', 'vega', 'gamma', 'theta', 'rejects'];
    expect(Object.keys(charts).sort()).toEqual([...ids].sort());
    for (const id of ids) expect(html).toContain(`<canvas id="chart-${id}">`);
    expect(charts.equity?.data.labels[0]).toBe('2025-01-06 09:30');
    expect(charts.equity?.data.datasets[0]?.data).toHaveLength(result.equity.length);
    expect(charts.rejects?.options?.indexAxis).toBe('y');
    expect(charts.rejects?.options?.scales?.x?.type).toBe('logarithmic'); // small counts stay visible beside large ones
  });

  it('colours trade bars green for wins and red for losses', () => {
    const bars = embeddedData(html).charts.trades?.data.datasets[0];
    const colours = bars?.backgroundColor as string[];
    result.trades.forEach((t, i) => expect(colours[i]).toBe(t.pnl >= 0 ? '#16a34a' : '#dc2626'));
  });

  it('has a table row per trade with its entry and exit reasons', () => {
    const rows = html.match(/<tbody>[\s\S]*<\/tbody>/)?.[0].match(/<tr>/g) ?? [];
    expect(rows).toHaveLength(result.trades.length);
    const first = result.trades[0];
    expect(html).toContain(first?.symbol);
    expect(html).toContain('<span class="code">OPTION_TAKE_PROFIT</span>');
    expect(html).toContain('<span class="code">VOLUME_RATIO_OK</span>');
  });

  it('is self-contained: Chart.js inline, nothing loaded from the network', () => {
    expect(html).not.toMatch(/<script[^>]*\ssrc=/i);
    expect(html).not.toMatch(/<link[^>]*href=/i);
    expect(html).toContain('Chart.js v4');
    expect(html.length).toBeGreaterThan(150_000);
  });

  it('escapes a malicious reason, symbol and market name everywhere', () => {
    const evil = '</script><img src=x onerror=alert(1)>';
    const bad = {
      ...sampleResult(2, 1),
      meta: { ...sampleResult(2, 1).meta, market: evil },
      rejectCounts: { [evil]: 1 },
    };
    const trade = bad.trades[0];
    if (!trade) throw new Error('sample has a trade');
    const page = renderReport({ ...bad, trades: [{ ...trade, symbol: evil, exitReasons: [evil] }] }, computeStats(bad));
    expect(page).not.toContain('<img');
    expect(page).toContain('&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(page.match(/<\/script>/g)).toHaveLength(3);
    expect(embeddedData(page).charts.rejects?.data.labels).toEqual([evil]);
  });

  it('shows placeholders instead of empty trade and reject charts', () => {
    const empty = { ...sampleResult(1, 0), rejectCounts: {} };
    const page = renderReport(empty, computeStats(empty));
    expect(page).toContain('No trades.');
    expect(page).toContain('No rejections.');
    expect(Object.keys(reportCharts(empty).configs)).not.toContain('trades');
  });
});
