/** Where every decision and its reasons go: counted in backtests, logged and stored live. */
export type DecisionKind = 'bar' | 'signal' | 'selection' | 'sizing' | 'risk' | 'order' | 'execution' | 'exit' | 'roll' | 'supervision';

export interface DecisionEvent {
  readonly ts: number;
  readonly correlationId: string;
  readonly kind: DecisionKind;
  readonly ok: boolean;
  readonly underlying: string;
  readonly symbol?: string;
  readonly reasons: readonly string[];
}

export interface DecisionSink {
  record(event: DecisionEvent): void;
}

/** Counts reason codes of denials (and keeps nothing else). */
export class ReasonCounter implements DecisionSink {
  readonly counts = new Map<string, number>();
  readonly byKind = new Map<DecisionKind, { ok: number; denied: number }>();

  record(event: DecisionEvent): void {
    const k = this.byKind.get(event.kind) ?? { ok: 0, denied: 0 };
    if (event.ok) k.ok++;
    else {
      k.denied++;
      for (const r of event.reasons) this.counts.set(r, (this.counts.get(r) ?? 0) + 1);
    }
    this.byKind.set(event.kind, k);
  }
}
