import { describe, expect, it } from 'vitest';
import { StreamLiveness } from '../../../src/infra/observability/stream-liveness.js';
import { tradingStreamLiveness } from '../../../src/infra/observability/executor-metrics.js';
import { newCounters } from '../../../src/infra/alpaca/counters.js';

describe('stream liveness from counters that only grow', () => {
  it('is live until a drop, down through the attempts, live again after the reconnect completes', () => {
    const c = { drops: 0, recoveries: 0 };
    const s = new StreamLiveness(() => c);
    expect(s.live()).toBe(true);
    c.drops = 1;
    expect(s.live()).toBe(false);
    c.drops = 3; // more attempts
    expect(s.live()).toBe(false);
    c.recoveries = 1;
    expect(s.live()).toBe(true);
    expect(s.live()).toBe(true);
    c.drops = 4;
    expect(s.live()).toBe(false);
  });

  it('the trading stream is live only once it listened, and not after a disconnect until it reconnects', () => {
    const counters = newCounters();
    const live = tradingStreamLiveness({ counters });
    expect(live()).toBe(false); // never listened
    counters.reconciliations = 1;
    expect(live()).toBe(true);
    counters.streamDisconnects = 1;
    expect(live()).toBe(false);
    counters.reconnects = 1;
    counters.reconciliations = 2;
    expect(live()).toBe(true);
  });
});
