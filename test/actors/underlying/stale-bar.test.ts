import { describe, expect, it } from 'vitest';
import { Harness } from '../fixtures/harness.js';
import { barAt, breakoutPath, MINUTE } from '../fixtures/market.js';

describe('an entry signal on an old bar', () => {
  it('is not acted on (BAR_STALE): the bar warms the indicators, no order goes out; the same bar on time enters', async () => {
    const { closes, volumes } = breakoutPath(500);
    const onTime = new Harness();
    const late = new Harness();
    try {
      // Both see the same bars; the second sees each one three minutes after its minute closed
      // (history replayed at a start), past the 2-minute default.
      let entered = -1;
      for (let i = 0; i < closes.length && entered < 0; i++) {
        await onTime.bar('SPY', closes[i] ?? 0, volumes[i]);
        const bar = barAt('SPY', i, closes[i - 1] ?? closes[i] ?? 0, closes[i] ?? 0, volumes[i] ?? 0);
        late.clock.advanceTo(bar.ts + 4 * MINUTE);
        late.market.spot.set('SPY', bar.close);
        late.engine.onBar(bar);
        await late.engine.whenIdle();
        if (onTime.engine.openPositions > 0) entered = i;
      }
      expect(entered).toBeGreaterThan(0);
      expect(late.engine.openPositions).toBe(0);
      expect(late.broker.orders()).toEqual([]);
      expect(late.recorder.of('signal', false).at(-1)?.reasons).toEqual(['BAR_STALE']);
    } finally {
      onTime.stop();
      late.stop();
    }
  });
});
