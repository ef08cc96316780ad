import { afterEach, describe, expect, it } from 'vitest';
import type { PositionSnapshot } from '../../src/actors/ports/position-journal.js';
import { seedFrom, snapshotOf } from '../../src/actors/position/journal.js';
import type { PositionState } from '../../src/actors/position/state.js';
import { addOrderId, parseOrderId } from '../../src/domain/intents/ids.js';
import { makeOrderIntent } from '../../src/domain/values/order.js';
import { Harness } from './fixtures/harness.js';

let h: Harness | undefined;
afterEach(() => h?.stop());

/** Scaling in on (half first), everything else default; a large account so the full size is the 5-contract cap. */
const config = { sizing: { scaleIn: { enabled: true } } };

function ordersOf(x: Harness, suffix: string) {
  return x.broker.orders().filter((o) => o.clientOrderId.endsWith(suffix));
}

describe('scaling in, through the engine (seed: start 50 %, add 50 % if the trade confirms)', () => {
  it('opens with the first tranche and adds the rest through the risk gate once the trade confirms', async () => {
    h = new Harness({ equity: 1_000_000, config });
    const entry = await h.breakout();
    await h.bar('SPY', entry); // the rest of the first tranche fills
    const [open] = ordersOf(h, '-open');
    expect(open).toBeDefined();
    const first = open?.qty ?? 0;
    // $1,000,000 × 0.5 % = $5,000 buys far more than 5 contracts: full = the hard cap 5, first = floor(5 × 0.5) = 2, add = 3,
    // and 5 contracts at well under $10 stay inside the $5,000 risk amount however far the option rises here.
    expect(first).toBe(2);
    expect(h.recorder.of('order', true)[0]?.reasons).toContain('TRANCHE_FIRST');
    expect(ordersOf(h, '-a1')).toHaveLength(0);

    // The underlying runs +0.5 % (past the 0.4 % confirmation, short of the 0.8 % first target), 5 minutes on.
    for (let i = 1; i <= 5; i++) await h.bar('SPY', entry * (1 + 0.001 * i));
    const adds = ordersOf(h, '-a1');
    expect(adds).toHaveLength(1);
    expect(adds[0]).toMatchObject({ side: 'buy', qty: 3 });
    expect(h.recorder.of('order', true)[1]?.reasons).toEqual(expect.arrayContaining(['SCALE_IN_CONFIRMED', 'TRANCHE_ADD']));
    // The add went through the portfolio's gate (a risk decision recorded for it) before reaching the broker.
    const gate = h.recorder.of('risk', true).filter((e) => e.symbol === adds[0]?.symbol);
    expect(gate.length).toBe(2); // the entry's and the add's

    await h.bar('SPY', entry * 1.005);
    const portfolio = await h.engine.portfolio();
    expect(portfolio.positions.map((p) => p.qty)).toEqual([5]);
    expect(portfolio.reservations).toHaveLength(0);
    // Only one add, whatever the later bars do.
    for (let i = 0; i < 3; i++) await h.bar('SPY', entry * 1.006);
    expect(h.broker.orders().filter((o) => /-a\d+$/.test(o.clientOrderId))).toHaveLength(1);
  });

  it('an exit while the add is working cancels the rest of it; the trade closes with what filled', async () => {
    h = new Harness({ equity: 1_000_000, config });
    const entry = await h.breakout();
    await h.bar('SPY', entry);
    h.market.optionVolume = 1000; // thin: about one contract fills a minute
    for (let i = 1; i <= 5; i++) await h.bar('SPY', entry * (1 + 0.001 * i));
    const [add] = ordersOf(h, '-a1');
    expect(add?.qty).toBe(3);
    expect(add?.cumQty).toBeLessThan(3);
    // The underlying falls 0.7 % below entry: the underlying stop (−0.6 %) exits.
    await h.bar('SPY', entry * 0.993);
    expect(h.recorder.of('exit', true)).toHaveLength(1);
    h.market.optionVolume = 100_000;
    for (let i = 0; i < 5 && h.engine.openPositions > 0; i++) await h.bar('SPY', entry * 0.993);
    const after = ordersOf(h, '-a1')[0];
    expect(after?.status).toBe('canceled');
    expect(h.engine.openPositions).toBe(0);
    expect(h.broker.positions().reduce((n, p) => n + p.qty, 0)).toBe(0);
    const portfolio = await h.engine.portfolio();
    expect(portfolio.positions).toHaveLength(0);
    expect(portfolio.reservations).toHaveLength(0);
    // The round trip counts the first tranche and what the add filled before it was cancelled.
    expect(h.recorder.trades).toHaveLength(1);
    expect(h.recorder.trades[0]?.qty).toBe(2 + (after?.cumQty ?? 0));
  });

  it('an add the position does not track (sent after its ask timed out) is taken up: its fills grow the position, a working one is cancelled', async () => {
    h = new Harness({ equity: 1_000_000, config });
    const entry = await h.breakout();
    await h.bar('SPY', entry);
    const open = ordersOf(h, '-open')[0];
    if (open === undefined) throw new Error('no entry');
    const positionId = parseOrderId(open.clientOrderId).positionId;
    h.market.optionVolume = 1000; // thin: about one contract fills a minute, so the stray add is still working after its first fill
    // The portfolio forwarded an add the position never heard back about: it reaches the broker all the same.
    h.executor.submit(makeOrderIntent({ clientOrderId: addOrderId(positionId, 1), correlationId: 'late', underlying: 'SPY', symbol: open.symbol, side: 'buy', effect: 'open', qty: 3, type: 'market', timeInForce: 'day', reasons: ['TRANCHE_ADD'], ts: h.clock.now() }));
    await h.bar('SPY', entry);
    await h.bar('SPY', entry);
    const [stray] = ordersOf(h, '-a1');
    expect(stray?.status).toBe('canceled');
    expect(h.recorder.of('execution', false).filter((e) => e.reasons.includes('ORPHANED_ADD'))).toHaveLength(1);
    const filled = stray?.cumQty ?? 0;
    expect(filled).toBeGreaterThan(0);
    // What filled is the position's: the engine, the book and the broker agree.
    const held = h.broker.positions().reduce((n, p) => n + p.qty, 0);
    expect(held).toBe(2 + filled);
    expect((await h.engine.portfolio()).positions.map((p) => p.qty)).toEqual([2 + filled]);
    expect((await h.engine.portfolio()).reservations).toHaveLength(0);
    // It never adds again.
    h.market.optionVolume = 100_000;
    for (let i = 1; i <= 5; i++) await h.bar('SPY', entry * (1 + 0.001 * i));
    expect(h.broker.orders().filter((o) => /-a\d+$/.test(o.clientOrderId))).toHaveLength(1);
  });

  it('never adds to a trade that does not confirm, and gives up when its window passes', async () => {
    h = new Harness({ equity: 1_000_000, config });
    const entry = await h.breakout();
    // Drifts up 0.01 % a minute, so 0.31 % after 31 minutes: never the 0.4 % that confirms, and the day trade's window is 30.
    for (let i = 1; i <= 31; i++) await h.bar('SPY', entry * (1 + 0.0001 * i));
    expect(h.broker.orders().filter((o) => /-a\d+$/.test(o.clientOrderId))).toHaveLength(0);
    const given = h.recorder.of('sizing', false).filter((e) => e.reasons.includes('SCALE_IN_WINDOW_PASSED'));
    expect(given).toHaveLength(1);
  });

  it('without scaling in, the entry is the full size and nothing is ever added', async () => {
    h = new Harness({ equity: 1_000_000 });
    const entry = await h.breakout();
    expect(ordersOf(h, '-open')[0]?.qty).toBe(5);
    for (let i = 1; i <= 5; i++) await h.bar('SPY', entry * (1 + 0.001 * i));
    expect(h.broker.orders().filter((o) => /-a\d+$/.test(o.clientOrderId))).toHaveLength(0);
  });
});

describe('the scale-in state in the position journal', () => {
  it('round-trips, with an add in flight and its reserved risk', () => {
    const state = restoredState();
    const snapshot: PositionSnapshot = JSON.parse(JSON.stringify(snapshotOf(state, 9))) as PositionSnapshot;
    expect(snapshot.open).toBe(true);
    expect(seedFrom(snapshot).scaleIn).toEqual(state.scaleIn);
    const bad = { ...snapshot, state: { ...(snapshot.state as object), scaleIn: { plan: { addQty: 3 }, seq: 1, done: false } } };
    expect(() => seedFrom(bad)).toThrow(/scaleIn\.plan\.budget/);
    const withState = (scaleIn: unknown) => ({ ...snapshot, state: { ...(snapshot.state as object), scaleIn } });
    expect(() => seedFrom(withState({ plan: { addQty: 0, budget: 1_050 }, seq: 1, done: false }))).toThrow(/scaleIn\.plan\.addQty/);
    const strayId = { ...state.scaleIn, pending: { ...state.scaleIn?.pending, exposure: { ...state.scaleIn?.pending?.exposure, id: 'not-ours' } } };
    expect(() => seedFrom(withState(strayId))).toThrow(/scaleIn\.pending\.exposure\.id/);
  });

  it('a position restored with its add in flight holds the risk of its add again in the portfolio', async () => {
    const seed = seedFrom(JSON.parse(JSON.stringify(snapshotOf(restoredState(), 9))) as PositionSnapshot);
    h = new Harness({ equity: 1_000_000, config, positions: [seed] });
    await h.engine.whenIdle();
    const portfolio = await h.engine.portfolio();
    expect(portfolio.reservations.map((r) => [r.id, r.qty, r.capitalAtRisk])).toEqual([['th-SPY-1741700000000-a1', 3, 630]]);
    expect(portfolio.positions.map((p) => [p.id, p.qty])).toEqual([['SPY-1741700000000', 2]]);
  });
});

/** A journaled position of 2 contracts with its 3-contract add working, on the harness market's contract. */
function restoredState(): PositionState {
  const symbol = 'SPY250314C00500000';
  return {
    position: { id: 'SPY-1741700000000', contract: { underlying: 'SPY', expiry: '2025-03-14', right: 'call', strike: 500, multiplier: 100, symbol }, side: 'long', tradeType: 'day', direction: 'bullish', qty: 2, initialQty: 2, entryPrice: 2, entryTs: 1741700000000, entryUnderlying: 500, peakOptionPrice: 2, peakUnderlying: 500, partialStage: 0 },
    greeks: { delta: 0.55, gamma: 0.05, theta: -0.3, vega: 0.12 },
    entryOrderId: 'th-SPY-1741700000000-open',
    entryWorking: false,
    entryReasons: ['TRANCHE_FIRST'],
    entryFees: 0.08,
    exitSeq: 0,
    exitQty: 0,
    exitNotional: 0,
    exitFees: 0,
    exitReasons: [],
    deadlines: [],
    armed: true,
    scaleIn: {
      plan: { addQty: 3, budget: 1_050 },
      seq: 1,
      done: false,
      pending: { clientOrderId: 'th-SPY-1741700000000-a1', qty: 3, reasons: ['TRANCHE_ADD'], sentAt: 1741700060000, cumQty: 0, notional: 0, exposure: { id: 'th-SPY-1741700000000-a1', underlying: 'SPY', symbol, qty: 3, multiplier: 100, delta: 0.55, gamma: 0.05, theta: -0.3, vega: 0.12, capitalAtRisk: 630 }, cancelling: false },
    },
  } as unknown as PositionState;
}
