/** The report's stylesheet: light, readable, no external fonts. */
export const REPORT_CSS = `
:root { --bg: #f5f7fa; --panel: #fff; --ink: #1e293b; --muted: #64748b; --line: #e2e8f0; --green: #16a34a; --red: #dc2626; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header { padding: 20px 28px 8px; }
h1 { margin: 0 0 4px; font-size: 22px; }
h2 { margin: 0 0 10px; font-size: 15px; font-weight: 600; }
.muted { color: var(--muted); margin: 0; }
main { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 16px; padding: 12px 28px 28px; }
.panel { grid-column: span 2; background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; min-width: 0; }
.panel.wide { grid-column: 1 / -1; }
.panel.small { grid-column: span 1; }
.chart { position: relative; height: 240px; }
.panel.small .chart { height: 170px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(175px, 1fr)); gap: 8px; margin-bottom: 14px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; }
.card .label { color: var(--muted); font-size: 12px; }
.card .value { font-size: 17px; font-weight: 600; font-variant-numeric: tabular-nums; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 12.5px; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); white-space: nowrap; vertical-align: top; }
th { background: #f8fafc; position: sticky; top: 0; }
th.num, td.num { text-align: right; }
td.reasons { white-space: normal; min-width: 170px; }
td.win { color: var(--green); font-weight: 600; }
td.loss { color: var(--red); font-weight: 600; }
.code { display: inline-block; font: 11px ui-monospace, SFMono-Regular, Menlo, monospace; background: #eef2ff; color: #3730a3; border-radius: 4px; padding: 1px 5px; margin: 1px 0; }
@media (max-width: 900px) { main { grid-template-columns: 1fr 1fr; } .panel { grid-column: 1 / -1; } }
`;
