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
