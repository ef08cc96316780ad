import { defineEntity, type InferEntity } from '@mikro-orm/core';
import type { DecisionKind } from '../../../actors/ports/decision-sink.js';

/** The decisions audit: every decision with its reason codes and its correlation id. */
export const DecisionRow = defineEntity({
  name: 'DecisionRow',
  tableName: 'decision',
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    ts: p.bigint('number'),
    correlationId: p.string().index('decision_correlation_id_index'),
    // Not an enum in the schema: new kinds should not need a migration.
    kind: p.string().length(32).$type<DecisionKind>(),
    ok: p.boolean(),
    underlying: p.string().length(32),
    symbol: p.string().length(64).nullable(),
    reasons: p.json<string[]>(),
  }),
});

export type DecisionRow = InferEntity<typeof DecisionRow>;
