import { defineEntity, type InferEntity } from '@mikro-orm/core';

/**
 * One entry of a position's journal. `seq` counts per position from 1; (position id, seq) is
 * unique, so an entry is written once, and that index (leading with the position id) serves the
 * replay of one position in order.
 */
export const PositionEventRow = defineEntity({
  name: 'PositionEventRow',
  tableName: 'position_event',
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    positionId: p.string().length(128),
    seq: p.integer(),
    kind: p.string().length(64),
    payload: p.json<unknown>(),
    ts: p.bigint('number'),
  }),
  uniques: [{ properties: ['positionId', 'seq'], name: 'position_event_position_id_seq_unique' }],
});

export type PositionEventRow = InferEntity<typeof PositionEventRow>;
