import { describe, expect, it } from 'vitest';
import type { DecisionEvent } from '../../../src/actors/ports/decision-sink.js';
import { BacktestRecorder } from '../../../src/infra/backtest/recorder.js';

const event = (ok: boolean, reasons: readonly string[], kind: DecisionEvent['kind'] = 'signal'): DecisionEvent => ({
  ts: 0,
  correlationId: 'SPY-0',
  kind,
  ok,
  underlying: 'SPY',
  reasons,
});

describe('BacktestRecorder', () => {
  it('counts approvals per kind and every reason of every rejection, in order of first appearance', () => {
    const r = new BacktestRecorder();
    const shared = Object.freeze(['RET_5M_WEAK', 'VOLUME_NOT_CONFIRMED']);
    r.record(event(false, shared));
    r.record(event(false, ['CHOP', 'RET_5M_WEAK'])); // a fresh list naming a reason a shared one counts
    r.record(event(false, shared));
    r.record(event(true, ['BULLISH_TREND']));
    r.record(event(false, ['NO_ELIGIBLE_CONTRACT'], 'selection'));
    r.record(event(true, [], 'order'));
    expect(r.rejectCounts).toEqual({ RET_5M_WEAK: 3, VOLUME_NOT_CONFIRMED: 2, CHOP: 1, NO_ELIGIBLE_CONTRACT: 1 });
    expect(Object.keys(r.rejectCounts)).toEqual(['RET_5M_WEAK', 'VOLUME_NOT_CONFIRMED', 'CHOP', 'NO_ELIGIBLE_CONTRACT']);
    expect(r.approved).toEqual({ signal: 1, order: 1 });
  });
});
