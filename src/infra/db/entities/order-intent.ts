import { defineEntity, type InferEntity } from '@mikro-orm/core';
import type { OrderStatus } from '../../../domain/values/execution.js';

/**
 * An order intent and how far its order has come: the outbox row. Written before the intent is
 * published (`published` false), flagged once JetStream took it. Prices are `double precision`
 * in PostgreSQL and `double` (REAL, an 8-byte float) in SQLite: both are IEEE 754 doubles, the
 * very type of a JS number, so a price comes back exactly as written (no decimal text to parse,
 * no rounding). `ts`, `published_at` and `updated_ts` are epoch milliseconds.
 */
export const OrderIntentRow = defineEntity({
  name: 'OrderIntentRow',
  tableName: 'order_intent',
  properties: (p) => ({
    /** Write order: the tie-break after `ts` for "oldest first". */
    id: p.integer().primary().autoincrement(),
    clientOrderId: p.string().length(128).unique('order_intent_client_order_id_unique'),
    correlationId: p.string(),
    underlying: p.string().length(32),
    symbol: p.string().length(64),
    side: p.enum(['buy', 'sell'] as const),
    effect: p.enum(['open', 'close'] as const),
    qty: p.integer(),
    type: p.enum(['limit', 'market'] as const),
    limitPrice: p.double().runtimeType('number').$type<number>().nullable(),
    timeInForce: p.string().length(16),
    reasons: p.json<string[]>(),
    ts: p.bigint('number'),
    // A string, checked where rows are read (order-rows.ts): MikroORM 6.6.16 misreads SQLite enum
    // checks of three or more values (mikro-orm/mikro-orm#8139, fixed after 6.6.16), so an enum here
    // would make every SQLite schema diff rebuild the table.
    status: p.string().length(20).$type<OrderStatus>().index('order_intent_status_index'),
    cumQty: p.integer(),
    avgFillPrice: p.double().runtimeType('number').$type<number>().nullable(),
    published: p.boolean(),
    publishedAt: p.bigint('number').nullable(),
    updatedTs: p.bigint('number'),
    /** An opening order's EntryContext (JSON), checked where rows are read. */
    entryContext: p.json<unknown>().nullable(),
    /** A multi-leg order's legs (JSON, `OrderLeg`s), checked where rows are read; null for a single-leg order. */
    legs: p.json<unknown>().nullable(),
  }),
  indexes: [{ properties: ['published', 'ts'], name: 'order_intent_published_ts_index' }],
});

export type OrderIntentRow = InferEntity<typeof OrderIntentRow>;
