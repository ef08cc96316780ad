import { describe, expect, it } from 'vitest';
import { rateLimitDelayMs } from '../../../src/infra/alpaca/backoff.js';
import { Redactor } from '../../../src/infra/alpaca/redact.js';
import { alpacaErrorSchema } from '../../../src/infra/alpaca/wire/error.js';
import { parseAlpacaOrder, parseAlpacaOrders } from '../../../src/infra/alpaca/wire/order.js';
import { alpacaOrderRequestSchema } from '../../../src/infra/alpaca/wire/order-request.js';
import { alpacaTradeUpdatesFrameSchema, parseAlpacaTradeUpdate } from '../../../src/infra/alpaca/wire/stream.js';

/** The order from Alpaca's "Create an Order" example, as an options order. */
const ORDER = {
  id: '61e69015-8549-4bfd-b9c3-01e75843f47d',
  client_order_id: 'eb9e2aaa-f71a-4f51-b5b4-52a6c565dad4',
  created_at: '2021-03-16T18:38:01.942282Z',
  updated_at: '2021-03-16T18:38:01.942282Z',
  submitted_at: '2021-03-16T18:38:01.937734Z',
  filled_at: null,
  expired_at: null,
  canceled_at: null,
  failed_at: null,
  replaced_at: null,
  replaced_by: null,
  replaces: null,
  asset_id: 'b0b6dd9d-8b9b-48a9-ba46-b9d54906e415',
  symbol: 'SPY250620C00500000',
  asset_class: 'us_option',
  notional: null,
  qty: '1',
  filled_qty: '0',
  filled_avg_price: null,
  order_class: 'simple',
  order_type: 'limit',
  type: 'limit',
  side: 'buy',
  position_intent: 'buy_to_open',
  time_in_force: 'day',
  limit_price: '1.25',
  stop_price: null,
  status: 'accepted',
  extended_hours: false,
  legs: null,
  trail_percent: null,
  trail_price: null,
  hwm: null,
};

describe('wire parsers', () => {
  it('read an order as Alpaca documents it, keeping the strings', () => {
    const o = parseAlpacaOrder(ORDER);
    expect(o).toMatchObject({ client_order_id: 'eb9e2aaa-f71a-4f51-b5b4-52a6c565dad4', qty: '1', filled_qty: '0', filled_avg_price: null, limit_price: '1.25', status: 'accepted', position_intent: 'buy_to_open' });
    expect(parseAlpacaOrders([ORDER, { ...ORDER, id: 'two' }])).toHaveLength(2);
  });

  it('refuse an order with a number where Alpaca sends a string, an unknown status, or no client order id', () => {
    expect(() => parseAlpacaOrder({ ...ORDER, filled_qty: 0 })).toThrow();
    expect(() => parseAlpacaOrder({ ...ORDER, status: 'vanished' })).toThrow();
    const { client_order_id: _omit, ...noId } = ORDER;
    expect(() => parseAlpacaOrder(noId)).toThrow();
  });

  it('read a trade_updates frame; the event name stays free text', () => {
    const frame = { stream: 'trade_updates', data: { event: 'fill', execution_id: 'e1', order: { ...ORDER, status: 'filled', filled_qty: '1', filled_avg_price: '1.2' }, timestamp: '2021-03-16T18:38:02.1Z', price: '1.2', qty: '1', position_qty: '1' } };
    expect(alpacaTradeUpdatesFrameSchema.parse(frame).data).toMatchObject({ event: 'fill', price: '1.2', qty: '1' });
    expect(parseAlpacaTradeUpdate({ event: 'something_new', order: ORDER }).event).toBe('something_new');
    expect(() => parseAlpacaTradeUpdate({ event: 'fill', order: null })).toThrow();
  });

  it('the order request is strict: strings only, day only', () => {
    const ok = { symbol: 'SPY250620C00500000', qty: '3', side: 'buy', type: 'limit', time_in_force: 'day', limit_price: '1.25', client_order_id: 'c', position_intent: 'buy_to_open' };
    expect(alpacaOrderRequestSchema.parse(ok)).toEqual(ok);
    expect(() => alpacaOrderRequestSchema.parse({ ...ok, qty: 3 })).toThrow();
    expect(() => alpacaOrderRequestSchema.parse({ ...ok, time_in_force: 'gtc' })).toThrow();
    expect(() => alpacaOrderRequestSchema.parse({ ...ok, extended_hours: true })).toThrow();
  });

  it('error bodies: code and message, extra fields allowed, code optional', () => {
    expect(alpacaErrorSchema.parse({ buying_power: '0', code: 40310000, cost_basis: '375', message: 'insufficient buying power' })).toEqual({ code: 40310000, message: 'insufficient buying power' });
    expect(alpacaErrorSchema.parse({ message: 'unauthorized.' })).toEqual({ message: 'unauthorized.' });
  });
});

describe('rate-limit backoff', () => {
  it('Retry-After when Alpaca gave a longer one, else base doubling (never a tight loop on 0), capped', () => {
    expect(rateLimitDelayMs(0, 2_000, 500, 30_000)).toBe(2_000);
    expect(rateLimitDelayMs(3, 0, 500, 30_000)).toBe(4_000);
    expect(rateLimitDelayMs(3, 1_000, 500, 30_000)).toBe(4_000);
    expect([0, 1, 2, 3].map((a) => rateLimitDelayMs(a, undefined, 500, 30_000))).toEqual([500, 1_000, 2_000, 4_000]);
    expect(rateLimitDelayMs(10, undefined, 500, 30_000)).toBe(30_000);
    expect(rateLimitDelayMs(0, 90_000, 500, 30_000)).toBe(30_000);
  });
});

describe('Redactor', () => {
  it('masks every occurrence of each secret, the longer first', () => {
    const r = new Redactor(['KEY1', 'KEY1SECRET', '']);
    expect(r.text('a KEY1SECRET b KEY1 c')).toBe('a [redacted] b [redacted] c');
    expect(r.fields({ a: 'x KEY1', n: 2, o: { k: 'KEY1SECRET' } })).toEqual({ a: 'x [redacted]', n: 2, o: '{"k":"[redacted]"}' });
  });
});
