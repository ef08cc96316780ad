import { describe, expect, it } from 'vitest';
import { BrokerUnavailableError } from '../../../src/actors/ports/broker.js';
import { firstActivityDay, foreignFills, heldAtBroker, optionActivity } from '../../../src/infra/alpaca/translate/reports.js';
import { parseAlpacaActivities } from '../../../src/infra/alpaca/wire/activity.js';
import { parseAlpacaOrder } from '../../../src/infra/alpaca/wire/order.js';
import { parseAlpacaPositions } from '../../../src/infra/alpaca/wire/position.js';
import { CALL, harness, T0 } from './fixtures.js';

/** SPY 2025-06-20 500 put, and a call expiring the day after T0. */
const PUT = 'SPY250620P00500000';
const SHORT_DATED = 'SPY250612C00510000';
const DAY = 86_400_000;

describe('AlpacaBroker positions (GET /v2/positions)', () => {
  it('each position signed by its side, at its average entry price', async () => {
    const { venue, broker } = await harness();
    venue.setPosition(CALL, 3, '1.25');
    venue.setPosition(PUT, -2, '0.8');
    // 200 shares a put assignment left.
    venue.setPosition('SPY', 200, '500', 'us_equity');
    expect(await broker.positions()).toEqual([
      { symbol: CALL, qty: 3, avgEntryPrice: 1.25 },
      { symbol: PUT, qty: -2, avgEntryPrice: 0.8 },
      { symbol: 'SPY', qty: 200, avgEntryPrice: 500 },
    ]);
    expect(venue.requestsTo('GET', '/v2/positions')).toHaveLength(1);
  });

  it('a 5xx past the SDK’s GET retries → BrokerUnavailableError', async () => {
    const { venue, broker } = await harness({ getRetries: 1 });
    venue.inject({ method: 'GET', path: '/v2/positions', status: 503, body: { message: 'service unavailable' }, times: 2 });
    const failed = broker.positions();
    await expect(failed).rejects.toBeInstanceOf(BrokerUnavailableError);
    await expect(failed).rejects.toThrow(/positions: HTTP 503/);
    expect(venue.requestsTo('GET', '/v2/positions')).toHaveLength(2);
  });

  it('an unreadable position fails the whole answer (never a partial list), counted', async () => {
    const { venue, broker } = await harness();
    venue.setPosition(CALL, 3, '1.25');
    venue.inject({ method: 'GET', path: '/v2/positions', status: 200, body: [{ ...venue.setPosition(PUT, 1, '0.8'), qty: '1.5' }] });
    await expect(broker.positions()).rejects.toThrow(/positions: SPY250620P00500000 could not be read \(NOT_WHOLE_CONTRACTS/);
    expect(broker.counters.malformedResponses).toBe(1);
  });
});

describe('AlpacaBroker activities', () => {
  it('an assignment, an expiry and a fill of an order Thetis did not place, oldest first; Thetis’s own fills, older activities and unfilled orders left out', async () => {
    const { venue, broker } = await harness();
    const since = T0; // 2025-06-11 15:00 UTC

    // Exercises, assignments and expiries, dated by day as Alpaca does.
    const old = venue.addActivity({ activity_type: 'OPEXP', symbol: CALL, qty: '-1', date: '2025-06-05' });
    const assigned = venue.addActivity({ activity_type: 'OPASN', symbol: PUT, qty: '2', date: '2025-06-11' });
    const expired = venue.addActivity({ activity_type: 'OPEXP', symbol: SHORT_DATED, qty: '-1', date: '2025-06-12' });
    // The stock side of the assignment: not an option activity, not asked for.
    venue.addActivity({ activity_type: 'OPTRD', symbol: 'SPY', qty: '200', date: '2025-06-11', net_amount: '-100000' });

    // Orders: a liquidation by Alpaca after `since` (foreign, filled), one before `since`, a
    // foreign order canceled unfilled, and Thetis's own filled order.
    venue.time = since - 3 * 3_600_000;
    venue.place({ client_order_id: 'liq-early', symbol: CALL, qty: '1', side: 'sell', type: 'market', status: 'new' });
    venue.fill('liq-early', 1, '1.1');
    venue.time = since + 60_000;
    const liquidation = venue.place({ client_order_id: '9c1a8e1e-liquidation', symbol: CALL, qty: '2', side: 'sell', type: 'market', status: 'new' });
    venue.fill('9c1a8e1e-liquidation', 2, '0.95');
    venue.place({ client_order_id: 'by-hand-1', symbol: PUT, qty: '1', side: 'buy', type: 'limit', limit_price: '0.5', status: 'new' });
    venue.end('by-hand-1', 'canceled');
    venue.place({ client_order_id: 'th-SPY-1749654000000-open', symbol: CALL, qty: '3', side: 'buy', type: 'limit', limit_price: '1.3', status: 'new' });
    venue.fill('th-SPY-1749654000000-open', 3, '1.25');
    // A stock order by hand: not an option.
    venue.place({ client_order_id: 'by-hand-stock', symbol: 'SPY', qty: '10', side: 'sell', type: 'market', status: 'new' });
    venue.fill('by-hand-stock', 10, '505');

    expect(await broker.activities(since)).toEqual([
      // Dated 2025-06-11 only: at the start of that day.
      { id: assigned.id, kind: 'assignment', symbol: PUT, qty: 2, ts: Date.UTC(2025, 5, 11) },
      { id: liquidation.id, kind: 'foreign-fill', symbol: CALL, qty: -2, price: 0.95, ts: since + 60_000 },
      { id: expired.id, kind: 'expiry', symbol: SHORT_DATED, qty: -1, ts: Date.UTC(2025, 5, 12) },
    ]);
    expect(old.date < firstActivityDay(since)).toBe(true);

    const [activitiesAsked] = venue.requestsTo('GET', '/v2/account/activities');
    expect(activitiesAsked?.query).toMatchObject({ activity_types: 'OPEXC,OPASN,OPEXP', direction: 'asc', page_size: '100' });
    const [ordersAsked] = venue.requestsTo('GET', '/v2/orders');
    expect(ordersAsked?.query).toMatchObject({ status: 'closed', direction: 'asc', limit: '500', after: new Date(since - DAY).toISOString() });
  });

  it('reads every page: activities by page_token, closed orders by submission time', async () => {
    const { venue, broker } = await harness();
    for (let i = 0; i < 130; i++) venue.addActivity({ activity_type: 'OPEXP', symbol: CALL, qty: '-1', date: '2025-06-11' });
    for (let i = 0; i < 520; i++) {
      venue.time = T0 + i * 1_000;
      venue.place({ client_order_id: `by-hand-${i}`, symbol: CALL, qty: '1', side: 'sell', type: 'market', status: 'new' });
      venue.fill(`by-hand-${i}`, 1, '1.0');
    }
    const activities = await broker.activities(T0);
    expect(activities.filter((a) => a.kind === 'expiry')).toHaveLength(130);
    expect(new Set(activities.filter((a) => a.kind === 'foreign-fill').map((a) => a.id)).size).toBe(520);
    expect(venue.requestsTo('GET', '/v2/account/activities')).toHaveLength(2);
    expect(venue.requestsTo('GET', '/v2/orders')).toHaveLength(2);
  });

  it('a 5xx on the activities or on the orders → BrokerUnavailableError', async () => {
    const { venue, broker } = await harness({ getRetries: 0 });
    venue.inject({ method: 'GET', path: '/v2/account/activities', status: 500, body: { message: 'internal server error' } });
    await expect(broker.activities(T0)).rejects.toThrow(BrokerUnavailableError);
    venue.inject({ method: 'GET', path: '/v2/orders', status: 502, body: { message: 'bad gateway' } });
    await expect(broker.activities(T0)).rejects.toThrow(/foreign fills: HTTP 502/);
    await expect(broker.activities(T0)).resolves.toEqual([]);
  });

  it('an activity that is not about an option, or has no quantity, fails the answer', async () => {
    const { venue, broker } = await harness();
    venue.addActivity({ activity_type: 'OPEXC', symbol: 'SPY', qty: '-2', date: '2025-06-11' });
    await expect(broker.activities(T0)).rejects.toThrow(/ACTIVITY_NOT_AN_OPTION/);
  });
});

describe('translation of Alpaca’s documented report shapes', () => {
  // The examples of Alpaca's "Non-Trade Activities for Option Events" page.
  const documented = [
    { id: '20190801011955195::5f596936-6f23-4cef-bdf1-3806aae57dbf', activity_type: 'OPEXC', date: '2023-07-21', net_amount: '0', description: 'Option Exercise', symbol: 'AAPL230721C00150000', qty: '-2', status: 'executed' },
    { id: '20190801011955195::5f596936-6f23-4cef-bdf1-3806aae57dbf', activity_type: 'OPASN', date: '2023-07-01', net_amount: '0', description: 'Option Assignment', symbol: 'AAPL230721C00150000', qty: '2', status: 'executed' },
    { id: '20240301000000000::31ff5d4c-a608-43bb-8e59-678a96a4a42c', account_id: '21c36b57-2304-4e5b-8364-8effbcba853e', activity_type: 'OPEXP', date: '2024-03-01', net_amount: '0', description: 'Option Expiry', symbol: 'QS240301C00010500', qty: '-1', status: 'executed' },
    { id: '20190801011955195::5f596936-6f23-4cef-bdf1-3806aae57dbf', activity_type: 'OPTRD', date: '2023-07-21', net_amount: '-30000', description: 'Option Trade', symbol: 'AAPL', qty: '200', price: '90', status: 'executed' },
  ];

  it('OPEXC, OPASN, OPEXP: the signed change of the option position; other types skipped', () => {
    const read = parseAlpacaActivities(documented).map(optionActivity);
    expect(read).toEqual([
      { id: documented[0]?.id, kind: 'exercise', symbol: 'AAPL230721C00150000', qty: -2, ts: Date.UTC(2023, 6, 21) },
      { id: documented[1]?.id, kind: 'assignment', symbol: 'AAPL230721C00150000', qty: 2, ts: Date.UTC(2023, 6, 1) },
      { id: documented[2]?.id, kind: 'expiry', symbol: 'QS240301C00010500', qty: -1, ts: Date.UTC(2024, 2, 1) },
      undefined,
    ]);
  });

  it('created_at, when Alpaca gives it, is the time of the activity', () => {
    const [a] = parseAlpacaActivities([{ ...documented[2], created_at: '2024-03-01T21:05:00.123Z' }]);
    expect(a && optionActivity(a)?.ts).toBe(Date.parse('2024-03-01T21:05:00.123Z'));
  });

  it('a position with side short and a positive qty is still short', () => {
    const [p] = parseAlpacaPositions([{ asset_id: 'x', symbol: PUT, exchange: '', asset_class: 'us_option', qty: '2', side: 'short', avg_entry_price: '0.80' }]);
    expect(p && heldAtBroker(p)).toEqual({ symbol: PUT, qty: -2, avgEntryPrice: 0.8 });
  });

  it('a foreign buy fill is +qty; a Thetis order or an unfilled one is no activity', () => {
    const order = {
      id: 'o-1',
      client_order_id: 'manual',
      symbol: CALL,
      qty: '2',
      filled_qty: '2',
      filled_avg_price: '1.5',
      status: 'filled',
      side: 'buy',
      type: 'market',
      time_in_force: 'day',
      created_at: '2025-06-11T15:00:00Z',
      filled_at: '2025-06-11T15:00:01Z',
    };
    expect(foreignFills(parseAlpacaOrder(order), 0)).toEqual([{ id: 'o-1', kind: 'foreign-fill', symbol: CALL, qty: 2, price: 1.5, ts: Date.parse('2025-06-11T15:00:01Z') }]);
    expect(foreignFills(parseAlpacaOrder({ ...order, client_order_id: 'th-SPY-1-x2' }), 0)).toEqual([]);
    expect(foreignFills(parseAlpacaOrder({ ...order, filled_qty: '0', filled_avg_price: null, status: 'canceled' }), 0)).toEqual([]);
  });
});
