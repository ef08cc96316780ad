import type { DecisionEvent, DecisionKind, DecisionSink } from '../../actors/ports/decision-sink.js';
import type { TradeSink } from '../../actors/ports/trade-sink.js';
import { isShares } from '../../domain/values/order.js';
import type { TradeRecord } from '../../domain/values/trade.js';

/** Counts decisions and rejection reasons and keeps the round trips of a backtest. */
export class BacktestRecorder implements DecisionSink, TradeSink {
  readonly trades: TradeRecord[] = [];
  readonly approved: Partial<Record<DecisionKind, number>> = {};
  /** Share orders sent by the delta hedge (an order or exit decision on the ticker itself): not counted as entries or exits. */
  hedgeOrders = 0;
  /** Per reason code, a counter. */
  private readonly rejects = new Map<string, { n: number }>();
  /** The counters of each shared (frozen) list of reasons seen. */
  private readonly shared = new WeakMap<readonly string[], readonly { n: number }[]>();

  /** How many times each reason code rejected something, in order of first appearance. */
  get rejectCounts(): Record<string, number> {
    return Object.fromEntries([...this.rejects].map(([reason, c]) => [reason, c.n]));
  }

  record(x: DecisionEvent | TradeRecord): void {
    if (!('kind' in x)) {
      this.trades.push(x);
      return;
    }
    if (x.ok && (x.kind === 'order' || x.kind === 'exit') && x.symbol !== undefined && isShares({ symbol: x.symbol, underlying: x.underlying })) this.hedgeOrders += 1;
    else if (x.ok) this.approved[x.kind] = (this.approved[x.kind] ?? 0) + 1;
    else for (const c of this.countersOf(x.reasons)) c.n += 1;
  }

  /**
   * The counters of a rejection's reasons. A shared list (frozen: a bar's signal denial is one of a
   * few) keeps its counters: one lookup per rejected bar, not one per reason.
   */
  private countersOf(reasons: readonly string[]): readonly { n: number }[] {
    const known = this.shared.get(reasons);
    if (known !== undefined) return known;
    const counters = reasons.map((r) => {
      let c = this.rejects.get(r);
      if (c === undefined) this.rejects.set(r, (c = { n: 0 }));
      return c;
    });
    if (Object.isFrozen(reasons)) this.shared.set(reasons, counters);
    return counters;
  }
}
