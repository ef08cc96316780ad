/** Ratios within this of the next whole number count as it (0.3 × 100 is 30.000000000000004 in floats). */
const WHOLE_TOLERANCE = 1e-9;

/** Whole contracts a dollar budget buys at a dollar risk per contract: floor, up to float rounding. */
export function wholeContracts(budget: number, riskPerContract: number): number {
  return Math.floor(budget / riskPerContract + WHOLE_TOLERANCE);
}
