/** Listed strike grids: spacing by price level, strikes around the spot. */

/** Strike spacing by underlying price: $0.50 under $25, $1 under $100, $2.50 under $300, else $5. */
export function strikeSpacing(spot: number): number {
  if (spot < 25) return 0.5;
  if (spot < 100) return 1;
  if (spot < 300) return 2.5;
  return 5;
}

/** Strikes on the spacing grid within ±`range` (fraction) of spot, ascending. */
export function strikeGrid(spot: number, range: number): number[] {
  const step = strikeSpacing(spot);
  const lo = Math.max(step, Math.ceil((spot * (1 - range)) / step) * step);
  const hi = Math.floor((spot * (1 + range)) / step) * step;
  const out: number[] = [];
  for (let k = 0; lo + k * step <= hi + 1e-9; k += 1) out.push(Math.round((lo + k * step) * 100) / 100);
  return out;
}
