/**
 * The one rule for thresholds. Where the rulebook says "more than", "at least", "below" or
 * "at most", every rule compares through these four, with the same tolerance for float rounding:
 * a value within THRESHOLD_TOLERANCE × max(1, |threshold|) of the threshold counts as equal to it.
 * So a 5-minute return of exactly 0.3 % (1.003 / 1 − 1 = 0.0030000000000001137) does not pass
 * "> 0.3 %", and a spread of (2.60 − 2.40) / 2.50 = 0.08000000000000002 passes "≤ 8 %".
 * The tolerance is relative above 1 so dollar and share thresholds get the same treatment as
 * fractions. NaN passes none of them.
 */
export const THRESHOLD_TOLERANCE = 1e-9;

function tolerance(threshold: number): number {
  return THRESHOLD_TOLERANCE * Math.max(1, Math.abs(threshold));
}

/** "More than": x > threshold, beyond rounding. */
export function moreThan(x: number, threshold: number): boolean {
  return x > threshold + tolerance(threshold);
}

/** "At least": x ≥ threshold, up to rounding. */
export function atLeast(x: number, threshold: number): boolean {
  return x >= threshold - tolerance(threshold);
}

/** "Less than" / "below": x < threshold, beyond rounding. */
export function lessThan(x: number, threshold: number): boolean {
  return x < threshold - tolerance(threshold);
}

/** "At most": x ≤ threshold, up to rounding. */
export function atMost(x: number, threshold: number): boolean {
  return x <= threshold + tolerance(threshold);
}
