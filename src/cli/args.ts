import { InvalidArgumentError } from 'commander';

/** A commander parser for whole numbers ≥ min. */
export function wholeNumber(min: number) {
  return (raw: string): number => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected a whole number ≥ ${min}, got '${raw}'`);
    return n;
  };
}

/** A commander parser for finite numbers > 0. */
export function positiveNumber(raw: string): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a number > 0, got '${raw}'`);
  return n;
}
