/** Messages between a backtest (RunRecording) and its recorder thread (record-worker). */
import type { DecisionEvent } from '../../actors/ports/decision-sink.js';
import type { BacktestRunOutcome, BacktestRunStart } from '../db/repositories/backtest-runs.js';
import type { DatabaseSettings } from '../db/settings.js';

export interface RecordJob {
  readonly settings: DatabaseSettings;
  readonly start: BacktestRunStart;
}

/** To the recorder, in order: batches of decisions while the run goes, then `finish` or `discard`. */
export type ToRecorder =
  | { readonly type: 'decisions'; readonly events: readonly DecisionEvent[] }
  | { readonly type: 'finish'; readonly outcome: BacktestRunOutcome; readonly events: readonly DecisionEvent[] }
  | { readonly type: 'discard' };

/** From the recorder: `failed` at any time (nothing more is written), else one answer to `finish` or `discard`. */
export type FromRecorder =
  | { readonly type: 'recorded'; readonly runId: number }
  | { readonly type: 'discarded' }
  | { readonly type: 'failed'; readonly reason: string };
