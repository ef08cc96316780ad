/** A window's bars per ticker, and how they reach the engine minute by minute. */
import type { Engine } from '../../actors/engine.js';
import type { Bar } from '../../domain/values/bar.js';
import type { WindowBars } from '../market/load.js';

/** A ticker's bars in the current window, and the next one it has not taken. */
export interface Tape {
  readonly symbol: string;
  readonly bars: WindowBars;
  i: number;
}

/** What the tapes need of the engine. */
export type TapeEngine = Pick<Engine, 'onBar' | 'scan' | 'whenIdle' | 'holdingTickers'>;

/**
 * Delivers minute `ts` of the tapes: first the bars of tickers holding a position, so the book is
 * marked and exits are sent before any entry of the minute is judged against it (whatever the
 * batch, no entry races a position's update); then the others, each offered the rest of its
 * window in a scan first when `scanFirst` (a quiet ticker takes it in one message). Returns the
 * tapes with bars left, for the next minute (after a scan, few: the minute loop stays short).
 */
export async function deliverMinute(engine: TapeEngine, ts: number, tapes: readonly Tape[], scanFirst: boolean): Promise<Tape[]> {
  const due = tapes.filter((t) => dueAt(t, ts));
  if (due.length > 0) {
    const holding = engine.holdingTickers();
    await deliver(engine, ts, due.filter((t) => holding.has(t.symbol)), false);
    await deliver(engine, ts, due.filter((t) => !holding.has(t.symbol)), scanFirst);
  }
  return tapes.filter((t) => t.i < t.bars.length);
}

/**
 * Gives each tape its bar of minute `ts` through `onBar`, after a scan from it when `scanFirst`
 * (a quiet ticker then takes the bars up to one it must act on in one message); then waits
 * until the tree is idle.
 */
async function deliver(engine: TapeEngine, ts: number, tapes: readonly Tape[], scanFirst: boolean): Promise<void> {
  if (tapes.length === 0) return;
  if (scanFirst) await scan(engine, tapes);
  for (const t of tapes) {
    if (dueAt(t, ts)) {
      engine.onBar(t.bars.at(t.i) as Bar);
      t.i += 1;
    }
  }
  await engine.whenIdle();
}

/**
 * Offers each tape's bars from its next one to the engine in one message per ticker (Engine.scan):
 * a quiet ticker takes them all, or up to a bar it must act on; one that is not quiet takes none.
 * Each tape then stands at the bar its ticker stopped at, which goes to `onBar` at its minute.
 */
async function scan(engine: TapeEngine, tapes: readonly Tape[]): Promise<void> {
  const stops = await engine.scan(tapes.map((t) => ({ symbol: t.symbol, bars: t.bars.slice(t.i) })));
  for (const t of tapes) {
    const from = stops.get(t.symbol);
    const at = from === undefined ? t.bars.length : indexOfBar(t, from);
    if (at < 0) throw new Error(`${t.symbol}: the engine stopped a scan at ${String(from)}, not one of the bars offered`);
    t.i = at;
  }
}

/** The tape's next bar opened at `ts`. */
function dueAt(t: Tape, ts: number): boolean {
  return t.i < t.bars.length && t.bars.tsAt(t.i) === ts;
}

/** The index of the tape's bar opened at `ts`, from its next one on; −1 when none. */
function indexOfBar(t: Tape, ts: number): number {
  for (let k = t.i; k < t.bars.length; k += 1) if (t.bars.tsAt(k) === ts) return k;
  return -1;
}
