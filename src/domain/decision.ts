/**
 * Every decision in Thetis returns its reasons: stable, machine-readable codes.
 * An approval may carry informational reasons too (why it was approved, what was adjusted).
 */
export type Decision<T, R extends string = string> =
  | { readonly ok: true; readonly value: T; readonly reasons: readonly R[] }
  | { readonly ok: false; readonly reasons: readonly R[] };

export function approve<T, R extends string = never>(value: T, reasons: readonly R[] = []): Decision<T, R> {
  return { ok: true, value, reasons };
}

export function deny<R extends string>(reasons: readonly [R, ...R[]] | readonly R[]): Decision<never, R> {
  if (reasons.length === 0) throw new Error('deny() needs at least one reason');
  return { ok: false, reasons };
}
