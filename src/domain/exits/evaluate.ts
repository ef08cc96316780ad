import { RULE_CALENDAR, type SessionCalendar } from '../calendar/session-calendar.js';
import type { ExitsConfig } from '../config/schema.js';
import { DomainError } from '../errors.js';
import { finite, positive } from '../values/numbers.js';
import { directionSign, freezePosition, makePosition, optionPnlPct, type Position } from '../values/position.js';
import { isStale, mid } from '../values/quote.js';
import { daysToExpiry } from '../values/time.js';
import { riskSchema } from '../config/sections/risk.js';
import { expectedMove, expectedMoveExits } from './expected-move.js';
import { sessionsToExpiry } from './expiry-sessions.js';
import { optionExits } from './option-rules.js';
import { partialQty } from './partial.js';
import { profitTargetExits, type ProfitTargetRisk } from './profit-target.js';
import { timeExits } from './time-rules.js';
import { updateTrail } from './trailing.js';
import type { ExitContext, ExitDecision, ExitInfoReason, ExitReason, Fired } from './types.js';
import { underlyingExits } from './underlying-rules.js';
import { favourableMove, type ExitView } from './view.js';

const DEFAULT_RISK: ProfitTargetRisk = riskSchema.parse({});

/**
 * Decides whether to hold, exit in full, or take a partial exit, from every exit rule at once.
 * Any full-exit rule wins; otherwise a first target (option, underlying or expected move) sells a
 * partial, its share picked in the 50–75 % band by how far past its first target the trade ran
 * (a 1-lot, or with partials disabled, exits in full); otherwise hold. Exits are never blocked.
 * The returned position carries the new peaks, trail floor and partial stage; `qty` on it is
 * left for the caller to reduce on fills. The day's close (for day trades) and the sessions left
 * to expiry are `calendar`'s; the 3-5-7 target reads `risk` (the config's risk caps; their
 * defaults when not given).
 */
export function evaluateExit(
  position: Position,
  ctx: ExitContext,
  cfg: ExitsConfig,
  calendar: SessionCalendar = RULE_CALENDAR,
  risk: ProfitTargetRisk = DEFAULT_RISK,
): ExitDecision {
  const p0 = makePosition(position);
  finite(ctx.now, 'now');
  const close = positive(ctx.bar.close, 'bar.close');
  if (ctx.quote && ctx.quote.symbol !== p0.contract.symbol) {
    throw new DomainError('QUOTE_SYMBOL_MISMATCH', `quote ${ctx.quote.symbol} is not for ${p0.contract.symbol}`, 'quote');
  }
  const dte = ctx.dte ?? daysToExpiry(p0.contract.expiry, ctx.now);
  finite(dte, 'dte');
  const quote = ctx.quote && !isStale(ctx.quote, ctx.now, cfg.quoteMaxAgeMs) ? ctx.quote : undefined;
  const mark = quote ? mid(quote) : undefined;
  const info: ExitInfoReason[] = quote ? [] : ['QUOTE_STALE_FALLBACK'];
  if (p0.qty === 0) return { action: 'hold', qty: 0, reasons: ['POSITION_CLOSED'], position: p0, mark };

  const { position: p, armed } = updateTrail(p0, close, mark, cfg.trailing);
  if (armed) info.push('TRAIL_LOCK_ARMED');
  const dir = directionSign(p.direction);
  const pnl = mark === undefined ? undefined : optionPnlPct(p, mark);
  const view: ExitView = {
    position: p,
    now: ctx.now,
    dte,
    sessionsLeft: sessionsToExpiry(p.contract.expiry, ctx.now, calendar, Math.max(cfg.time.longDaysBeforeExpiry, cfg.time.swingDaysBeforeExpiry)),
    close,
    sma20: ctx.features.sma20,
    trend: ctx.features.trend,
    dir,
    underlyingMove: favourableMove(dir, p.entryUnderlying, close),
    peakMove: favourableMove(dir, p.entryUnderlying, p.peakUnderlying),
    pnl,
    expectedMove: expectedMove(p),
  };
  const fresh = quote !== undefined && mark !== undefined && pnl !== undefined;
  const fired = [
    ...underlyingExits(view, cfg.underlying),
    ...expectedMoveExits(view, cfg.expectedMove, cfg.underlying.minOptionProfitPct),
    ...(fresh ? optionExits({ position: p, quote, mark, pnl, dte }, cfg) : []),
    ...(fresh ? profitTargetExits(p, mark, risk) : []),
    ...timeExits(view, cfg.time, calendar),
  ];
  return decide(p, fired, info, mark, cfg.partial);
}

function decide(p: Position, fired: readonly Fired[], info: readonly ExitInfoReason[], mark: number | undefined, cfg: ExitsConfig['partial']): ExitDecision {
  const reasons: ExitReason[] = [...fired.map((f) => f.reason), ...info];
  if (fired.length === 0) return { action: 'hold', qty: 0, reasons: info.length > 0 ? info : ['NO_EXIT_CONDITION'], position: p, mark };
  const full = fired.some((f) => f.kind === 'exit') || !cfg.enabled || p.qty <= 1;
  if (full) return { action: 'exit', qty: p.qty, reasons, position: p, mark };
  const floor = Math.max(p.trailFloorPct ?? cfg.floorAfterPct, cfg.floorAfterPct);
  const next = freezePosition({ ...p, partialStage: p.partialStage + 1, trailFloorPct: floor });
  // The share sold follows the most advanced first target that fired.
  const progress = Math.max(...fired.map((f) => f.progress));
  return { action: 'partial', qty: partialQty(p.qty, cfg, progress), reasons, position: next, mark };
}
