import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Execution } from '../../../src/domain/values/execution.js';
import { openDatabase, type Database } from '../../../src/infra/db/orm.js';
import { OrmOrderStore } from '../../../src/infra/db/repositories/order-store.js';
import { connectNats, type NatsLink } from '../../../src/infra/nats/connection.js';
import { NatsExecutor } from '../../../src/infra/nats/executor.js';
import { NatsOrderGateway } from '../../../src/infra/nats/order-gateway.js';
import { loadNatsSettings } from '../../../src/infra/nats/settings.js';
import { subjects } from '../../../src/infra/nats/subjects.js';
import { OutboxGateway } from '../../../src/infra/outbox/gateway.js';
import { eventually } from '../../helpers/eventually.js';
import { recordingLogger } from '../../helpers/logger.js';
import { dropNamespace, NATS_URL, uniqueNamespace } from '../../helpers/nats.js';
import { adminSql, DIALECTS, freshDatabase, query, type TestDatabase } from '../db/databases.js';
import { countingVenue, intent, type CountingVenue } from '../nats/fixture.js';

/** The outbox over the real order path: a database, NATS JetStream, an executor over the sim broker. */
class Setup {
  readonly log = recordingLogger();
  readonly received: Execution[] = [];
  readonly links: NatsLink[] = [];
  readonly namespace = uniqueNamespace();
  readonly settings = loadNatsSettings({ url: NATS_URL, storage: 'memory', namespace: this.namespace }, {});
  venue: CountingVenue = countingVenue();
  store!: OrmOrderStore;
  outbox!: OutboxGateway;
  gateway!: NatsOrderGateway;
  executor!: NatsExecutor;

  constructor(readonly db: Database) {}

  /** The engine's side: the outbox over a NATS gateway whose acks flag intents published. */
  async engine(): Promise<void> {
    this.store = new OrmOrderStore(this.db.orm);
    const link = await connectNats(this.settings, 'engine', this.log);
    this.links.push(link);
    this.gateway = await NatsOrderGateway.start({ link, subjects: subjects(this.namespace), settings: this.settings, log: this.log, onSubmitAcked: (id) => this.outbox.published(id) });
    this.outbox = new OutboxGateway({ inner: this.gateway, store: this.store, log: this.log, retryMs: 20 });
    this.outbox.connect((e) => this.received.push(e));
  }

  async startExecutor(): Promise<void> {
    const link = await connectNats(this.settings, 'executor', this.log);
    this.links.push(link);
    this.executor = await NatsExecutor.start({ link, subjects: subjects(this.namespace), settings: this.settings, broker: this.venue, log: this.log });
  }

  async close(): Promise<void> {
    this.outbox?.stop();
    await this.executor?.stop();
    await this.gateway?.stop();
    for (const l of this.links) await l.drain();
    await dropNamespace(NATS_URL, this.namespace);
  }
}

describe.each(DIALECTS)('the order outbox on %s', (dialect) => {
  let fresh: TestDatabase;
  let db: Database;
  let s: Setup;
  beforeEach(async () => {
    fresh = await freshDatabase(dialect);
    db = await openDatabase(fresh.settings);
    s = new Setup(db);
  });
  afterEach(async () => {
    await s.close();
    await db.close();
    await fresh.drop();
  });

  it('writes the intent before it is published, flags it published on the PubAck, and records its fill', async () => {
    await s.engine();
    await s.startExecutor();
    const order = intent({ qty: 2 });
    s.outbox.submit(order);
    await eventually(() => expect(s.received.map((e) => e.status)).toEqual(['filled']), { timeoutMs: 5_000 });
    await eventually(async () => expect(await s.store.order(order.clientOrderId)).toMatchObject({ status: 'filled', cumQty: 2, published: true }), { timeoutMs: 5_000 });
    const rows = await query<{ client_order_id: string; published: unknown }>(db.orm, 'select client_order_id, published from "order_intent"');
    expect(rows.map((r) => r.client_order_id)).toEqual([order.clientOrderId]);
    expect(await query(db.orm, 'select status, cum_qty from "execution"')).toHaveLength(1);
    expect(s.log.entries.filter((e) => e.level !== 'info')).toEqual([]);
  });

  it('an intent written but never published (the process died in between) is sent on restart, and placed once', async () => {
    // The process wrote two intents, then died before publishing them.
    const store = new OrmOrderStore(db.orm);
    const a = intent();
    const b = intent();
    await store.recordIntent(a);
    await store.recordIntent(b);
    await s.engine();
    await s.startExecutor();
    expect(await s.outbox.resume()).toBe(2);
    await eventually(() => expect(s.received.map((e) => [e.clientOrderId, e.status])).toEqual([[a.clientOrderId, 'filled'], [b.clientOrderId, 'filled']]), { timeoutMs: 5_000 });
    expect([...s.venue.submits.values()]).toEqual([1, 1]);
    await eventually(async () => expect(await s.store.unpublished()).toEqual([]), { timeoutMs: 5_000 });
    // A second restart has nothing to send.
    expect(await s.outbox.resume()).toBe(0);
  });
});

describe('the order outbox when PostgreSQL is unreachable', () => {
  let fresh: TestDatabase;
  let db: Database;
  let s: Setup;
  const name = () => (fresh.settings.dialect === 'postgresql' ? fresh.settings.database : '');
  beforeEach(async () => {
    fresh = await freshDatabase('postgresql');
    db = await openDatabase(fresh.settings);
    s = new Setup(db);
  });
  afterEach(async () => {
    await adminSql(`alter database "${name()}" allow_connections true`);
    await s.close();
    await db.close();
    await fresh.drop();
  });

  it('sends no new risk: an opening order is failed (ORDER_NOT_RECORDED), an exit goes out and is written once the database is back', async () => {
    await s.engine();
    await s.startExecutor();
    // The sim broker holds contracts to sell: an entry fills first (database up).
    const entry = intent({ qty: 2 });
    s.outbox.submit(entry);
    await eventually(() => expect(s.received.map((e) => e.status)).toEqual(['filled']), { timeoutMs: 5_000 });

    // The outage: no new connection is allowed, and the live ones are cut.
    await adminSql(`alter database "${name()}" allow_connections false`);
    await adminSql(`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name()}'`);
    const another = intent({ qty: 1 });
    const exit = intent({ clientOrderId: entry.clientOrderId.replace('-open', '-x1'), side: 'sell', effect: 'close', qty: 2, limitPrice: 1.9 });
    s.outbox.submit(another);
    s.outbox.submit(exit);
    await eventually(() => expect(s.received.map((e) => [e.clientOrderId, e.status, e.reason])).toContainEqual([another.clientOrderId, 'rejected', 'ORDER_NOT_RECORDED']), { timeoutMs: 10_000 });
    await eventually(() => expect(s.received.map((e) => [e.clientOrderId, e.status])).toContainEqual([exit.clientOrderId, 'filled']), { timeoutMs: 10_000 });
    expect(s.venue.submits.has(another.clientOrderId)).toBe(false);

    // Back: the exit's intent and its fill are written by themselves.
    await adminSql(`alter database "${name()}" allow_connections true`);
    await eventually(async () => expect(await s.store.order(exit.clientOrderId)).toMatchObject({ status: 'filled', cumQty: 2, published: true }), { timeoutMs: 15_000 });
    expect(await s.store.order(another.clientOrderId)).toBeUndefined();
  });
});
