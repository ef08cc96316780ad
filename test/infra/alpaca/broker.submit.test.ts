import { describe, expect, it } from 'vitest';
import { BrokerUnavailableError } from '../../../src/actors/ports/broker.js';
import { AlpacaBroker } from '../../../src/infra/alpaca/broker.js';
import { CALL, harness, intent, KEY_ID, SECRET, T0 } from './fixtures.js';

const ORDERS = '/v2/orders';
const BY_ID = '/v2/orders:by_client_order_id';

describe('AlpacaBroker submit', () => {
  it('is named for its environment', () => {
    expect(new AlpacaBroker({ keyId: KEY_ID, secret: SECRET }).name).toBe('alpaca-paper');
    expect(new AlpacaBroker({ keyId: KEY_ID, secret: SECRET, paper: false }).name).toBe('alpaca-live');
  });

  it('posts a limit order with the exact wire body and answers with the order state', async () => {
    const { venue, broker } = await harness();
    const i = intent({ clientOrderId: 'th-SPY-1749654000000-open', correlationId: 'corr-a', qty: 3, limitPrice: 1.25 });
    const execs = await broker.submit(i);

    const posts = venue.requestsTo('POST', ORDERS);
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body).toEqual({
      symbol: 'SPY250620C00500000',
      qty: '3',
      side: 'buy',
      type: 'limit',
      time_in_force: 'day',
      limit_price: '1.25',
      client_order_id: 'th-SPY-1749654000000-open',
      position_intent: 'buy_to_open',
    });
    expect(posts[0]?.headers['apca-api-key-id']).toBe(KEY_ID);
    // The fake answers `accepted` (held by Alpaca, not yet at the venue): pending for us.
    expect(execs).toEqual([
      { clientOrderId: 'th-SPY-1749654000000-open', correlationId: 'corr-a', symbol: CALL, side: 'buy', status: 'pending', fillQty: 0, cumQty: 0, fees: 0, ts: T0 },
    ]);
    expect(broker.counters).toMatchObject({ submits: 1, placed: 1 });
  });

  it('a market sell to close goes without a limit price', async () => {
    const { venue, broker } = await harness();
    await broker.submit(intent({ clientOrderId: 'c-close', side: 'sell', effect: 'close', qty: 2, type: 'market', limitPrice: undefined }));
    expect(venue.requestsTo('POST', ORDERS)[0]?.body).toEqual({
      symbol: CALL,
      qty: '2',
      side: 'sell',
      type: 'market',
      time_in_force: 'day',
      client_order_id: 'c-close',
      position_intent: 'sell_to_close',
    });
  });

  it('a sub-penny limit is rejected INVALID_ORDER without reaching Alpaca', async () => {
    const { venue, broker } = await harness();
    const [e] = await broker.submit(intent({ limitPrice: 1.234 }));
    expect(e).toMatchObject({ status: 'rejected', reason: 'INVALID_ORDER' });
    expect(venue.requestsTo('POST', ORDERS)).toHaveLength(0);
  });

  describe('403', () => {
    it('code 40310000 (options level) → OPTIONS_LEVEL_NOT_PERMITTED', async () => {
      const { venue, broker } = await harness();
      venue.inject({ method: 'POST', path: ORDERS, status: 403, body: { code: 40310000, message: 'account not eligible to trade uncovered option contracts' } });
      const i = intent({ clientOrderId: 'c403a', correlationId: 'k403a' });
      expect(await broker.submit(i)).toEqual([
        { clientOrderId: 'c403a', correlationId: 'k403a', symbol: CALL, side: 'buy', status: 'rejected', fillQty: 0, cumQty: 0, fees: 0, ts: expect.any(Number), reason: 'OPTIONS_LEVEL_NOT_PERMITTED' },
      ]);
    });

    it('code 40310000 saying "insufficient buying power" → INSUFFICIENT_BUYING_POWER', async () => {
      const { venue, broker } = await harness();
      venue.inject({ method: 'POST', path: ORDERS, status: 403, body: { buying_power: '0', code: 40310000, cost_basis: '375', message: 'insufficient buying power' } });
      expect(await broker.submit(intent())).toMatchObject([{ status: 'rejected', reason: 'INSUFFICIENT_BUYING_POWER' }]);
    });

    it('another code about buying power → INSUFFICIENT_BUYING_POWER; about anything else → BROKER_FORBIDDEN', async () => {
      const { venue, broker } = await harness();
      venue.inject({ method: 'POST', path: ORDERS, status: 403, body: { code: 40310100, message: 'insufficient options buying power' } });
      venue.inject({ method: 'POST', path: ORDERS, status: 403, body: { code: 40310100, message: 'trading is suspended for this account' } });
      expect(await broker.submit(intent())).toMatchObject([{ status: 'rejected', reason: 'INSUFFICIENT_BUYING_POWER' }]);
      expect(await broker.submit(intent())).toMatchObject([{ status: 'rejected', reason: 'BROKER_FORBIDDEN' }]);
      expect(broker.counters.rejected).toBe(2);
    });
  });

  describe('422', () => {
    it('a duplicate client order id adopts the existing order: no second order placed', async () => {
      const { venue, broker } = await harness();
      venue.place({ client_order_id: 'c-dup', symbol: CALL, qty: '3', side: 'buy', limit_price: '1.25', position_intent: 'buy_to_open', status: 'new' });
      venue.fill('c-dup', 1, '1.2');
      const execs = await broker.submit(intent({ clientOrderId: 'c-dup', correlationId: 'k-dup' }));
      expect(execs).toEqual([
        { clientOrderId: 'c-dup', correlationId: 'k-dup', symbol: CALL, side: 'buy', status: 'partially_filled', fillQty: 0, cumQty: 1, avgFillPrice: 1.2, fees: 0, ts: T0, reason: 'DUPLICATE_CLIENT_ORDER_ID' },
      ]);
      expect(venue.requestsTo('POST', ORDERS)).toHaveLength(1);
      expect(venue.requestsTo('GET', BY_ID).map((r) => r.query)).toEqual([{ client_order_id: 'c-dup' }]);
      expect(broker.counters.duplicatesAdopted).toBe(1);
    });

    it('a client order id held by a different order (another contract) is refused, never adopted', async () => {
      const { venue, broker } = await harness();
      venue.place({ client_order_id: 'c-other', symbol: 'SPY250620P00480000', qty: '3', side: 'buy', limit_price: '0.85', position_intent: 'buy_to_open', status: 'new' });
      const execs = await broker.submit(intent({ clientOrderId: 'c-other', correlationId: 'k-other' }));
      expect(execs).toMatchObject([{ clientOrderId: 'c-other', status: 'rejected', cumQty: 0, reason: 'CLIENT_ORDER_ID_CONFLICT' }]);
      expect(broker.counters.duplicatesAdopted).toBe(0);
      expect(venue.order('c-other')).toMatchObject({ symbol: 'SPY250620P00480000', status: 'new' });
    });

    it('submitting the same intent twice places one order', async () => {
      const { venue, broker } = await harness();
      const i = intent({ clientOrderId: 'c-twice' });
      const [first] = await broker.submit(i);
      const [second] = await broker.submit(i);
      expect(first).toMatchObject({ status: 'pending' });
      expect(second).toMatchObject({ status: 'pending', reason: 'DUPLICATE_CLIENT_ORDER_ID' });
      expect(venue.order('c-twice')).toBeDefined();
      expect(venue.requestsTo('POST', ORDERS)).toHaveLength(2);
    });

    it('any other 422 (code 40010001 too) → rejected INVALID_ORDER', async () => {
      const { venue, broker } = await harness();
      venue.inject({ method: 'POST', path: ORDERS, status: 422, body: { code: 40010001, message: 'asset SPY250620C00500000 is not active' } });
      expect(await broker.submit(intent())).toMatchObject([{ status: 'rejected', reason: 'INVALID_ORDER' }]);
      expect(venue.requestsTo('GET', BY_ID)).toHaveLength(0);
    });
  });

  describe('429', () => {
    it('backs off and sends the same POST again, then answers', async () => {
      const { venue, broker } = await harness();
      venue.inject({ method: 'POST', path: ORDERS, status: 429, body: { message: 'rate limit exceeded' }, headers: { 'Retry-After': '0' } });
      venue.inject({ method: 'POST', path: ORDERS, status: 429, body: { message: 'rate limit exceeded' } });
      const execs = await broker.submit(intent({ clientOrderId: 'c-429' }));
      expect(execs).toMatchObject([{ clientOrderId: 'c-429', status: 'pending' }]);
      const posts = venue.requestsTo('POST', ORDERS);
      expect(posts).toHaveLength(3);
      expect(posts[2]?.body).toEqual(posts[0]?.body);
      expect(broker.counters.rateLimited).toBe(2);
    });

    it('gives up after maxRateLimitRetries with BrokerUnavailableError carrying Retry-After', async () => {
      const { venue, broker } = await harness({ maxRateLimitRetries: 2 });
      venue.inject({ method: 'POST', path: ORDERS, status: 429, body: { message: 'rate limit exceeded' }, headers: { 'Retry-After': '0.01' }, times: Infinity });
      const failed = broker.submit(intent({ clientOrderId: 'c-429x' }));
      await expect(failed).rejects.toBeInstanceOf(BrokerUnavailableError);
      await expect(failed).rejects.toMatchObject({ retryAfterMs: 10, message: expect.stringMatching(/c-429x.*429.*3 times/) });
      expect(venue.requestsTo('POST', ORDERS)).toHaveLength(3);
    });
  });

  describe('an unknown outcome is looked up, never re-posted', () => {
    it('500 after the order was placed → its state from the look-up, one POST', async () => {
      const { venue, broker } = await harness();
      venue.inject({ method: 'POST', path: ORDERS, status: 500, body: { code: 50010000, message: 'internal server error' }, afterHandling: true });
      const execs = await broker.submit(intent({ clientOrderId: 'c-500', correlationId: 'k-500' }));
      expect(execs).toEqual([{ clientOrderId: 'c-500', correlationId: 'k-500', symbol: CALL, side: 'buy', status: 'pending', fillQty: 0, cumQty: 0, fees: 0, ts: T0 }]);
      expect(venue.requestsTo('POST', ORDERS)).toHaveLength(1);
      expect(venue.requestsTo('GET', BY_ID)).toHaveLength(1);
      expect(broker.counters).toMatchObject({ ambiguousSubmits: 1, ambiguousResolved: 1 });
    });

    it('500 and no such order → BrokerUnavailableError, one POST', async () => {
      const { venue, broker } = await harness();
      venue.inject({ method: 'POST', path: ORDERS, status: 500, body: { code: 50010000, message: 'internal server error' } });
      await expect(broker.submit(intent({ clientOrderId: 'c-500x' }))).rejects.toThrow(BrokerUnavailableError);
      expect(venue.requestsTo('POST', ORDERS)).toHaveLength(1);
      expect(venue.order('c-500x')).toBeUndefined();
    });

    it('500 and the look-up failing too → BrokerUnavailableError (the SDK retried the GET, not the POST)', async () => {
      const { venue, broker } = await harness({ getRetries: 2 });
      venue.inject({ method: 'POST', path: ORDERS, status: 503, body: { message: 'service unavailable' } });
      venue.inject({ method: 'GET', path: BY_ID, status: 503, body: { message: 'service unavailable' }, times: 3 });
      await expect(broker.submit(intent({ clientOrderId: 'c-503' }))).rejects.toThrow(/c-503.*outcome unknown.*look-up failed/);
      expect(venue.requestsTo('POST', ORDERS)).toHaveLength(1);
      expect(venue.requestsTo('GET', BY_ID)).toHaveLength(3);
    });

    it('a dropped connection after the order was placed → its state from the look-up', async () => {
      const { venue, broker } = await harness();
      venue.inject({ method: 'POST', path: ORDERS, drop: true, afterHandling: true });
      expect(await broker.submit(intent({ clientOrderId: 'c-drop' }))).toMatchObject([{ clientOrderId: 'c-drop', status: 'pending' }]);
      expect(venue.requestsTo('POST', ORDERS)).toHaveLength(1);
    });

    it('a timeout before the venue answered, order not there → BrokerUnavailableError', async () => {
      const { venue, broker } = await harness({ requestTimeoutMs: 50 });
      venue.inject({ method: 'POST', path: ORDERS, hang: true });
      await expect(broker.submit(intent({ clientOrderId: 'c-slow' }))).rejects.toThrow(/c-slow.*timed out.*no order/);
      expect(venue.requestsTo('POST', ORDERS)).toHaveLength(1);
      expect(venue.requestsTo('GET', BY_ID)).toHaveLength(1);
    });
  });
});
