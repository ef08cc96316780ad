/** Values as Alpaca writes them on the wire: decimals, timestamps, asset ids. */

/** A decimal string as Alpaca sends one: no exponent, no float noise, no trailing zeros. */
export function dec(n: number): string {
  const s = (Math.round(n * 1e6) / 1e6).toFixed(6).replace(/\.?0+$/, '');
  return s === '-0' ? '0' : s;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** A stable asset id (UUID-shaped) for a symbol: the same symbol always gets the same id. */
export function assetId(symbol: string): string {
  let h = 0;
  for (const ch of symbol) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return `00000000-0000-4000-8000-${h.toString(16).padStart(12, '0')}`;
}
