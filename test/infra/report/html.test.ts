import { describe, expect, it } from 'vitest';
import { computeStats } from '../../../src/domain/stats/compute.js';
import { OccParseError } from '../../../src/domain/values/contract.js';
import { reportCharts } from '../../../src/infra/report/charts.js';
import { renderReport } from '../../../src/infra/report/html.js';
import { handResult, sampleResult } from './sample-result.js';

const result = sampleResult();
const html = renderReport(result, computeStats(result));

function embeddedData(page: string): { charts: Record<string, { type: string; data: { labels: string[]; datasets: { data: number[]; backgroundColor?: unknown }[] }; options?: { indexAxis?: string; scales?: { x?: { type?: string } } } }> } {
  const m = /<script type="application\/json" id="thetis-data">([\s\S]*?)<\/script>/.exec(page);
  if (!m?.[1]) throw new Error('no data script');
  return JSON.parse(m[1]);
}

/** The text of each cell of each body row of the table with this id. */
function tableRows(page: string, id: string): string[][] {
  const table = new RegExp(`<table id="${id}">[\\s\\S]*?<tbody>([\\s\\S]*?)</tbody>`).exec(page)?.[1];
  if (table === undefined) throw new Error(`no table ${id}`);
  return [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => [...(r[1] ?? '').matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1] ?? ''));
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
    const rows = tableRows(html, 'trades');
    expect(rows).toHaveLength(result.trades.length);
    const first = result.trades[0];
    expect(html).toContain(first?.symbol);
    expect(html).toContain('<span class="code">OPTION_TARGET</span>');
    expect(html).toContain('<span class="code">BREAKOUT_CONFIRMED</span>');
  });

  it('is self-contained: Chart.js inline, nothing loaded from the network', () => {
    expect(html).not.toMatch(/<script[^>]*\ssrc=/i);
    expect(html).not.toMatch(/<link[^>]*href=/i);
    expect(html).toContain('Chart.js v4');
    expect(html.length).toBeGreaterThan(150_000);
  });

  it('escapes a malicious reason and market name everywhere, and refuses a symbol that is not an option', () => {
    const evil = '</script><img src=x onerror=alert(1)>';
    const bad = {
      ...sampleResult(2, 1),
      meta: { ...sampleResult(2, 1).meta, market: evil },
      rejectCounts: { [evil]: 1 },
    };
    const trade = bad.trades[0];
    if (!trade) throw new Error('sample has a trade');
    // In the trades table, in the opened-by and closed-by tables, in the reject chart's labels.
    const page = renderReport({ ...bad, trades: [{ ...trade, entryReasons: [evil], exitReasons: [evil] }] }, computeStats(bad));
    expect(page).not.toContain('<img');
    expect(tableRows(page, 'closed-by')).toEqual([['&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;', '1']]);
    expect(page.match(/&lt;\/script&gt;&lt;img src=x onerror=alert\(1\)&gt;/g)).toHaveLength(6); // title, h1, 2 trade cells, 2 rule tables
    expect(page.match(/<\/script>/g)).toHaveLength(3);
    expect(embeddedData(page).charts.rejects?.data.labels).toEqual([evil]);
    // The strategy is read from the OCC symbol: a symbol that is not one never reaches the page.
    expect(() => renderReport({ ...bad, trades: [{ ...trade, symbol: evil }] }, computeStats(bad))).toThrow(OccParseError);
  });

  it('shows placeholders instead of empty trade and reject charts', () => {
    const empty = { ...sampleResult(1, 0), rejectCounts: {} };
    const page = renderReport(empty, computeStats(empty));
    expect(page).toContain('No trades.');
    expect(page).toContain('No rejections.');
    expect(Object.keys(reportCharts(empty).configs)).not.toContain('trades');
  });

  it('has a table of results by strategy and tables of the trades each rule opened and closed', () => {
    // handResult's trades: P/L and reasons summed by hand in sample-result.ts.
    const hand = handResult();
    const page = renderReport(hand, computeStats(hand));
    expect(tableRows(page, 'by-strategy')).toEqual([
      ['Long call', '2', '1', '50.0%', '$47.40', '$23.70'],
      ['Long put', '1', '1', '100.0%', '$58.70', '$58.70'],
      ['Cash-secured put', '1', '1', '100.0%', '$198.70', '$198.70'],
      ['Credit spread', '1', '1', '100.0%', '$77.40', '$77.40'],
      ['Roll', '1', '0', '0.0%', '-$21.30', '-$21.30'],
      ['Delta hedge', '0', '0', '—', '$0.00', '—'],
    ]);
    expect(tableRows(page, 'opened-by').slice(0, 3)).toEqual([['RISK_PCT', '6'], ['BREAKOUT_CONFIRMED', '3'], ['BULLISH_TREND', '2']]);
    expect(tableRows(page, 'opened-by')).toHaveLength(8);
    expect(tableRows(page, 'closed-by')).toEqual([['OPTION_TARGET', '3'], ['OPTION_STOP', '1'], ['SMA20_BREAK', '1'], ['TRAIL_FLOOR_HIT', '1'], ['UNDERLYING_TARGET', '1']]);
    expect(page).toContain('<h2>By strategy</h2>');
  });

  it('shows placeholders instead of empty rule tables', () => {
    const empty = { ...sampleResult(1, 0), rejectCounts: {} };
    const page = renderReport(empty, computeStats(empty));
    expect(tableRows(page, 'by-strategy').map((r) => r[1])).toEqual(['0', '0', '0', '0', '0', '0']);
    expect(page).not.toContain('<table id="opened-by">');
    expect(page).toContain('<h2>Opened by (trades per entry reason)</h2><p class="muted">No trades.</p>');
  });
});
