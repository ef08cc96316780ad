import { afterEach, describe, expect, it } from 'vitest';
import type { PositionSnapshot } from '../../src/actors/ports/position-journal.js';
import { seedFrom, snapshotOf } from '../../src/actors/position/journal.js';
import type { PositionState } from '../../src/actors/position/state.js';
import { makeStructure } from '../../src/domain/premium/structure.js';
import { makeContract } from '../../src/domain/values/contract.js';
import { makePosition } from '../../src/domain/values/position.js';
import { Harness } from './fixtures/harness.js';
import { breakoutPath, MINUTE, OPEN } from './fixtures/market.js';
import { PREMIUM_CONFIG, QUIET_HISTORY } from './fixtures/premium.js';

let h: Harness | undefined;
afterEach(() => h?.stop());

const history = QUIET_HISTORY;
/** Premium selling on; the stop at 2× the credit pushed out of reach, so the short in the money at 21 DTE meets the roll rule, not the stop. */
const config = { ...PREMIUM_CONFIG, premium: { enabled: true, stopMultipleOfCredit: 10 } };

/** Listed: 2025-04-17 (37 DTE on Tuesday 2025-03-11: the entry's) and 2025-05-16 (66 DTE then; 49 on Friday 2025-03-28, the roll's). */
function harness(over: Record<string, unknown> = {}): Harness {
  const x = new Harness({ tickers: ['XYZ'], equity: 200_000, config: { ...config, ...over }, ivHistory: history });
  x.market.spot.set('XYZ', 50);
  x.market.vol = 0.4;
  x.market.expiry = '2025-04-17';
  x.market.laterExpiries = ['2025-05-16'];
  return x;
}

/** Sells a bull put spread on the breakout (as test/actors/premium.test.ts), then plays Friday 2025-03-28 (20 DTE) with XYZ $0.50 below the short strike. */
async function sellThenFallToRollDay(x: Harness): Promise<{ shortStrike: number; wingStrike: number; units: number }> {
  const { closes, volumes } = breakoutPath(50);
  for (let i = 0; i < closes.length && x.engine.openPositions === 0; i++) await x.bar('XYZ', closes[i] as number, volumes[i]);
  const [short, wing] = x.broker.positions().map((p) => p.contract.strike);
  const units = x.broker.orders().find((o) => o.clientOrderId.endsWith('-open'))?.cumQty ?? 0;
  if (short === undefined || wing === undefined || units === 0) throw new Error('no spread sold');
  x.startDay('XYZ', 17, short - 0.5);
  for (let i = 0; i < 5; i++) await x.bar('XYZ', short - 0.5);
  return { shortStrike: short, wingStrike: wing, units };
}

describe('rolling a sold structure at 21 DTE, through the engine (seed: roll shorts at 21 DTE if still at risk)', () => {
  it('buys the spread back and sells the same strikes in the next expiry inside 30–60 DTE, through the risk gate', async () => {
    h = harness();
    const { shortStrike, wingStrike, units } = await sellThenFallToRollDay(h);
    const [decided] = h.recorder.of('roll', true);
    expect(decided?.reasons.slice(0, 2)).toEqual(['SHORT_AT_ROLL_DTE', 'SHORT_ITM']);

    // The close: one multi-leg buy of the whole spread, ROLL_CLOSE, never gated.
    const closes = h.broker.orders().filter((o) => o.clientOrderId.endsWith('-x1'));
    expect(closes).toHaveLength(1);
    expect(closes[0]).toMatchObject({ side: 'buy', qty: units, status: 'filled' });
    expect(h.recorder.trades).toHaveLength(1);
    expect(h.recorder.trades[0]?.exitReasons).toEqual(expect.arrayContaining(['SHORT_AT_ROLL_DTE', 'SHORT_ITM', 'ROLL_CLOSE']));

    // The open: its id is the decision bar's, the same strikes in 2025-05-16, sold for a credit, no more units than were bought back.
    const opens = h.broker.orders().filter((o) => o.clientOrderId.endsWith('-open'));
    expect(opens).toHaveLength(2);
    const rolled = opens[1];
    expect(rolled).toMatchObject({ clientOrderId: `th-XYZ-${decided?.ts === undefined ? '' : decided.ts - MINUTE}-open`, side: 'sell', status: 'filled' });
    expect(rolled?.qty).toBeLessThanOrEqual(units);
    const occ = (strike: number) => makeContract({ underlying: 'XYZ', expiry: '2025-05-16', right: 'put', strike }).symbol;
    expect(rolled?.symbol).toBe(occ(shortStrike));
    expect(h.broker.positions().filter((p) => p.qty !== 0).map((p) => [p.contract.symbol, Math.sign(p.qty)])).toEqual([
      [occ(shortStrike), -1],
      [occ(wingStrike), 1],
    ]);
    // Through the gate (a risk decision for the new short leg), carrying ROLL_OPEN; the portfolio holds its maximum loss.
    expect(h.recorder.of('risk', true).filter((e) => e.symbol === occ(shortStrike))).toHaveLength(1);
    const order = h.recorder.of('order', true).find((e) => e.symbol === occ(shortStrike));
    expect(order?.reasons).toEqual(expect.arrayContaining(['ROLL_OPEN', 'SHORT_ITM', 'BULL_PUT_SPREAD']));
    // The legs are linked: the open's order carries the closed position's id as its correlation id.
    expect(order?.correlationId).toBe(h.recorder.trades[0]?.positionId);
    const portfolio = await h.engine.portfolio();
    const held = portfolio.positions.filter((p) => p.qty !== 0);
    const n = rolled?.cumQty ?? 0;
    expect(held.map((p) => [p.symbol, p.qty])).toEqual([[occ(shortStrike), -n]]);
    expect(held[0]?.capitalAtRisk).toBeCloseTo(n * (shortStrike - wingStrike - (rolled?.avgFillPrice ?? 0)) * 100, 6);
    expect(portfolio.reservations).toHaveLength(0);
    expect(h.engine.openPositions).toBe(1);
  });

  it('with rolling.shortRolls off, the same spread is bought back (SHORT_CLOSED_NOT_ROLLED) and nothing is sold again', async () => {
    h = harness({ rolling: { shortRolls: false } });
    await sellThenFallToRollDay(h);
    expect(h.recorder.of('roll')).toEqual([]);
    expect(h.recorder.trades[0]?.exitReasons).toEqual(['SHORT_AT_ROLL_DTE', 'SHORT_ITM', 'SHORT_CLOSED_NOT_ROLLED']);
    expect(h.broker.orders().filter((o) => o.clientOrderId.endsWith('-open'))).toHaveLength(1);
    expect(h.engine.openPositions).toBe(0);
  });

  it('a short not at risk at 21 DTE is bought back (NOT_AT_RISK), not rolled', async () => {
    h = harness();
    const { closes, volumes } = breakoutPath(50);
    for (let i = 0; i < closes.length && h.engine.openPositions === 0; i++) await h.bar('XYZ', closes[i] as number, volumes[i]);
    const [short] = h.broker.positions().map((p) => p.contract.strike);
    // XYZ 8 % above the short strike: out of the money and farther than 2 % from it.
    h.startDay('XYZ', 17, (short as number) * 1.08);
    for (let i = 0; i < 4; i++) await h.bar('XYZ', (short as number) * 1.08);
    expect(h.recorder.trades[0]?.exitReasons).toEqual(['SHORT_AT_ROLL_DTE', 'NOT_AT_RISK']);
    expect(h.broker.orders().filter((o) => o.clientOrderId.endsWith('-open'))).toHaveLength(1);
  });
});

describe('a restart between the legs of a sold structure\'s roll', () => {
  /** The bar the journaled roll was decided on. */
  const DECIDED = OPEN + 20 * MINUTE;
  const put = (expiry: string, strike: number) => makeContract({ underlying: 'XYZ', expiry, right: 'put', strike });

  /** A bull put spread 49/48 of 2025-03-28 bought back (2 units) by a roll into 2025-04-17, its open not yet handed over. */
  function flatWithRoll(): PositionState {
    const structure = makeStructure('bull_put_spread', put('2025-03-28', 49), put('2025-03-28', 48));
    const position = makePosition({ id: 'XYZ-1', contract: put('2025-03-28', 49), side: 'short', tradeType: 'swing', direction: 'bullish', qty: 0, initialQty: 2, entryPrice: 0.35, entryTs: OPEN - 20 * 86_400_000, entryUnderlying: 51, peakOptionPrice: 0.35, peakUnderlying: 51, partialStage: 0, structure });
    return {
      position,
      greeks: { delta: -0.1, gamma: 0.01, theta: 0.01, vega: -0.01 },
      entryOrderId: 'th-XYZ-1-open',
      entryWorking: false,
      entryReasons: ['BULL_PUT_SPREAD'],
      entryFees: 0.16,
      exitSeq: 1,
      exitQty: 2,
      exitNotional: 1.2,
      exitFees: 0.16,
      exitReasons: ['SHORT_AT_ROLL_DTE', 'SHORT_ITM', 'ROLL_CLOSE'],
      deadlines: [],
      armed: true,
      roll: { symbol: put('2025-04-17', 49).symbol, structure: { kind: 'bull_put_spread', wing: put('2025-04-17', 48).symbol }, qty: 2, decidedAt: DECIDED, reasons: ['ROLL_OPEN', 'SHORT_AT_ROLL_DTE', 'SHORT_ITM'] },
    } as unknown as PositionState;
  }

  it('round-trips through the journal with its structure, and a wrong kind is refused by name', () => {
    const snapshot = JSON.parse(JSON.stringify(snapshotOf(flatWithRoll(), 9))) as PositionSnapshot;
    expect(snapshot.open).toBe(true);
    expect(seedFrom(snapshot).roll).toEqual(flatWithRoll().roll);
    const roll = (snapshot.state as { roll: object }).roll;
    const bad = { ...snapshot, state: { ...(snapshot.state as object), roll: { ...roll, structure: { kind: 'iron_condor' } } } };
    expect(() => seedFrom(bad)).toThrow(/roll\.structure\.kind/);
  });

  it('hands the open of the new spread over on start: one multi-leg sell under the decision\'s id', async () => {
    const seed = seedFrom(JSON.parse(JSON.stringify(snapshotOf(flatWithRoll(), 9))) as PositionSnapshot);
    h = new Harness({ tickers: ['XYZ'], equity: 200_000, config, positions: [seed], ivHistory: history });
    // As the live client after a restart: no quote for a contract no chain read has listed since start.
    const listed = new Set<string>();
    const [chain, quote] = [h.market.chain.bind(h.market), h.market.quote.bind(h.market)];
    h.market.chain = (underlying: string, now: number) => chain(underlying, now).map((e) => (listed.add(e.contract.symbol), e));
    h.market.quote = (symbol: string, now: number) => (listed.has(symbol) ? quote(symbol, now) : undefined);
    h.market.spot.set('XYZ', 48.8);
    h.market.vol = 0.4;
    h.market.expiry = '2025-04-17';
    await h.bar('XYZ', 48.8);
    await h.bar('XYZ', 48.8);
    const opens = h.broker.orders().filter((o) => o.clientOrderId.endsWith('-open'));
    expect(opens).toHaveLength(1);
    expect(opens[0]).toMatchObject({ clientOrderId: `th-XYZ-${DECIDED}-open`, symbol: put('2025-04-17', 49).symbol, side: 'sell', status: 'filled' });
    expect(opens[0]?.qty).toBeLessThanOrEqual(2);
    expect(h.broker.positions().filter((p) => p.qty !== 0).map((p) => [p.contract.strike, Math.sign(p.qty)])).toEqual([
      [49, -1],
      [48, 1],
    ]);
    expect(h.recorder.trades.map((t) => t.positionId)).toEqual(['XYZ-1']);
    expect(h.engine.openPositions).toBe(1);
  });
});
