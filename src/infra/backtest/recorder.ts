import type { DecisionEvent, DecisionKind, DecisionSink } from '../../actors/ports/decision-sink.js';
import type { TradeSink } from '../../actors/ports/trade-sink.js';
import type { TradeRecord } from '../../domain/values/trade.js';

/** Counts decisions and rejection reasons and keeps the round trips of a backtest. */
export class BacktestRecorder implements DecisionSink, TradeSink {
  readonly trades: TradeRecord[] = [];
  readonly approved: Partial<Record<DecisionKind, number>> = {};
  /** Per reason code, a counter: one lookup per reason of every rejected bar. */
  private readonly rejects = new Map<string, { n: number }>();

  /** How many times each reason code rejected something, in order of first appearance. */
  get rejectCounts(): Record<string, number> {
    return Object.fromEntries([...this.rejects].map(([reason, c]) => [reason, c.n]));
  }

  record(x: DecisionEvent | TradeRecord): void {
    if (!('kind' in x)) {
      this.trades.push(x);
      return;
    }
    if (x.ok) this.approved[x.kind] = (this.approved[x.kind] ?? 0) + 1;
    else
      // Indexed: a for-of over a frozen array (a shared denial's reasons) allocates per step.
      for (let i = 0; i < x.reasons.length; i += 1) {
        const r = x.reasons[i] as string;
        const c = this.rejects.get(r);
        if (c === undefined) this.rejects.set(r, { n: 1 });
        else c.n += 1;
      }
  }
}
