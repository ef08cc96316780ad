import type { Bar } from '../../src/domain/values/bar.js';
import type { Mutable } from '../../src/domain/values/numbers.js';
import type { WindowBars } from '../../src/infra/market/load.js';

/** An array of bars as a window's bars (what the loader's columns give the engine). */
export function windowBarsOf(bars: readonly Bar[]): WindowBars {
  return {
    length: bars.length,
    at: (index: number) => bars[index],
    read: (index: number, into: Mutable<Bar>) => void Object.assign(into, bars[index]),
    slice: (start: number) => windowBarsOf(bars.slice(start)),
    [Symbol.iterator]: () => bars[Symbol.iterator](),
  };
}
