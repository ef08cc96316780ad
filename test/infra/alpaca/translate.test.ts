import { describe, expect, it } from 'vitest';
import { ALPACA_TRADE_EVENTS } from '../../../src/domain/orders/alpaca-events.js';
import { AlpacaTranslateError } from '../../../src/infra/alpaca/translate/errors.js';
import { orderSnapshot, rejectedExecution, tradeUpdateOutcome } from '../../../src/infra/alpaca/translate/execution.js';
import { priceToWire } from '../../../src/infra/alpaca/translate/numbers.js';
import { positionIntentFor, toOrderRequest } from '../../../src/infra/alpaca/translate/order-request.js';
import { toOrderStatus } from '../../../src/infra/alpaca/translate/status.js';
import { classifySubmitError } from '../../../src/infra/alpaca/translate/submit-error.js';
import { parseAlpacaOrder, type AlpacaOrder } from '../../../src/infra/alpaca/wire/order.js';
import { parseAlpacaTradeUpdate } from '../../../src/infra/alpaca/wire/stream.js';
import { CALL, intent } from './fixtures.js';

/** An order as Alpaca documents it: 3 contracts, 2 filled at an average of 1.25. */
function order(patch: Partial<Record<keyof AlpacaOrder, unknown>> = {}): AlpacaOrder {
  return parseAlpacaOrder({
    id: '61e69015-8549-4bfd-b9c3-01e75843f47d',
    client_order_id: 'th-SPY-x-open',
    created_at: '2025-06-11T15:00:00.123456Z',
    updated_at: '2025-06-11T15:00:05.5Z',
    submitted_at: '2025-06-11T15:00:00.2Z',
    filled_at: null,
    expired_at: null,
    canceled_at: null,
    failed_at: null,
    replaced_at: null,
    replaced_by: null,
    replaces: null,
    asset_id: 'b0b6dd9d-8b9b-48a9-ba46-b9d54906e415',
    symbol: CALL,
    asset_class: 'us_option',
    notional: null,
    qty: '3',
    filled_qty: '2',
    filled_avg_price: '1.25',
    order_class: 'simple',
    order_type: 'limit',
    type: 'limit',
    side: 'buy',
    position_intent: 'buy_to_open',
    time_in_force: 'day',
    limit_price: '1.3',
    stop_price: null,
    status: 'partially_filled',
    extended_hours: false,
    legs: null,
    ...patch,
  });
}

const UPDATED = Date.UTC(2025, 5, 11, 15, 0, 5, 500);
const FALLBACK = 1;

describe('OrderIntent → POST /v2/orders body', () => {
  it('a limit buy to open: strings for qty and limit price, day, the client order id, buy_to_open', () => {
    const i = intent({ clientOrderId: 'th-SPY-1733752800000-open', side: 'buy', effect: 'open', qty: 3, type: 'limit', limitPrice: 12.5 });
    expect(toOrderRequest(i)).toEqual({
      symbol: 'SPY250620C00500000',
      qty: '3',
      side: 'buy',
      type: 'limit',
      time_in_force: 'day',
      limit_price: '12.50',
      client_order_id: 'th-SPY-1733752800000-open',
      position_intent: 'buy_to_open',
    });
  });

  it('a market sell to close has no limit price', () => {
    const i = intent({ clientOrderId: 'c1', side: 'sell', effect: 'close', qty: 1, type: 'market', limitPrice: undefined });
    expect(toOrderRequest(i)).toEqual({ symbol: CALL, qty: '1', side: 'sell', type: 'market', time_in_force: 'day', client_order_id: 'c1', position_intent: 'sell_to_close' });
  });

  it.each([
    ['buy', 'open', 'buy_to_open'],
    ['sell', 'open', 'sell_to_open'],
    ['sell', 'close', 'sell_to_close'],
    ['buy', 'close', 'buy_to_close'],
  ] as const)('position intent of %s + %s is %s', (side, effect, expected) => {
    expect(positionIntentFor(side, effect)).toBe(expected);
  });

  it('prices go as whole cents, float noise absorbed, a sub-penny price refused (never rounded)', () => {
    expect(priceToWire(1.25)).toBe('1.25');
    expect(priceToWire(0.05)).toBe('0.05');
    expect(priceToWire(2.1 * 3)).toBe('6.30');
    expect(() => priceToWire(1.234)).toThrow(AlpacaTranslateError);
    expect(() => toOrderRequest(intent({ limitPrice: 1.005 }))).toThrow(/whole number of cents/);
  });
});

describe('Alpaca order status → ours', () => {
  it.each([
    ['new', 0, 'accepted'],
    ['accepted', 0, 'pending'],
    ['pending_new', 0, 'pending'],
    ['accepted_for_bidding', 0, 'pending'],
    ['held', 0, 'pending'],
    ['partially_filled', 1, 'partially_filled'],
    ['filled', 3, 'filled'],
    ['canceled', 0, 'canceled'],
    ['canceled', 2, 'canceled'],
    ['replaced', 0, 'canceled'],
    ['expired', 1, 'expired'],
    ['rejected', 0, 'rejected'],
    ['pending_cancel', 0, 'accepted'],
    ['pending_cancel', 2, 'partially_filled'],
    ['pending_replace', 0, 'accepted'],
    ['done_for_day', 1, 'partially_filled'],
    ['stopped', 0, 'accepted'],
    ['suspended', 0, 'accepted'],
    ['calculated', 3, 'filled'],
  ] as const)('%s with %i of 3 filled → %s', (status, filled, expected) => {
    expect(toOrderStatus(status, filled, 3)).toBe(expected);
  });
});

describe('Alpaca order → Execution snapshot', () => {
  it('carries the cumulative fills, fillQty 0, fees 0, ts from updated_at', () => {
    expect(orderSnapshot(order(), 'corr-7', FALLBACK)).toEqual({
      clientOrderId: 'th-SPY-x-open',
      correlationId: 'corr-7',
      symbol: CALL,
      side: 'buy',
      status: 'partially_filled',
      fillQty: 0,
      cumQty: 2,
      avgFillPrice: 1.25,
      fees: 0,
      ts: UPDATED,
    });
  });

  it('an unfilled order has no average price; a canceled one says why', () => {
    const e = orderSnapshot(order({ status: 'canceled', filled_qty: '0', filled_avg_price: null }), 'c', FALLBACK);
    expect(e).toEqual({ clientOrderId: 'th-SPY-x-open', correlationId: 'c', symbol: CALL, side: 'buy', status: 'canceled', fillQty: 0, cumQty: 0, fees: 0, ts: UPDATED, reason: 'BROKER_CANCELED' });
  });

  it('filled contracts without their average price are unreadable (never a fill at no price)', () => {
    expect(() => orderSnapshot(order({ status: 'partially_filled', filled_qty: '2', filled_avg_price: null }), 'c', FALLBACK)).toThrow(
      expect.objectContaining({ name: 'AlpacaTranslateError', message: expect.stringMatching(/without filled_avg_price/) }),
    );
  });

  it('an expired day order: DAY_ORDER_EXPIRED, its partial fill kept', () => {
    expect(orderSnapshot(order({ status: 'expired' }), 'c', FALLBACK)).toMatchObject({ status: 'expired', cumQty: 2, avgFillPrice: 1.25, reason: 'DAY_ORDER_EXPIRED' });
  });

  it('refuses fractional contracts', () => {
    expect(() => orderSnapshot(order({ filled_qty: '1.5' }), 'c', FALLBACK)).toThrow(AlpacaTranslateError);
  });

  it('a rejected intent keeps its ids and says why', () => {
    const i = intent({ clientOrderId: 'c9', correlationId: 'k9', side: 'sell' });
    expect(rejectedExecution(i, 'INVALID_ORDER', 42)).toEqual({ clientOrderId: 'c9', correlationId: 'k9', symbol: CALL, side: 'sell', status: 'rejected', fillQty: 0, cumQty: 0, fees: 0, ts: 42, reason: 'INVALID_ORDER' });
  });
});

describe('trade_updates event → Execution', () => {
  const at = '2025-06-11T15:01:00Z';
  const AT = Date.UTC(2025, 5, 11, 15, 1, 0);
  const update = (event: string, o: AlpacaOrder, extra: Record<string, unknown> = {}) => parseAlpacaTradeUpdate({ event, timestamp: at, order: o, ...extra });

  it('new → accepted, nothing filled', () => {
    const out = tradeUpdateOutcome(update('new', order({ status: 'new', filled_qty: '0', filled_avg_price: null })), 'k', FALLBACK);
    expect(out).toEqual({ kind: 'execution', event: 'new', execution: { clientOrderId: 'th-SPY-x-open', correlationId: 'k', symbol: CALL, side: 'buy', status: 'accepted', fillQty: 0, cumQty: 0, fees: 0, ts: AT } });
  });

  it('partial_fill → this fill from the event, the running totals from the order', () => {
    // 1 filled before at 1.20, then this fill of 1 at 1.30: 2 of 3 filled, average (1.20 + 1.30) / 2 = 1.25.
    const o = order({ status: 'partially_filled', filled_qty: '2', filled_avg_price: '1.25' });
    const out = tradeUpdateOutcome(update('partial_fill', o, { price: '1.3', qty: '1', position_qty: '2' }), 'k', FALLBACK);
    expect(out).toMatchObject({ kind: 'execution', execution: { status: 'partially_filled', fillQty: 1, fillPrice: 1.3, cumQty: 2, avgFillPrice: 1.25, fees: 0, ts: AT } });
  });

  it('fill → filled', () => {
    // 2 at 1.25 before, then 1 at 1.30: (2.50 + 1.30) / 3 = 1.2667 as Alpaca rounds it.
    const o = order({ status: 'filled', filled_qty: '3', filled_avg_price: '1.2667' });
    const out = tradeUpdateOutcome(update('fill', o, { price: '1.3', qty: '1' }), 'k', FALLBACK);
    expect(out).toMatchObject({ kind: 'execution', execution: { status: 'filled', fillQty: 1, fillPrice: 1.3, cumQty: 3, avgFillPrice: 1.2667 } });
  });

  it.each([
    ['canceled', 'canceled', 'BROKER_CANCELED'],
    ['replaced', 'canceled', 'REPLACED'],
    ['expired', 'expired', 'DAY_ORDER_EXPIRED'],
    ['rejected', 'rejected', 'BROKER_REJECTED'],
  ] as const)('%s → %s (%s)', (event, status, reason) => {
    const out = tradeUpdateOutcome(update(event, order({ status: event, filled_qty: '0', filled_avg_price: null })), 'k', FALLBACK);
    expect(out).toMatchObject({ kind: 'execution', execution: { status, fillQty: 0, cumQty: 0, reason } });
  });

  it.each(['accepted', 'pending_new', 'done_for_day', 'pending_cancel', 'pending_replace', 'stopped', 'calculated', 'suspended', 'order_replace_rejected', 'order_cancel_rejected'])(
    '%s is noted, not an execution',
    (event) => {
      expect(tradeUpdateOutcome(update(event, order()), 'k', FALLBACK)).toEqual({ kind: 'noted', event });
    },
  );

  it.each(['trade_bust', 'trade_correct'])('%s is a trade adjustment', (event) => {
    expect(tradeUpdateOutcome(update(event, order()), 'k', FALLBACK)).toEqual({ kind: 'trade_adjusted', event });
  });

  it('every documented event has an outcome; an unknown name is reported as such', () => {
    for (const event of ALPACA_TRADE_EVENTS) {
      const extra = event === 'fill' || event === 'partial_fill' ? { price: '1.3', qty: '1' } : {};
      expect(tradeUpdateOutcome(update(event, order(), extra), 'k', FALLBACK).kind).not.toBe('unknown_event');
    }
    expect(tradeUpdateOutcome(update('margin_call', order()), 'k', FALLBACK)).toEqual({ kind: 'unknown_event', event: 'margin_call' });
  });

  it('a fill without a price is refused', () => {
    expect(() => tradeUpdateOutcome(update('fill', order(), { qty: '1' }), 'k', FALLBACK)).toThrow(/without price/);
  });

  it('without a timestamp, ts is the order’s updated_at', () => {
    const u = parseAlpacaTradeUpdate({ event: 'new', order: order({ status: 'new' }) });
    expect(tradeUpdateOutcome(u, 'k', FALLBACK)).toMatchObject({ execution: { ts: UPDATED } });
  });
});

describe('submit error classes', () => {
  it.each([
    [403, { code: 40310000, message: 'account not eligible to trade uncovered option contracts' }, { kind: 'rejected', reason: 'OPTIONS_LEVEL_NOT_PERMITTED' }],
    [403, { code: 40310000, message: 'insufficient buying power' }, { kind: 'rejected', reason: 'INSUFFICIENT_BUYING_POWER' }],
    [403, { code: 40310100, message: 'insufficient options buying power for order' }, { kind: 'rejected', reason: 'INSUFFICIENT_BUYING_POWER' }],
    [403, { code: 40310100, message: 'trading is suspended for this account' }, { kind: 'rejected', reason: 'BROKER_FORBIDDEN' }],
    [422, { code: 40010001, message: 'client_order_id must be unique' }, { kind: 'duplicate' }],
    [422, { code: 42210000, message: 'client_order_id must be unique' }, { kind: 'duplicate' }],
    [422, { code: 40010001, message: 'asset SPY250620C00500000 is not active' }, { kind: 'rejected', reason: 'INVALID_ORDER' }],
    [400, { message: 'invalid qty' }, { kind: 'rejected', reason: 'INVALID_ORDER' }],
    [401, { message: 'unauthorized.' }, { kind: 'rejected', reason: 'BROKER_UNAUTHORIZED' }],
    [404, { message: 'not found' }, { kind: 'rejected', reason: 'BROKER_REJECTED_REQUEST' }],
    [429, { message: 'rate limit exceeded' }, { kind: 'rate_limited' }],
    [500, { message: 'internal server error' }, { kind: 'ambiguous' }],
    [503, { message: 'service unavailable' }, { kind: 'ambiguous' }],
    [408, { message: 'request timeout' }, { kind: 'ambiguous' }],
  ] as const)('%i %j → %j', (status, body, expected) => {
    expect(classifySubmitError(status, body)).toEqual(expected);
  });
});
