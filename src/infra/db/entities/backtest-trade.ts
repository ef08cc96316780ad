import { defineEntity, type InferEntity } from '@mikro-orm/core';

/**
 * A round trip of a backtest run (a `TradeRecord`), one column per field so runs can be queried;
 * `run_id` is the `backtest_run` id (indexed, no foreign key: trades are written in batches after
 * their run row, and a run is deleted with its trades by the code that deletes it).
 */
export const BacktestTradeRow = defineEntity({
  name: 'BacktestTradeRow',
  tableName: 'backtest_trade',
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    runId: p.integer().index('backtest_trade_run_id_index'),
    positionId: p.string().length(128),
    underlying: p.string().length(32),
    symbol: p.string().length(64),
    direction: p.enum(['bullish', 'bearish'] as const),
    tradeType: p.enum(['day', 'swing'] as const),
    side: p.enum(['long', 'short'] as const),
    qty: p.integer(),
    entryTs: p.bigint('number'),
    exitTs: p.bigint('number'),
    entryPrice: p.double().runtimeType('number').$type<number>(),
    exitPrice: p.double().runtimeType('number').$type<number>(),
    pnl: p.double().runtimeType('number').$type<number>(),
    fees: p.double().runtimeType('number').$type<number>(),
    capitalRisked: p.double().runtimeType('number').$type<number>(),
    entryReasons: p.json<string[]>(),
    exitReasons: p.json<string[]>(),
  }),
});

export type BacktestTradeRow = InferEntity<typeof BacktestTradeRow>;
