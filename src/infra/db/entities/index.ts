import { BacktestDecisionRow } from './backtest-decision.js';
import { BacktestRunRow } from './backtest-run.js';
import { BacktestTradeRow } from './backtest-trade.js';
import { DecisionRow } from './decision.js';
import { ExecutionRow } from './execution.js';
import { IvObservationRow } from './iv-observation.js';
import { OrderIntentRow } from './order-intent.js';
import { PositionEventRow } from './position-event.js';
import { PositionRow } from './position.js';
import { RiskSnapshotRow } from './risk-snapshot.js';

export { BacktestDecisionRow, BacktestRunRow, BacktestTradeRow, DecisionRow, ExecutionRow, IvObservationRow, OrderIntentRow, PositionEventRow, PositionRow, RiskSnapshotRow };

/** Every entity, for the ORM config (discovery is by this list, never by folder). */
export const ENTITIES = [OrderIntentRow, ExecutionRow, PositionRow, PositionEventRow, DecisionRow, RiskSnapshotRow, IvObservationRow, BacktestRunRow, BacktestTradeRow, BacktestDecisionRow] as const;
