import { defineEntity, type InferEntity } from '@mikro-orm/core';

/**
 * An option position and the whole state of its actor (stops, trailing floor, partial-exit stage,
 * absolute timer deadlines), serialised as JSON by its owner: the snapshot a journal replays onto.
 */
export const PositionRow = defineEntity({
  name: 'PositionRow',
  tableName: 'position',
  properties: (p) => ({
    id: p.string().length(128).primary(),
    underlying: p.string().length(32),
    symbol: p.string().length(64),
    state: p.json<unknown>(),
    open: p.boolean().index('position_open_index'),
    updatedTs: p.bigint('number'),
  }),
});

export type PositionRow = InferEntity<typeof PositionRow>;
