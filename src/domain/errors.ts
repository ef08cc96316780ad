/**
 * Broken input at the domain's edge. `code` is stable and machine-readable;
 * `field` names the offending input where there is one.
 */
export class DomainError extends Error {
  override readonly name: string = 'DomainError';
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
