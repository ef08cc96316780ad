import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TradingSession } from '../../src/app/paper.js';
import { formatStatus, readStatus } from '../../src/app/status.js';
import { loadConfig } from '../../src/domain/config/index.js';
import { AlpacaStandin } from '../../src/infra/alpaca-standin/standin.js';
import { openDatabase } from '../../src/infra/db/orm.js';
import { openMarket } from '../../src/infra/market/load.js';
import { subjects } from '../../src/infra/nats/subjects.js';
import { eventually } from '../helpers/eventually.js';
import { caughtUp, generatePaperMarket, PAPER_KEYS, startPaperSession } from './fixtures/paper.js';
import { dropNamespace, NATS_URL, uniqueNamespace } from '../helpers/nats.js';
import { freshDatabase, query, type TestDatabase } from '../infra/db/databases.js';

/**
 * `thetis paper`'s session against the Alpaca stand-in replaying a generated market (4 tickers, 2
 * days; its backtest makes 4 trades), minute by minute on the market clock: everything between is
 * the real thing (the SDK's streams and REST, NATS JetStream, the executor, the database).
 */
describe('a paper session against the Alpaca stand-in', () => {
  let dir: string;
  let standin: AlpacaStandin | undefined;
  let session: TradingSession | undefined;
  let database: TestDatabase | undefined;
  let nc: NatsConnection | undefined;
  const namespace = uniqueNamespace();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'thetis-paper-'));
    await generatePaperMarket(dir);
  });
  afterAll(async () => {
    await session?.stop();
    await standin?.close();
    await nc?.close();
    await dropNamespace(NATS_URL, namespace);
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens and closes positions through the real SDK; orders, fills and positions are in the database; status shows them', async () => {
    const market = await openMarket(dir);
    const tickers = market.tickers.map((t) => t.symbol);
    const s = (standin = await AlpacaStandin.start({ market, keys: PAPER_KEYS, speed: 0, cash: 100_000 }));
    database = await freshDatabase('sqlite');
    session = await startPaperSession(s, tickers, namespace, database.settings);
    expect(session.account.equity).toBe(100_000);
    nc = await connect({ servers: NATS_URL });
    const jsm = await jetstreamManager(nc);
    const sub = subjects(namespace);

    let opened = 0;
    while ((await s.step(1)) > 0) {
      await caughtUp(jsm, sub);
      opened = Math.max(opened, s.trading.broker.positions().length);
    }
    const orders = s.trading.broker.orders();
    expect(orders.filter((o) => o.side === 'buy' && o.cumQty > 0).length).toBeGreaterThan(0);
    expect(opened).toBeGreaterThan(0);

    const db = await openDatabase(database.settings);
    try {
      await eventually(async () => {
        // Every order the broker has is an intent in the store with the broker's status and fill.
        const rows = await query<{ client_order_id: string; status: string; cum_qty: number }>(db.orm, `select "client_order_id", "status", "cum_qty" from "order_intent"`);
        expect(rows.map((r) => [r.client_order_id, r.status, r.cum_qty]).sort()).toEqual(orders.map((o) => [o.clientOrderId, o.status, o.cumQty]).sort());
        // What the journal holds open is what the broker holds.
        const open = await query<{ symbol: string }>(db.orm, `select "symbol" from "position" where "open" = true`);
        expect(open.map((r) => r.symbol).sort()).toEqual(s.trading.broker.positions().map((p) => p.contract.symbol).sort());
      });
      const shown = await readStatus(db, loadConfig({}));
      // Reconciled at start, on the venue's clock (the stand-in's first replayed minute).
      expect(shown.entries).toMatchObject({ halted: false, since: expect.stringMatching(/^2025-06-26T13:3/) as string });
      expect(shown.positions.map((p) => p.symbol).sort()).toEqual(s.trading.broker.positions().map((p) => p.contract.symbol).sort());
      expect(formatStatus(shown, 'test')).toContain(`Open positions: ${shown.positions.length}`);
    } finally {
      await db.close();
    }
  }, 180_000);
});
