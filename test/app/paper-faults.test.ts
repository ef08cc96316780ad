import { describe, expect, it, vi } from 'vitest';
import type { FaultInput } from '../../src/infra/alpaca-standin/faults.js';
import { openDatabase } from '../../src/infra/db/orm.js';
import { eventually } from '../helpers/eventually.js';
import { caughtUp, paperRig } from './fixtures/paper.js';
import { query } from '../infra/db/databases.js';

/**
 * The session of paper-session.test.ts (4 tickers, 2 days, 780 minutes; without faults it places
 * 7 to 14 orders, around minutes 72-82, 171-186, 265-280, 481-497 and 561-580: the engine's timing
 * against the market clock varies a little run to run), replayed once with every fault the
 * stand-in can inject spread over it. Faults on the order path are keyed to the orders
 * themselves (the k-th POST to reach the broker), not to minutes, so they hit an order whatever
 * the run's timing.
 *
 * The replay waits for a dropped market stream to come back before going on (it runs faster than
 * real time), and for the trading stream after the drop at the second entry. When every stream goes
 * silent it waits for the market stream only: the trading stream is noticed silent and replaced
 * while the replay goes on, and what filled meanwhile is learned through REST (a cancel that meets
 * such an order answers with its fill: AlpacaBroker.cancel, test/infra/alpaca/broker.orders.test.ts).
 */
describe('a paper session against the Alpaca stand-in, with every fault the stand-in can inject', () => {
  const rig = paperRig('thetis-paper-faults-');

  it('429s, 503s, resets, a delay, dropped and silent trading and market streams, duplicate and out-of-order bars: nothing lost, no order placed twice', async () => {
    const s = await rig.standin();
    const broker = s.trading.broker;

    /** Injected just before minute m is replayed. */
    const atMinute: Record<number, FaultInput[]> = {
      // 503 on GETs: whichever come first (market data, orders, positions, account).
      40: [{ kind: 'status', status: 503, method: 'GET', times: 2 }],
      // The market stream cut: the bars of the minutes it is away are backfilled.
      300: [{ kind: 'drop', stream: 'market' }],
      // A minute's bars sent twice, and a minute sent again after the next one.
      400: [{ kind: 'duplicate-bar' }],
      450: [{ kind: 'out-of-order-bar', times: 2 }],
      // A GET's connection destroyed.
      520: [{ kind: 'reset', method: 'GET' }],
      // Every stream goes silent (open, but nothing sent and pings unanswered): noticed by the
      // heartbeat and replaced; the market's minutes are backfilled, fills meanwhile looked up.
      620: [{ kind: 'silence', stream: 'all' }],
    };
    /** Injected when the k-th order reaches the broker (so REST faults hit the order after it). */
    const atSubmit: Record<number, FaultInput[]> = {
      // 429 on the next order POST, twice (the second with Retry-After).
      1: [
        { kind: 'status', status: 429, method: 'POST', path: '/v2/orders' },
        { kind: 'status', status: 429, method: 'POST', path: '/v2/orders', retryAfter: 1 },
      ],
      // The next order POST's connection destroyed before the stand-in takes it.
      2: [{ kind: 'reset', method: 'POST', path: '/v2/orders' }],
      // The next order POST held 3 s.
      3: [{ kind: 'delay', ms: 3_000, method: 'POST', path: '/v2/orders' }],
    };
    const submitted: string[] = [];
    let opens = 0;
    let tradingDropped = false;
    const place = broker.submit.bind(broker);
    vi.spyOn(broker, 'submit').mockImplementation((intent, quote, now) => {
      submitted.push(intent.clientOrderId);
      for (const f of atSubmit[submitted.length] ?? []) s.inject(f);
      // The trading stream cut as the second opening order reaches the broker: its accept and fills
      // go to no one, and the executor must learn them through REST once the stream is back.
      if (intent.clientOrderId.endsWith('-open') && ++opens === 2) {
        s.inject({ kind: 'drop', stream: 'trading' });
        tradingDropped = true;
      }
      return place(intent, quote, now);
    });

    const { session: live, database, jsm, sub, tickers } = await rig.session(s);

    let minute = 1; // the stand-in replays the first minute as it starts
    for (;;) {
      const faults = atMinute[minute + 1] ?? [];
      for (const f of faults) s.inject(f);
      if ((await s.step(1)) === 0) break;
      minute += 1;
      await caughtUp(jsm, sub, { session: live, standin: s, barsLost: faults.some((f) => f.kind === 'drop' || f.kind === 'silence') });
      if (faults.some((f) => f.kind === 'drop' || f.kind === 'silence')) {
        // The market waits for the market-data stream to come back (about a second here; without
        // the wait the rest of the replay would be over before it reconnects), then for its backfill.
        await eventually(() => expect(s.marketStream.authenticatedSessions()).toBeGreaterThan(0), { timeoutMs: 15_000 });
        // Every minute up to this one, this one's lost bars included (backfilled up to the venue's clock).
        await eventually(async () => expect((await jsm.streams.info(sub.barsStream)).state.messages).toBe(minute * tickers.length), { timeoutMs: 15_000 });
        await caughtUp(jsm, sub, { session: live, standin: s });
      }
      if (tradingDropped) {
        // The market waits for the trading stream (seconds at Alpaca; here the replay would run on
        // for an hour of market time meanwhile, and hit the bug described above).
        tradingDropped = false;
        await eventually(() => expect(s.trading.listeners).toBe(0), { timeoutMs: 2_000 }).catch(() => undefined);
        await eventually(() => expect(s.trading.listeners).toBeGreaterThan(0), { timeoutMs: 15_000 });
      }
    }
    // Every minute's bars reached JetStream once (the first minute's from the warm-up): none lost while
    // the market stream was away or silent, no duplicate or late one taken twice.
    expect((await jsm.streams.info(sub.barsStream)).state.messages).toBe(minute * tickers.length);
    // Every fault fired.
    expect(s.state().faults).toEqual([]);
    expect(opens).toBeGreaterThanOrEqual(2);
    // No client order id reached the broker twice.
    expect(submitted.length).toBeGreaterThan(4);
    expect(submitted.filter((id, i) => submitted.indexOf(id) !== i)).toEqual([]);

    const orders = broker.orders();
    const db = await openDatabase(database.settings);
    try {
      await eventually(
        async () => {
          // Every order at the broker is one intent in the store, with the broker's status and fill, and the store has no other.
          const intents = await query<{ client_order_id: string; status: string; cum_qty: number }>(db.orm, `select "client_order_id", "status", "cum_qty" from "order_intent"`);
          expect(intents.map((r) => `${r.client_order_id} ${r.status} ${r.cum_qty}`).sort()).toEqual(orders.map((o) => `${o.clientOrderId} ${o.status} ${o.cumQty}`).sort());
          // Every fill at the broker is in the store's executions, none counted twice (a fill made
          // while the trading stream was away comes back as a snapshot, its fill_qty 0).
          const execs = await query<{ client_order_id: string; status: string; fill_qty: number; cum_qty: number }>(db.orm, `select "client_order_id", "status", "fill_qty", "cum_qty" from "execution"`);
          for (const o of orders.filter((x) => x.cumQty > 0)) {
            const mine = execs.filter((e) => e.client_order_id === o.clientOrderId);
            expect(Math.max(0, ...mine.map((e) => e.cum_qty)), `cum_qty of ${o.clientOrderId}`).toBe(o.cumQty);
            expect(mine.map((e) => e.status), `statuses of ${o.clientOrderId}`).toContain(o.status);
            expect(mine.reduce((n, e) => n + e.fill_qty, 0), `fills of ${o.clientOrderId}`).toBeLessThanOrEqual(o.cumQty);
          }
          // What the journal holds open is what the broker holds.
          const open = await query<{ symbol: string }>(db.orm, `select "symbol" from "position" where "open" = true`);
          expect(open.map((r) => r.symbol).sort()).toEqual(broker.positions().map((p) => p.contract.symbol).sort());
        },
        { timeoutMs: 10_000 },
      );
    } finally {
      await db.close();
    }
  }, 120_000);
});
