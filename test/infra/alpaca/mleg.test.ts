import { describe, expect, it } from 'vitest';
import { heldMatchesIntent } from '../../../src/infra/alpaca/translate/adopt.js';
import { orderSnapshot, tradeUpdateOutcome } from '../../../src/infra/alpaca/translate/execution.js';
import { toOrderRequest } from '../../../src/infra/alpaca/translate/order-request.js';
import { foreignFills } from '../../../src/infra/alpaca/translate/reports.js';
import { parseAlpacaOrder } from '../../../src/infra/alpaca/wire/order.js';
import { alpacaMlegOrderRequestSchema } from '../../../src/infra/alpaca/wire/order-request.js';
import { parseAlpacaTradeUpdate } from '../../../src/infra/alpaca/wire/stream.js';
import { T0 } from './fixtures.js';
import { bullPutSpread, LONG_PUT, SHORT_PUT, SPREAD_ID } from '../../helpers/bull-put-spread.js';
import { mlegParent, spreadAtAlpaca } from './mleg-fixtures.js';

const FILL_TS = '2025-06-11T15:00:05.000Z';

function fillEvent(order: Record<string, unknown>, event = 'fill'): ReturnType<typeof parseAlpacaTradeUpdate> {
  // Alpaca's top-level price/qty of an mleg event are not read (units or contracts, signed or not: undocumented).
  return parseAlpacaTradeUpdate({ event, timestamp: FILL_TS, order, price: '-1.2', qty: '2', execution_id: 'x-1' });
}

describe('mleg order request', () => {
  it('a bull put spread opens as order_class mleg with a negative limit (a credit) and its legs', () => {
    const request = toOrderRequest(bullPutSpread());
    expect(request).toEqual({
      order_class: 'mleg',
      qty: '2',
      type: 'limit',
      time_in_force: 'day',
      // mlegLimitPrice(1.2, 'open') = −1.2: Alpaca reads a negative mleg limit as a credit received.
      limit_price: '-1.2',
      client_order_id: SPREAD_ID,
      legs: [
        { symbol: SHORT_PUT, side: 'sell', ratio_qty: '1', position_intent: 'sell_to_open' },
        { symbol: LONG_PUT, side: 'buy', ratio_qty: '1', position_intent: 'buy_to_open' },
      ],
    });
    expect(alpacaMlegOrderRequestSchema.parse(request)).toEqual(request);
  });

  it('closing it pays a debit: a positive limit, the legs bought and sold to close', () => {
    const close = bullPutSpread({
      clientOrderId: 'th-SPY-1-bps-close',
      side: 'buy',
      effect: 'close',
      limitPrice: 0.45,
      legs: [
        { symbol: SHORT_PUT, side: 'buy', ratio: 1, positionIntent: 'buy_to_close' },
        { symbol: LONG_PUT, side: 'sell', ratio: 1, positionIntent: 'sell_to_close' },
      ],
    });
    expect(toOrderRequest(close)).toMatchObject({ limit_price: '0.45', legs: [{ position_intent: 'buy_to_close' }, { position_intent: 'sell_to_close' }] });
  });

  it('refuses what Alpaca refuses, before sending, with a specific code', () => {
    const leg = (strike: string, root = 'SPY') => ({ symbol: `${root}250718P00${strike}000`, side: 'buy' as const, ratio: 1, positionIntent: 'buy_to_open' as const });
    const five = bullPutSpread({ legs: [...(bullPutSpread().legs ?? []), leg('480'), leg('470'), leg('460')] });
    expect(() => toOrderRequest(five)).toThrow(expect.objectContaining({ code: 'MLEG_LEG_COUNT' }));
    const mixed = bullPutSpread({ legs: [bullPutSpread().legs?.[0] ?? leg('495'), leg('490', 'QQQ')] });
    expect(() => toOrderRequest(mixed)).toThrow(expect.objectContaining({ code: 'MLEG_MIXED_UNDERLYINGS' }));
    // Opening a short structure is a credit: an intent saying buy contradicts its own sign.
    expect(() => toOrderRequest(bullPutSpread({ side: 'buy' }))).toThrow(expect.objectContaining({ code: 'MLEG_SIDE_MISMATCH' }));
    expect(() => toOrderRequest(bullPutSpread({ limitPrice: 1.234 }))).toThrow(expect.objectContaining({ code: 'SUB_PENNY_PRICE' }));
    const badIntent = bullPutSpread({ legs: [{ symbol: SHORT_PUT, side: 'sell', ratio: 1, positionIntent: 'buy_to_open' }, leg('490')] });
    expect(() => toOrderRequest(badIntent)).toThrow(expect.objectContaining({ code: 'MLEG_LEG_INTENT' }));
  });
});

describe('mleg answers', () => {
  it("a trade_updates fill of the spread is one execution for the parent at the net credit worked from its legs", () => {
    // Short 495P filled at 2.35, long 490P at 1.15, 1:1: net = +2.35 × 1 − 1.15 × 1 = 1.20 received per share.
    const outcome = tradeUpdateOutcome(fillEvent(spreadAtAlpaca('filled', 2, '2.35', '1.15')), 'corr-bps', 0);
    expect(outcome).toEqual({
      kind: 'execution',
      event: 'fill',
      execution: {
        clientOrderId: SPREAD_ID,
        correlationId: 'corr-bps',
        symbol: SHORT_PUT,
        side: 'sell',
        status: 'filled',
        fillQty: 2,
        fillPrice: 1.2,
        cumQty: 2,
        avgFillPrice: 1.2,
        fees: 0,
        ts: Date.parse(FILL_TS),
      },
    });
  });

  it('a second fill is the units since the one told, at the net price that moves the average', () => {
    // Told: 1 unit at 1.20. Now 2 units; short legs average 2.40 (2.35 then 2.45), long 1.15 both times:
    // net average = 2.40 − 1.15 = 1.25; the second unit = (1.25 × 2 − 1.20 × 1) / 1 = 1.30 (= 2.45 − 1.15).
    const outcome = tradeUpdateOutcome(fillEvent(spreadAtAlpaca('filled', 2, '2.40', '1.15')), 'corr-bps', 0, { cumQty: 1, avgFillPrice: 1.2 });
    expect(outcome).toMatchObject({ kind: 'execution', execution: { status: 'filled', fillQty: 1, fillPrice: 1.3, cumQty: 2, avgFillPrice: 1.25 } });
    // Told already: old news, nothing emitted.
    expect(tradeUpdateOutcome(fillEvent(spreadAtAlpaca('filled', 2, '2.40', '1.15')), 'corr-bps', 0, { cumQty: 2, avgFillPrice: 1.25 })).toEqual({ kind: 'noted', event: 'fill' });
  });

  it("the net of Alpaca's own multi-leg example (buy 3 × 250C at 0.43, sell 1 × 260C at 0.01) is its filled_avg_price 1.28", () => {
    // Outside reference: Alpaca's Trading API OpenAPI example "MultilegOptions" gives the parent
    // filled_avg_price "1.28"; by hand 3 × 0.43 − 1 × 0.01 = 1.29 − 0.01 = 1.28, a debit (limit "10" > 0: buy).
    const order = parseAlpacaOrder(
      mlegParent({
        status: 'filled',
        units: 1,
        filledUnits: 1,
        limit: '10',
        parentAvg: '1.28',
        legs: [
          { symbol: 'AAPL241213C00250000', side: 'buy', intent: 'buy_to_open', ratio: 3, filled: 3, avg: '0.43' },
          { symbol: 'AAPL241213C00260000', side: 'sell', intent: 'sell_to_open', ratio: 1, filled: 1, avg: '0.01' },
        ],
      }),
    );
    expect(orderSnapshot(order, 'c', 0)).toMatchObject({ symbol: 'AAPL241213C00250000', side: 'buy', status: 'filled', cumQty: 1, avgFillPrice: 1.28 });
  });

  it('a working spread snapshot: accepted → pending, nothing filled, filed under its first leg and net side', () => {
    expect(orderSnapshot(parseAlpacaOrder(spreadAtAlpaca('accepted', 0, null, null)), 'corr-bps', 0)).toEqual({
      clientOrderId: SPREAD_ID,
      correlationId: 'corr-bps',
      symbol: SHORT_PUT,
      side: 'sell',
      status: 'pending',
      fillQty: 0,
      cumQty: 0,
      fees: 0,
      ts: T0,
    });
  });

  it("an event about one leg is mleg_leg; an unknown event on an mleg order stays unknown_event", () => {
    const parent = spreadAtAlpaca('filled', 2, '2.35', '1.15');
    const leg = (parent.legs as Record<string, unknown>[])[0] ?? {};
    expect(tradeUpdateOutcome(fillEvent(leg), 'x', 0)).toEqual({ kind: 'mleg_leg', event: 'fill' });
    expect(tradeUpdateOutcome(fillEvent(parent, 'leg_exploded'), 'x', 0)).toEqual({ kind: 'unknown_event', event: 'leg_exploded' });
  });

  it('an mleg parent without legs, or a spread whose legs net the wrong way, cannot be read', () => {
    expect(() => parseAlpacaOrder({ ...spreadAtAlpaca('new', 0, null, null), legs: null })).toThrow();
    // Sold for a credit but the legs say 1.15 − 2.35 < 0 received: not a credit.
    expect(() => orderSnapshot(parseAlpacaOrder(spreadAtAlpaca('filled', 2, '1.15', '2.35')), 'c', 0)).toThrow(expect.objectContaining({ code: 'NET_PRICE_NOT_POSITIVE' }));
  });

  it('a foreign mleg fill is one activity per leg; a Thetis one, or a leg listed alone, none', () => {
    const raw = spreadAtAlpaca('filled', 2, '2.35', '1.15');
    const manual = parseAlpacaOrder({ ...raw, client_order_id: 'by-hand' });
    expect(foreignFills(manual, 0)).toEqual([
      { id: 'leg-0-df4ff24a-c58a-4e37-8b9f', kind: 'foreign-fill', symbol: SHORT_PUT, qty: -2, price: 2.35, ts: T0 },
      { id: 'leg-1-df4ff24a-c58a-4e37-8b9f', kind: 'foreign-fill', symbol: LONG_PUT, qty: 2, price: 1.15, ts: T0 },
    ]);
    expect(foreignFills(parseAlpacaOrder(spreadAtAlpaca('filled', 2, '2.35', '1.15')), 0)).toEqual([]);
    const leg = (raw.legs as Record<string, unknown>[])[0];
    expect(foreignFills(parseAlpacaOrder(leg), 0)).toEqual([]);
  });

  it('the order held under a spread id is adopted only when it is that spread', () => {
    const held = parseAlpacaOrder(spreadAtAlpaca('new', 0, null, null));
    expect(heldMatchesIntent(held, bullPutSpread())).toBe(true);
    expect(heldMatchesIntent(held, bullPutSpread({ qty: 3 }))).toBe(false);
    const otherLong = bullPutSpread({ legs: [bullPutSpread().legs?.[0] ?? { symbol: '', side: 'sell', ratio: 1, positionIntent: 'sell_to_open' }, { symbol: 'SPY250718P00485000', side: 'buy', ratio: 1, positionIntent: 'buy_to_open' }] });
    expect(heldMatchesIntent(held, otherLong)).toBe(false);
  });
});
