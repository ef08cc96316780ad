import { afterEach, describe, expect, it } from 'vitest';
import { entryOrderId, exitOrderId } from '../../src/domain/intents/ids.js';
import { makeContract } from '../../src/domain/values/contract.js';
import { makeOrderIntent } from '../../src/domain/values/order.js';
import { makePosition } from '../../src/domain/values/position.js';
import { Harness } from './fixtures/harness.js';
import { EXPIRY, OPEN } from './fixtures/market.js';

let h: Harness | undefined;
afterEach(() => h?.stop());

/**
 * A position restored after a partial exit (x1) must number its next exit x2: reusing x1 would be
 * deduplicated by the broker (and by JetStream) and the exit silently lost. Its round trip keeps
 * the partial's proceeds.
 */
describe('a position restored after a partial exit', () => {
  it('does not reuse its previous exit order id', async () => {
    const ts = OPEN - 60_000;
    const id = `SPY-${ts}`;
    const contract = makeContract({ underlying: 'SPY', expiry: EXPIRY, right: 'call', strike: 500 });
    h = new Harness({
      positions: [
        {
          position: makePosition({ id, contract, side: 'long', tradeType: 'day', direction: 'bullish', qty: 1, initialQty: 2, entryPrice: 6, entryTs: OPEN, entryUnderlying: 500, peakOptionPrice: 6, peakUnderlying: 500, partialStage: 1 }),
          greeks: { delta: 0.52, gamma: 0.03, theta: -0.9, vega: 0.18 },
          entryOrderId: entryOrderId('SPY', ts),
          entryWorking: false,
          entryReasons: ['RESTORED'],
          entryFees: 0,
          exits: { exitSeq: 1, exitQty: 1, exitNotional: 6.5, exitFees: 0.04, exitReasons: ['UNDERLYING_TARGET'] },
        },
      ],
    });
    // Before the crash: the entry bought 2, the partial exit x1 sold 1.
    h.market.spot.set('SPY', 500);
    const now = h.clock.now() + 60_000;
    h.clock.advanceTo(now);
    const base = { correlationId: id, underlying: 'SPY', symbol: contract.symbol, type: 'market' as const, timeInForce: 'day' as const, reasons: ['X'], ts: now };
    h.broker.submit(makeOrderIntent({ ...base, clientOrderId: entryOrderId('SPY', ts), side: 'buy', effect: 'open', qty: 2 }), h.market.quote(contract.symbol, now), now);
    h.broker.submit(makeOrderIntent({ ...base, clientOrderId: exitOrderId(id, 1), side: 'sell', effect: 'close', qty: 1 }), h.market.quote(contract.symbol, now), now);
    await h.engine.whenIdle();
    // bars until the time exit (NO_FOLLOW_THROUGH at 30 min) is decided, then one more
    for (let i = 0; i < 40 && h.recorder.of('exit', true).length === 0; i++) await h.bar('SPY', 499);
    await h.bar('SPY', 499);
    const exits = h.broker.orders().filter((o) => o.side === 'sell').map((o) => o.clientOrderId);
    expect(new Set(exits).size).toBe(h.recorder.of('exit', true).length + 1);
    expect(exits).toContain(exitOrderId(id, 2));
    expect(h.broker.positions()).toHaveLength(0);
    const [trade] = h.recorder.trades;
    expect(trade?.qty).toBe(2);
    expect(trade?.exitReasons).toEqual(expect.arrayContaining(['UNDERLYING_TARGET', 'NO_FOLLOW_THROUGH']));
  });
});
