/** A wire value that does not make sense for Thetis (fractional contracts, a sub-penny limit, a fill without a price). */
export class AlpacaTranslateError extends Error {
  override readonly name = 'AlpacaTranslateError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
