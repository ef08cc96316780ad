import type { EntryContext, ExecutionApplied, OrderStore, StoredOrder } from '../../../actors/ports/order-store.js';
import { TERMINAL_STATUSES } from '../../../domain/orders/lifecycle.js';
import type { Execution } from '../../../domain/values/execution.js';
import type { OrderIntent } from '../../../domain/values/order.js';
import { ExecutionRow } from '../entities/execution.js';
import { OrderIntentRow } from '../entities/order-intent.js';
import { withEm } from '../orm.js';
import type { Em, Orm } from '../sql.js';
import { advance, executionToRow, intentToRow, orderStatus, rowToIntent, rowToStoredOrder } from './order-rows.js';

export class OrderNotRecordedError extends Error {
  override readonly name = 'OrderNotRecordedError';
}

/** How often `applyExecution` re-reads an order another writer changed under it before giving up. */
const MAX_RACES = 8;

/**
 * The order store on MikroORM (PostgreSQL or SQLite). Every call is one unit of work on its own
 * fork; `now` stamps `updated_ts` and `published_at` (the engine's clock).
 */
export class OrmOrderStore implements OrderStore {
  readonly #orm: Orm;
  readonly #now: () => number;

  constructor(orm: Orm, options: { readonly now?: () => number } = {}) {
    this.#orm = orm;
    this.#now = options.now ?? Date.now;
  }

  async recordIntent(intent: OrderIntent, context?: EntryContext): Promise<boolean> {
    const row = intentToRow(intent, this.#now(), context);
    return withEm(this.#orm, async (em) => {
      // One statement, committed on its own: INSERT … ON CONFLICT (client_order_id) DO NOTHING.
      const res = await em.createQueryBuilder(OrderIntentRow).insert(row).onConflict('clientOrderId').ignore().execute('run');
      return res.affectedRows > 0;
    });
  }

  async markPublished(clientOrderId: string): Promise<void> {
    const now = this.#now();
    await withEm(this.#orm, async (em) => {
      const changed = await em.nativeUpdate(OrderIntentRow, { clientOrderId, published: false }, { published: true, publishedAt: now, updatedTs: now });
      if (changed > 0) return;
      if ((await em.count(OrderIntentRow, { clientOrderId })) === 0) throw new OrderNotRecordedError(`order ${clientOrderId} was never recorded, so it cannot be published`);
    });
  }

  async unpublished(): Promise<OrderIntent[]> {
    return withEm(this.#orm, async (em) => {
      const rows = await em.find(OrderIntentRow, { published: false }, { orderBy: { ts: 'asc', id: 'asc' }, disableIdentityMap: true });
      return rows.map(rowToIntent);
    });
  }

  async applyExecution(execution: Execution): Promise<ExecutionApplied> {
    return withEm(this.#orm, (em) => em.transactional((tx) => this.#apply(tx, execution)));
  }

  async #apply(tx: Em, e: Execution): Promise<ExecutionApplied> {
    for (let race = 0; race < MAX_RACES; race++) {
      const row = await tx.findOne(OrderIntentRow, { clientOrderId: e.clientOrderId }, { fields: ['status', 'cumQty', 'avgFillPrice', 'publishedAt'], disableIdentityMap: true });
      if (row === null) return { known: false, news: await this.#storeExecution(tx, e) };
      const next = advance({ status: orderStatus(row.status, e.clientOrderId), cumQty: row.cumQty, avgFillPrice: row.avgFillPrice ?? null }, e);
      if (next === undefined) return { known: true, news: false };
      // Compare-and-set on what was read: a writer that got there first makes this update miss,
      // and the order is read again (either dialect, no row locks needed).
      const now = this.#now();
      const changed = await tx.nativeUpdate(
        OrderIntentRow,
        { clientOrderId: e.clientOrderId, status: row.status, cumQty: row.cumQty },
        { ...next, published: true, publishedAt: row.publishedAt ?? now, updatedTs: now },
      );
      if (changed === 0) continue;
      await this.#storeExecution(tx, e);
      return { known: true, news: true };
    }
    throw new Error(`order ${e.clientOrderId}: ${MAX_RACES} concurrent updates in a row, giving up`);
  }

  async #storeExecution(tx: Em, e: Execution): Promise<boolean> {
    const res = await tx
      .createQueryBuilder(ExecutionRow)
      .insert(executionToRow(e))
      .onConflict(['clientOrderId', 'status', 'cumQty'])
      .ignore()
      .execute('run');
    return res.affectedRows > 0;
  }

  async workingOrders(): Promise<StoredOrder[]> {
    return withEm(this.#orm, async (em) => {
      const rows = await em.find(OrderIntentRow, { status: { $nin: [...TERMINAL_STATUSES] } }, { orderBy: { ts: 'asc', id: 'asc' }, disableIdentityMap: true });
      return rows.map(rowToStoredOrder);
    });
  }

  async order(clientOrderId: string): Promise<StoredOrder | undefined> {
    return withEm(this.#orm, async (em) => {
      const row = await em.findOne(OrderIntentRow, { clientOrderId }, { disableIdentityMap: true });
      return row === null ? undefined : rowToStoredOrder(row);
    });
  }

  async entriesSince(since: number): Promise<StoredOrder[]> {
    return withEm(this.#orm, async (em) => {
      const rows = await em.find(OrderIntentRow, { effect: 'open', entryContext: { $ne: null }, ts: { $gte: since } }, { orderBy: { ts: 'asc', id: 'asc' }, disableIdentityMap: true });
      return rows.map(rowToStoredOrder);
    });
  }

  async hedgeOrders(): Promise<StoredOrder[]> {
    return withEm(this.#orm, async (em) => {
      // A hedge's ids end in -h or -u (hedgeOrderId); every other Thetis id in -open, -aN or -xN.
      const rows = await em.find(OrderIntentRow, { $or: [{ clientOrderId: { $like: 'th-%-h' } }, { clientOrderId: { $like: 'th-%-u' } }] }, { orderBy: { ts: 'asc', id: 'asc' }, disableIdentityMap: true });
      return rows.map(rowToStoredOrder);
    });
  }
}
