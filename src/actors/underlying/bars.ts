/** What an Underlying actor does with its bars: one at a time (live), or a quiet run at once (backtests). */
import { dayEntryClosed } from '../../domain/exits/time-rules.js';
import type { Decision } from '../../domain/decision.js';
import { featuresOf, type Features } from '../../domain/features.js';
import { scoreSentiment } from '../../domain/sentiment/score.js';
import { judgeSignal, type Signal } from '../../domain/signals/evaluate.js';
import type { SignalReason } from '../../domain/signals/reasons.js';
import type { Bar } from '../../domain/values/bar.js';
import type { Mutable } from '../../domain/values/numbers.js';
import { MINUTE_MS } from '../../domain/values/time.js';
import type { EngineDeps } from '../deps.js';
import type { DecisionEvent } from '../ports/decision-sink.js';
import { barCorrelationId, type BarRun, type ScanStopped } from '../messages.js';
import { NOOP_SPAN, ThetisAttr, type TraceSpan } from '../ports/tracing.js';
import { tell, type ActorRef, type Clock } from '../runtime/index.js';
import type { TreeRefs } from '../tree.js';
import { enter } from './entry.js';
import type { UnderlyingState } from './state.js';

/**
 * Takes a bar in (sequence check, features, IV rank) and judges its signal, its features then in
 * the intake's frame until the next bar; records a rejected bar.
 */
function judge(s: UnderlyingState, bar: Bar, now: number, deps: EngineDeps): Decision<Signal, SignalReason> | undefined {
  const raw = deps.market.atmIv?.(s.ticker, bar.ts);
  // Bad market data is refused with a counted reason, never a crash: the bar goes on without it.
  const iv = raw === undefined || (Number.isFinite(raw) && raw >= 0) ? raw : undefined;
  if (raw !== iv) deps.decisions.record({ ts: now, correlationId: barCorrelationId(bar), kind: 'bar', ok: false, underlying: s.ticker, reasons: ['BAD_IV'] });
  const ivBefore = s.intake.lastIv;
  const frame = bar.symbol === s.ticker ? s.intake.take(bar, iv) : 'WRONG_SYMBOL';
  const ivNow = s.intake.lastIv;
  if (ivNow !== ivBefore && ivNow !== undefined) deps.ivHistory?.record({ ticker: s.ticker, ...ivNow });
  if (typeof frame === 'string') {
    deps.decisions.record({ ts: now, correlationId: barCorrelationId(bar), kind: 'bar', ok: false, underlying: s.ticker, reasons: [frame] });
    return undefined;
  }
  const signal = judgeSignal(s.ticker, frame, s.intake.ivRank.standing?.rank, iv, undefined, s.rules.signals, s.rules.premium.enabled);
  if (!signal.ok || deps.market.news === undefined) return signal;
  // Sentiment scales confidence and size, never the verdict: scored (as of the bar's close) only on an approval.
  const asOf = bar.ts + MINUTE_MS;
  const cfg = s.rules.signals.sentiment;
  const sentiment = scoreSentiment(cfg.enabled ? deps.market.news(s.ticker, asOf, cfg.windowMinutes * MINUTE_MS) : [], s.ticker, asOf, cfg);
  const judged = judgeSignal(s.ticker, frame, s.intake.ivRank.standing?.rank, iv, sentiment.score, s.rules.signals, s.rules.premium.enabled);
  return judged.ok ? { ...judged, reasons: [...judged.reasons, ...sentiment.reasons] } : judged;
}

/** Why an approved signal cannot be entered now; undefined when the ticker is free to enter. */
function blocker(s: UnderlyingState, bar: Bar, now: number, deps: EngineDeps): 'BAR_STALE' | 'ORDER_PENDING' | 'POSITION_OPEN' | 'SESSION_ENDING' | undefined {
  if (now - (bar.ts + MINUTE_MS) > s.rules.execution.maxBarAgeMs) return 'BAR_STALE';
  if (s.pending !== undefined) return 'ORDER_PENDING';
  if (s.positions.size > 0) return 'POSITION_OPEN';
  return s.rules.signals.tradeType === 'day' && dayEntryClosed(now, s.rules.exits.time, deps.calendar) ? 'SESSION_ENDING' : undefined;
}

/**
 * A bar's signal decision. Its correlation id (the bar's) is built when read: a backtest records
 * millions of these and counts their reasons without reading it.
 */
class SignalDecision implements DecisionEvent {
  readonly kind = 'signal';

  constructor(
    readonly ts: number,
    readonly underlying: string,
    private readonly barTs: number,
    readonly ok: boolean,
    readonly reasons: readonly string[],
  ) {}

  get correlationId(): string {
    return barCorrelationId({ symbol: this.underlying, ts: this.barTs });
  }

  toJSON(): DecisionEvent {
    const { ts, correlationId, kind, ok, underlying, reasons } = this;
    return { ts, correlationId, kind, ok, underlying, reasons };
  }
}

function recordSignal(s: UnderlyingState, bar: Bar, signal: Decision<Signal, SignalReason>, blocked: string | undefined, now: number, deps: EngineDeps): void {
  const ok = signal.ok && blocked === undefined;
  const reasons = blocked !== undefined && signal.ok ? [blocked] : signal.reasons;
  deps.decisions.record(new SignalDecision(now, s.ticker, bar.ts, ok, reasons));
}

export function onBar(s: UnderlyingState, bar: Bar, correlationId: string, clock: Pick<Clock, 'now'>, deps: EngineDeps, refs: TreeRefs): UnderlyingState | Promise<UnderlyingState> {
  // A root kept at the sampling ratio; unsampled (and with tracing off) the shared no-op: nothing allocated.
  const span = deps.tracing === undefined ? NOOP_SPAN : deps.tracing.bar(s.ticker, correlationId, bar.ts);
  try {
    const next = barDecision(s, bar, correlationId, clock, deps, refs, span);
    if (!(next instanceof Promise)) span.end();
    else
      next.then(
        () => span.end(),
        (error: unknown) => {
          span.fail(error instanceof Error ? error.name : 'Error');
          span.end();
        },
      );
    return next;
  } catch (error) {
    span.fail(error instanceof Error ? error.name : 'Error');
    span.end();
    throw error;
  }
}

function barDecision(s: UnderlyingState, bar: Bar, correlationId: string, clock: Pick<Clock, 'now'>, deps: EngineDeps, refs: TreeRefs, span: TraceSpan): UnderlyingState | Promise<UnderlyingState> {
  const now = clock.now();
  const d = s.deferred;
  const next = d === undefined ? s : { ...s, deferred: undefined };
  let features: Features;
  let signal: Decision<Signal, SignalReason> | undefined;
  if (d !== undefined && d.bar.ts === bar.ts && d.bar.symbol === bar.symbol) ({ features, signal } = d);
  else {
    signal = judge(next, bar, now, deps);
    if (signal === undefined) {
      if (span.recording) span.event('bar.refused');
      return next;
    }
    features = featuresOf(s.ticker, s.intake.frame);
  }
  for (const ref of s.positions.values()) if (ref) tell(ref, { type: 'underlying-updated', bar, features, correlationId, trace: span.trace });
  const blocked = signal.ok ? blocker(next, bar, now, deps) : undefined;
  recordSignal(next, bar, signal, blocked, now, deps);
  if (span.recording) {
    // A rejected signal is an event on its (sampled) bar span; every one is counted by the decision metrics.
    const reasons = blocked !== undefined && signal.ok ? [blocked] : signal.reasons;
    span.set({ [ThetisAttr.reasons]: reasons, 'thetis.signal.ok': signal.ok && blocked === undefined, 'thetis.bar.close': bar.close });
    span.event(signal.ok && blocked === undefined ? 'signal.approved' : 'signal.rejected', { [ThetisAttr.reasons]: reasons });
  }
  if (!signal.ok || blocked !== undefined) return next;
  return enter(next, signal, features, clock, correlationId, deps, refs, span).then((pending) => ({ ...next, pending }));
}

/**
 * Backtests: judges a run of bars in one message while the ticker is quiet (no position, no
 * order in flight), when nothing a bar decides depends on the clock or on another actor; each
 * bar is judged as at its minute (its open time + 1 minute), exactly as one `bar` message would
 * be. It stops at the first bar that needs the tree at its minute (a signal to act on, or the
 * ticker not quiet), keeps that bar's judgement, and reports its time: that bar then comes as a
 * `bar` message at its minute (and the bars after it one by one, or in a later scan). A bar
 * it crashes on is lost, as a `bar` message would be, and the scan resumes after it.
 * Bars are read into one scratch bar: only the bar it stops at is built.
 */
export function onScan(s: UnderlyingState, bars: BarRun, replyTo: ActorRef<ScanStopped>, deps: EngineDeps): UnderlyingState {
  if (bars.length > 0 && (s.pending !== undefined || s.positions.size > 0 || s.deferred !== undefined)) {
    tell(replyTo, { ticker: s.ticker, resumeTs: bars.tsAt(0) });
    return s;
  }
  const nan = Number.NaN;
  const bar: Mutable<Bar> = { symbol: s.ticker, ts: nan, open: nan, high: nan, low: nan, close: nan, volume: nan };
  for (let k = 0; k < bars.length; k += 1) {
    bars.read(k, bar);
    const now = bar.ts + MINUTE_MS;
    let signal: Decision<Signal, SignalReason> | undefined;
    try {
      signal = judge(s, bar, now, deps);
    } catch (error) {
      // The actor crashes on this bar, which is lost as one `bar` message would be; not the rest.
      if (k + 1 < bars.length) tell(replyTo, { ticker: s.ticker, resumeTs: bars.tsAt(k + 1) });
      throw error;
    }
    if (signal === undefined) continue;
    const blocked = signal.ok ? blocker(s, bar, now, deps) : undefined;
    if (signal.ok && blocked === undefined) {
      tell(replyTo, { ticker: s.ticker, resumeTs: bar.ts });
      return { ...s, deferred: { bar: bars.at(k) as Bar, features: featuresOf(s.ticker, s.intake.frame), signal } };
    }
    recordSignal(s, bar, signal, blocked, now, deps);
  }
  return s;
}
