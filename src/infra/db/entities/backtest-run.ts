import { defineEntity, type InferEntity } from '@mikro-orm/core';

/** One backtest: what it ran on (market, config digest) and its statistics as JSON. */
export const BacktestRunRow = defineEntity({
  name: 'BacktestRunRow',
  tableName: 'backtest_run',
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    startedAt: p.bigint('number'),
    finishedAt: p.bigint('number').nullable(),
    market: p.string(),
    configDigest: p.string().length(128),
    stats: p.json<unknown>().nullable(),
  }),
});

export type BacktestRunRow = InferEntity<typeof BacktestRunRow>;
