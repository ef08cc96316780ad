import { afterEach, describe, expect, it } from 'vitest';
import type { PositionSnapshot } from '../../src/actors/ports/position-journal.js';
import { seedFrom, snapshotOf } from '../../src/actors/position/journal.js';
import type { PositionState } from '../../src/actors/position/state.js';
import { makeStructure } from '../../src/domain/premium/structure.js';
import { makeContract } from '../../src/domain/values/contract.js';
import { makePosition } from '../../src/domain/values/position.js';
import { tradeStrategy } from '../../src/domain/values/strategy.js';
import { rowToContext } from '../../src/infra/db/repositories/order-rows.js';
import { Harness } from './fixtures/harness.js';
import { breakoutPath } from './fixtures/market.js';
import { PREMIUM_CONFIG, QUIET_HISTORY } from './fixtures/premium.js';

let h: Harness | undefined;
afterEach(() => h?.stop());

const history = QUIET_HISTORY;
const config = PREMIUM_CONFIG;

/** XYZ at $50 on Tuesday 2025-03-11, its options listed for Thursday 2025-04-17 (37 DTE, inside 30–60), 40 % IV. */
async function breakout(x: Harness): Promise<number> {
  x.market.spot.set('XYZ', 50);
  x.market.vol = 0.4;
  x.market.expiry = '2025-04-17';
  const { closes, volumes } = breakoutPath(50);
  let close = 50;
  for (let i = 0; i < closes.length && x.engine.openPositions === 0; i++) {
    close = closes[i] ?? close;
    await x.bar('XYZ', close, volumes[i]);
  }
  return close;
}

describe('premium selling through the engine (the IV regime picks the short side)', () => {
  it('sells a bull put spread on a bullish breakout at IV rank 100, and buys it back whole at half the credit', async () => {
    h = new Harness({ tickers: ['XYZ'], equity: 200_000, config, ivHistory: history });
    const close = await breakout(h);
    expect(h.engine.openPositions).toBe(1);
    const [open] = h.broker.orders().filter((o) => o.clientOrderId.endsWith('-open'));
    // One order for a net credit; at the broker, two legs: short the higher put, long the lower (the wing).
    expect(open?.side).toBe('sell');
    const legs = h.broker.positions().map((p) => [p.contract.right, p.contract.strike, p.qty]);
    expect(legs.map(([right, , qty]) => [right, Math.sign(Number(qty))])).toEqual([
      ['put', -1],
      ['put', 1],
    ]);
    expect(h.recorder.of('order', true)[0]?.reasons).toEqual(expect.arrayContaining(['IV_RANK_HIGH', 'BULL_PUT_SPREAD', 'CSP_TOO_LARGE']));
    // The portfolio counts its maximum loss, not a premium paid: units × (width − credit) × 100.
    const [held] = (await h.engine.portfolio()).positions;
    const units = open?.cumQty ?? 0;
    const credit = open?.avgFillPrice ?? 0;
    const width = Number(legs[0]?.[1]) - Number(legs[1]?.[1]);
    expect(width).toBeGreaterThan(0);
    expect(units).toBeGreaterThan(0);
    expect(held?.qty).toBe(-units);
    expect(held?.capitalAtRisk).toBeCloseTo(units * (width - credit) * 100, 6);

    // The underlying rallies 15 %: the puts lose most of their value, the spread costs less than half the credit to close.
    for (let i = 1; i <= 3; i++) await h.bar('XYZ', close * (1 + 0.05 * i));
    const closes = h.broker.orders().filter((o) => o.clientOrderId.endsWith('-x1'));
    expect(closes).toHaveLength(1);
    expect(closes[0]?.side).toBe('buy');
    expect(h.recorder.of('exit', true)[0]?.reasons).toEqual(['SHORT_TAKE_PROFIT']);
    await h.bar('XYZ', close * 1.15);
    expect(h.engine.openPositions).toBe(0);
    expect(h.broker.positions().filter((p) => p.qty !== 0)).toEqual([]);
    // The round trip: a credit spread, P/L = (credit − cost) × units × 100 − fees (4 leg fills of $0.04 a contract).
    const [trade] = h.recorder.trades;
    if (trade === undefined) throw new Error('no trade');
    expect(tradeStrategy(trade)).toBe('credit_spread');
    expect(trade.side).toBe('short');
    const cost = closes[0]?.avgFillPrice ?? 0;
    expect(cost).toBeLessThanOrEqual(credit / 2);
    expect(trade.pnl).toBeCloseTo((credit - cost) * units * 100 - trade.fees, 6);
    expect(trade.fees).toBeCloseTo(units * 4 * 0.04, 9);
  });

  it('with premium selling off (the default), the same breakout is denied for long premium and nothing is sold', async () => {
    h = new Harness({ tickers: ['XYZ'], equity: 200_000, config: { indicators: config.indicators }, ivHistory: history });
    await breakout(h);
    expect(h.engine.openPositions).toBe(0);
    expect(h.broker.orders()).toEqual([]);
    expect(h.recorder.of('signal', false).some((e) => e.reasons.includes('IV_RANK_HIGH'))).toBe(true);
  });
});

describe('a sold structure survives a restart', () => {
  const put = (strike: number) => makeContract({ underlying: 'XYZ', expiry: '2025-04-17', right: 'put', strike });
  const structure = makeStructure('bull_put_spread', put(49), put(48));
  const exposure = { id: 'th-XYZ-1741702560000-open', underlying: 'XYZ', symbol: put(49).symbol, qty: -5, multiplier: 100, delta: -0.056, gamma: 0.0046, theta: -0.0023, vega: 0.0049, capitalAtRisk: 340 };

  it('in the position journal: rebuilt leg by leg, a wing on the wrong side refused', () => {
    const position = makePosition({ id: 'XYZ-1741702560000', contract: put(49), side: 'short', tradeType: 'swing', direction: 'bullish', qty: 5, initialQty: 5, entryPrice: 0.32, entryTs: 1741702620000, entryUnderlying: 50.6, peakOptionPrice: 0.32, peakUnderlying: 50.6, partialStage: 0, structure });
    const state = { position, greeks: { delta: -0.056, gamma: 0.0046, theta: -0.0023, vega: 0.0049 }, entryOrderId: exposure.id, entryWorking: false, entryReasons: ['BULL_PUT_SPREAD'], entryFees: 0.4, exitSeq: 0, exitQty: 0, exitNotional: 0, exitFees: 0, exitReasons: [], deadlines: [], armed: true } as unknown as PositionState;
    const snapshot = JSON.parse(JSON.stringify(snapshotOf(state, 9))) as PositionSnapshot;
    expect(seedFrom(snapshot).position.structure).toEqual(structure);
    const p = (snapshot.state as { position: { structure: { legs: { contract: object }[] } } }).position;
    const swapped = { ...snapshot, state: { ...(snapshot.state as object), position: { ...p, structure: { ...p.structure, legs: [...p.structure.legs].reverse() } } } };
    expect(() => seedFrom(swapped)).toThrow(/further out of the money/);
  });

  it('in the order store: an entry context carries its structure, checked the same way', () => {
    const stored = JSON.parse(JSON.stringify({ exposure, entryUnderlying: 50.6, structure })) as unknown;
    expect(rowToContext(stored, exposure.id)?.structure).toEqual(structure);
    const bad = JSON.parse(JSON.stringify({ exposure, entryUnderlying: 50.6, structure: { ...structure, kind: 'bear_call_spread' } })) as unknown;
    expect(() => rowToContext(bad, exposure.id)).toThrow(/bad structure/);
  });
});
