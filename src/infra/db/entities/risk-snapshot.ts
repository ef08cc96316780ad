import { defineEntity, type InferEntity } from '@mikro-orm/core';

/**
 * The portfolio's risk at a moment: equity, capital at risk and net greeks. `detail` holds what
 * else the risk authority reports (the 3-5-7 budget used, the caps it is held to), as JSON.
 */
export const RiskSnapshotRow = defineEntity({
  name: 'RiskSnapshotRow',
  tableName: 'risk_snapshot',
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    ts: p.bigint('number').index('risk_snapshot_ts_index'),
    equity: p.double().runtimeType('number').$type<number>(),
    capitalAtRisk: p.double().runtimeType('number').$type<number>(),
    netDeltaShares: p.double().runtimeType('number').$type<number>(),
    netVega: p.double().runtimeType('number').$type<number>(),
    netGamma: p.double().runtimeType('number').$type<number>(),
    netTheta: p.double().runtimeType('number').$type<number>(),
    openPositions: p.integer(),
    detail: p.json<unknown>().nullable(),
  }),
});

export type RiskSnapshotRow = InferEntity<typeof RiskSnapshotRow>;
