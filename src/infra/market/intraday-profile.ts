/**
 * The intraday U-shape of US equity and option volume: heavy at the open, a midday lull,
 * a pick-up into the close. Weights are per session minute (0–389) with mean 1.
 */
import { SESSION_MINUTES } from '../../domain/calendar/index.js';

/** Shape constants: open burst (size, decay minutes), close ramp (size, rise minutes), midday floor. */
const FLOOR = 0.6;
const OPEN_SIZE = 2.2;
const OPEN_DECAY = 25;
const CLOSE_SIZE = 1.3;
const CLOSE_RISE = 30;

const raw = Array.from(
  { length: SESSION_MINUTES },
  (_, i) => FLOOR + OPEN_SIZE * Math.exp(-i / OPEN_DECAY) + CLOSE_SIZE * Math.exp(-(SESSION_MINUTES - 1 - i) / CLOSE_RISE),
);
const mean = raw.reduce((a, b) => a + b, 0) / SESSION_MINUTES;
const weights = raw.map((w) => w / mean);
/** cumulative[i]: fraction of the day's volume traded by the end of minute i. */
const cumulative: number[] = [];
let running = 0;
for (const w of weights) {
  running += w / SESSION_MINUTES;
  cumulative.push(running);
}

/** Relative volume of session minute `i` (mean 1 over the session). */
export function volumeWeight(i: number): number {
  return weights[Math.min(SESSION_MINUTES - 1, Math.max(0, Math.floor(i)))] ?? 1;
}

/** Fraction of the day's volume traded after `elapsed` session minutes (0 before the open, 1 after the close). */
export function cumulativeVolumeFraction(elapsed: number): number {
  if (elapsed <= 0) return 0;
  if (elapsed >= SESSION_MINUTES) return 1;
  const whole = Math.floor(elapsed);
  const before = whole === 0 ? 0 : (cumulative[whole - 1] ?? 0);
  return before + ((elapsed - whole) * volumeWeight(whole)) / SESSION_MINUTES;
}
