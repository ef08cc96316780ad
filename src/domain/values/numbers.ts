import { DomainError } from '../errors.js';

/** A value type's fields made writable, to build it field by field before freezing it. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A finite number, or a DomainError naming the field. */
export function finite(value: number, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new DomainError('NOT_FINITE', `${field} must be a finite number, got ${String(value)}`, field);
  }
  return value;
}

/** A finite number > 0 (prices, strikes, premiums). */
export function positive(value: number, field: string): number {
  finite(value, field);
  if (value <= 0) throw new DomainError('NOT_POSITIVE', `${field} must be > 0, got ${value}`, field);
  return value;
}

/** A finite number >= 0 (volumes, open interest, sizes). */
export function nonNegative(value: number, field: string): number {
  finite(value, field);
  if (value < 0) throw new DomainError('NEGATIVE', `${field} must be >= 0, got ${value}`, field);
  return value;
}

/** A whole number >= 0 (contract quantities). */
export function wholeNonNegative(value: number, field: string): number {
  nonNegative(value, field);
  if (!Number.isInteger(value)) throw new DomainError('NOT_WHOLE', `${field} must be a whole number, got ${value}`, field);
  return value;
}

/** A whole number >= 1. */
export function wholePositive(value: number, field: string): number {
  wholeNonNegative(value, field);
  if (value < 1) throw new DomainError('NOT_POSITIVE', `${field} must be >= 1, got ${value}`, field);
  return value;
}

export function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
