import { defineEntity, type InferEntity } from '@mikro-orm/core';
import type { OrderStatus } from '../../../domain/values/execution.js';

/**
 * An execution the broker reported, stored once: (client order id, status, cumulative quantity)
 * names it, so a redelivery or a replay of the same one is not a second row. The unique index
 * leads with the client order id, so it is also the look-up index by order.
 */
export const ExecutionRow = defineEntity({
  name: 'ExecutionRow',
  tableName: 'execution',
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    clientOrderId: p.string().length(128),
    correlationId: p.string(),
    symbol: p.string().length(64),
    side: p.enum(['buy', 'sell'] as const),
    // A string, not an enum: see order-intent.ts (mikro-orm/mikro-orm#8139).
    status: p.string().length(20).$type<OrderStatus>(),
    fillQty: p.integer(),
    fillPrice: p.double().runtimeType('number').$type<number>().nullable(),
    cumQty: p.integer(),
    avgFillPrice: p.double().runtimeType('number').$type<number>().nullable(),
    fees: p.double().runtimeType('number').$type<number>(),
    ts: p.bigint('number'),
    reason: p.text().nullable(),
  }),
  uniques: [{ properties: ['clientOrderId', 'status', 'cumQty'], name: 'execution_order_status_cum_qty_unique' }],
});

export type ExecutionRow = InferEntity<typeof ExecutionRow>;
