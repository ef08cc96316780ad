import type { DecisionEvent, DecisionKind, DecisionSink } from '../../actors/ports/decision-sink.js';
import type { TradeSink } from '../../actors/ports/trade-sink.js';
import type { TradeRecord } from '../../domain/values/trade.js';

/** Counts decisions and rejection reasons and keeps the round trips of a backtest. */
export class BacktestRecorder implements DecisionSink, TradeSink {
  readonly trades: TradeRecord[] = [];
  readonly rejectCounts: Record<string, number> = {};
  readonly approved: Partial<Record<DecisionKind, number>> = {};

  record(x: DecisionEvent | TradeRecord): void {
    if (!('kind' in x)) {
      this.trades.push(x);
      return;
    }
    if (x.ok) this.approved[x.kind] = (this.approved[x.kind] ?? 0) + 1;
    else for (const r of x.reasons) this.rejectCounts[r] = (this.rejectCounts[r] ?? 0) + 1;
  }
}
