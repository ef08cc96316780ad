import { defineEntity, type InferEntity } from '@mikro-orm/core';

/**
 * One backtest: what it ran on (market, config digest: sha256 of the canonical resolved config),
 * when, and once finished its figures. The row is written when the run starts (`finishedAt` null
 * while it runs; a run whose process died stays so) and completed in the transaction that writes
 * its trades. `stats` is the summary's statistics, `decisionCounts` its decision counters and
 * `rejectCounts` every reject reason code → how many times it rejected something (per-bar signal
 * rejections are counted here, not stored as rows), `meta` the run's description (tickers, dates,
 * bars, seed, elapsed time).
 */
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
    trades: p.integer().nullable(),
    startingEquity: p.double().runtimeType('number').$type<number>().nullable(),
    endingEquity: p.double().runtimeType('number').$type<number>().nullable(),
    meta: p.json<unknown>().nullable(),
    decisionCounts: p.json<Record<string, number>>().nullable(),
    rejectCounts: p.json<Record<string, number>>().nullable(),
  }),
});

export type BacktestRunRow = InferEntity<typeof BacktestRunRow>;
