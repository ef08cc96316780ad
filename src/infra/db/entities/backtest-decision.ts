import { defineEntity, type InferEntity } from '@mikro-orm/core';
import type { DecisionKind } from '../../../actors/ports/decision-sink.js';

/**
 * A backtest run's decisions, apart from the live audit (`decision`) so `thetis status` never mixes
 * the two: every decision but bars and rejected signals (those are counted in the run row), with
 * its reason codes. `run_id` is the `backtest_run` id (indexed, no foreign key, like `backtest_trade`).
 */
export const BacktestDecisionRow = defineEntity({
  name: 'BacktestDecisionRow',
  tableName: 'backtest_decision',
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    runId: p.integer().index('backtest_decision_run_id_index'),
    ts: p.bigint('number'),
    correlationId: p.string(),
    kind: p.string().length(32).$type<DecisionKind>(),
    ok: p.boolean(),
    underlying: p.string().length(32),
    symbol: p.string().length(64).nullable(),
    reasons: p.json<string[]>(),
  }),
});

export type BacktestDecisionRow = InferEntity<typeof BacktestDecisionRow>;
