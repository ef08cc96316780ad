import type { Bar } from '../../src/domain/values/bar.js';
import type { Mutable } from '../../src/domain/values/numbers.js';
import type { WindowBars } from '../../src/infra/market/load.js';

/** An array of bars (and their ATM IVs, NaN when not given) as a window's bars, as the loader's columns give them. */
export function windowBarsOf(bars: readonly Bar[], atmIv: readonly number[] = []): WindowBars {
  const bar = (index: number) => bars[index] as Bar;
  return {
    length: bars.length,
    at: (index: number) => bars[index],
    read: (index: number, into: Mutable<Bar>) => void Object.assign(into, bar(index)),
    tsAt: (index: number) => bar(index).ts,
    closeAt: (index: number) => bar(index).close,
    atmIvAt: (index: number) => atmIv[index] ?? Number.NaN,
    slice: (start: number) => windowBarsOf(bars.slice(start), atmIv.slice(start)),
    [Symbol.iterator]: () => bars[Symbol.iterator](),
  };
}
