import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '../fixtures/harness.js';

let h: Harness | undefined;
afterEach(() => h?.stop());

describe('an IV feed that sends garbage', () => {
  it('is refused with a counted reason (BAD_IV), never a crash; the bar still counts, once', async () => {
    h = new Harness();
    await h.bar('SPY', 500);
    h.market.vol = Number.NaN;
    await h.bar('SPY', 500.5);
    h.market.vol = -0.2;
    await h.bar('SPY', 501);
    h.market.vol = 0.3;
    await h.bar('SPY', 501.5);
    expect(h.recorder.of('bar', false).map((e) => e.reasons)).toEqual([['BAD_IV'], ['BAD_IV']]);
    expect(h.runtime.metrics.crashes).toBe(0);
    // Every bar was taken once: no DUPLICATE_BAR and no OUT_OF_ORDER_BAR, and the fourth bar's signal was judged.
    expect(h.recorder.of('signal').length).toBe(4);
  });
});
