import { AlpacaTranslateError } from './errors.js';

/** A wire decimal string as a number ("1.25" → 1.25). */
export function wireNumber(value: string, field: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new AlpacaTranslateError('BAD_NUMBER', `${field} '${value}' is not a number`);
  return n;
}

/** A wire quantity as whole contracts ("3" or "3.0" → 3); options never trade in fractions. */
export function wireContracts(value: string, field: string): number {
  const n = wireNumber(value, field);
  if (!Number.isInteger(n) || n < 0) throw new AlpacaTranslateError('NOT_WHOLE_CONTRACTS', `${field} '${value}' is not a whole number of contracts`);
  return n;
}

/** A wire price, positive ("1.25" → 1.25). */
export function wirePrice(value: string, field: string): number {
  const n = wireNumber(value, field);
  if (!(n > 0)) throw new AlpacaTranslateError('PRICE_NOT_POSITIVE', `${field} '${value}' is not a positive price`);
  return n;
}

/** Whole contracts as the wire wants them (3 → "3"). */
export function contractsToWire(qty: number): string {
  if (!Number.isInteger(qty) || qty <= 0) throw new AlpacaTranslateError('NOT_WHOLE_CONTRACTS', `qty ${qty} is not a positive whole number of contracts`);
  return String(qty);
}

/**
 * A limit price as the wire wants it: whole cents, two decimals (1.25 → "1.25", 12.5 → "12.50").
 * Float noise (2.1 * 3 = 6.300000000000001) is absorbed; a real sub-penny price is refused, never
 * rounded, since rounding a buy's limit up would pay more than the engine decided.
 */
export function priceToWire(price: number): string {
  if (!Number.isFinite(price) || price <= 0) throw new AlpacaTranslateError('PRICE_NOT_POSITIVE', `limit price ${price} is not a positive price`);
  const cents = Math.round(price * 100);
  if (Math.abs(cents - price * 100) > 1e-6) throw new AlpacaTranslateError('SUB_PENNY_PRICE', `limit price ${price} is not a whole number of cents`);
  return (cents / 100).toFixed(2);
}
