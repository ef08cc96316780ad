/** Number and time formatting shared by the terminal summary and the HTML report. */

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export const money = (x: number): string => usd.format(x);
export const count = (x: number): string => int.format(x);
/** A fraction as a percent: 0.0523 → '5.23%'. */
export const pct = (x: number, digits = 2): string => `${(x * 100).toFixed(digits)}%`;
export const fixed = (x: number, digits = 2): string => x.toFixed(digits);
/** Null means "not defined" (no trades, no losses, < 2 days): shown as an em dash. */
export const orDash = <T>(x: T | null, f: (v: T) => string): string => (x === null ? '—' : f(x));

const et = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** Epoch ms as 'YYYY-MM-DD HH:MM' in US Eastern time (the exchange clock). */
export function etDateTime(ts: number): string {
  const parts = et.formatToParts(ts);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

/** Milliseconds as a short duration: 850 ms, 12.3 s, 4 m 05 s. */
export function duration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  const s = Math.round(ms / 1_000);
  return `${Math.floor(s / 60)} m ${String(s % 60).padStart(2, '0')} s`;
}
