export type { BacktestMeta, BacktestResult, DecisionCounts, EquityPoint, TradeRecord } from './result.js';
export { formatSummary, summaryJson, type SummaryJson } from './summary.js';
export { renderReport } from './html.js';
export { writeKellyStats, writeReport } from './files.js';
