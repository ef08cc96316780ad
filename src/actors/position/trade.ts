import type { TradeRecord } from '../../domain/values/trade.js';
import { sideSign } from '../../domain/values/position.js';
import type { PositionState } from './state.js';

/** The round trip of a position that has gone flat. */
export function closeTrade(s: PositionState, exitTs: number): TradeRecord {
  const p = s.position;
  const m = p.contract.multiplier;
  const exitPrice = s.exitQty > 0 ? s.exitNotional / s.exitQty : 0;
  const fees = s.entryFees + s.exitFees;
  return {
    positionId: p.id,
    underlying: p.contract.underlying,
    symbol: p.contract.symbol,
    direction: p.direction,
    tradeType: p.tradeType,
    side: p.side,
    qty: p.initialQty,
    entryTs: p.entryTs,
    exitTs,
    entryPrice: p.entryPrice,
    exitPrice,
    pnl: sideSign(p.side) * (s.exitNotional - p.entryPrice * s.exitQty) * m - fees,
    fees,
    capitalRisked: p.entryPrice * p.initialQty * m,
    entryReasons: s.entryReasons,
    exitReasons: s.exitReasons,
    ...(p.structure !== undefined && p.structure.legs.length > 1 ? { legs: p.structure.legs.map((l) => ({ symbol: l.contract.symbol, side: l.side })) } : {}),
  };
}
