/** Where every decision and its reasons go: counted in backtests, logged and stored live. */
export type DecisionKind = 'bar' | 'signal' | 'selection' | 'sizing' | 'risk' | 'order' | 'execution' | 'exit' | 'roll' | 'supervision';

/** A decision and its reasons. Read its fields (an event may compute one when read, e.g. a bar's correlation id); serialise it with JSON. */
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
