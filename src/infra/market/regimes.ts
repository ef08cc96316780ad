/**
 * Day regimes of the synthetic market. Each day of each ticker draws one regime and a plan:
 * trend days carry momentum breakouts (≥ 0.9 % in 8–14 minutes on a 2.5–4× volume burst, so
 * ret_5m > 0.3 %, ret_15m > 0.8 % and volume ratio > 1.5 for several bars; a third of them fail
 * and give the move back), chop days mean-revert
 * around the open, gap days open 1–3 % away, vol-spike days double volatility and jump IV.
 * Over them, a long enough market has market-wide stretches (stretchOf): fear, then IV crush.
 */
import type { Rng } from './random.js';

export const REGIMES = ['trend-up', 'trend-down', 'chop', 'gap', 'vol-spike'] as const;
export type Regime = (typeof REGIMES)[number];

/** Regime probabilities per day (sum 1): chop is the most common, as in real tape. */
const REGIME_WEIGHTS: Readonly<Record<Regime, number>> = { 'trend-up': 0.22, 'trend-down': 0.18, chop: 0.35, gap: 0.12, 'vol-spike': 0.13 };

export interface Breakout {
  /** Session minute the thrust starts. */
  readonly start: number;
  readonly length: number;
  /** Signed log move over the thrust. */
  readonly move: number;
  /** Volume multiplier during the thrust. */
  readonly burst: number;
  /** Signed log drift over the 30 minutes after (negative of `move`'s sign = a failed breakout). */
  readonly followThrough: number;
}

export interface DayPlan {
  readonly regime: Regime;
  /** Overnight log gap applied to the first bar's open. */
  readonly gap: number;
  /** Multiplier on the ticker's base volatility today. */
  readonly volMult: number;
  /** Extra log drift per minute (trend days). */
  readonly driftPerMin: number;
  /** Pull per minute of log price back toward the day's open (chop). */
  readonly reversion: number;
  readonly breakouts: readonly Breakout[];
  /** IV jumps by `factor` at `minute` (vol-spike days). */
  readonly ivShock?: { readonly minute: number; readonly factor: number };
  /** Multiplier on the day's IV target (a market-wide stretch's fear or IV crush); 1 when absent. */
  readonly ivMult?: number;
}

export const FOLLOW_THROUGH_MINUTES = 30;
const FIRST_MINUTE = 15;
const LAST_MINUTE = 370;

function pickRegime(rng: Rng): Regime {
  let u = rng.next();
  for (const r of REGIMES) {
    u -= REGIME_WEIGHTS[r];
    if (u < 0) return r;
  }
  return 'chop';
}

/** Share of trend-day breakouts that fail and give the move back: momentum is an edge, not a certainty. */
const TREND_FAILURE_SHARE = 0.35;

function breakouts(rng: Rng, count: number, dir: () => 1 | -1, follow: () => 'continue' | 'fail'): Breakout[] {
  const slot = Math.floor((LAST_MINUTE - FIRST_MINUTE) / Math.max(1, count));
  return Array.from({ length: count }, (_, k) => {
    const length = rng.int(8, 14);
    const sign = dir();
    const move = sign * rng.uniform(0.01, 0.018);
    const ft = follow() === 'continue' ? sign * rng.uniform(0.002, 0.008) : -move * rng.uniform(0.6, 1.1);
    return { start: FIRST_MINUTE + k * slot + rng.int(0, Math.max(0, slot - length - FOLLOW_THROUGH_MINUTES)), length, move, burst: rng.uniform(2.5, 4), followThrough: ft };
  });
}

/**
 * Market-wide stretches of several days, shared by every ticker (the day's own regime is still
 * drawn per ticker): after a warm-up long enough for IV rank (20 daily observations) and
 * realized vol (21 sessions) to be known, a fear stretch lifts implied vol far above what the
 * tape realizes (IV rank high, IV ≫ RV: the rulebook's short-premium regime) while daily moves
 * widen (bigger overnight gaps, more intraday vol); then IV is crushed below its usual level
 * while the 20-day realized vol still holds the fear stretch's moves (IV rank low, IV ≪ RV: the
 * long-premium regime); then back to normal. A market shorter than the three phases has none.
 */
export type StretchName = 'normal' | 'fear' | 'crush';

export interface Stretch {
  readonly name: StretchName;
  /** Multiplier on the IV target. */
  readonly ivMult: number;
  /** Multiplier on the day's intraday volatility. */
  readonly volMult: number;
  /** Multiplier on the overnight gap. */
  readonly gapMult: number;
}

/** Sessions before the first stretch: IV rank needs 20 daily IV observations, realized vol 21 closed sessions. */
const STRETCH_WARM_UP_DAYS = 25;
const FEAR_DAYS = 6;
const CRUSH_DAYS = 10;

const NORMAL: Stretch = { name: 'normal', ivMult: 1, volMult: 1, gapMult: 1 };
const FEAR: Stretch = { name: 'fear', ivMult: 1.6, volMult: 1.4, gapMult: 3 };
const CRUSH: Stretch = { name: 'crush', ivMult: 0.7, volMult: 1, gapMult: 1 };

/** The stretch of day `index` (0-based) of a market `days` long. */
export function stretchOf(index: number, days: number): Stretch {
  if (days < STRETCH_WARM_UP_DAYS + FEAR_DAYS + CRUSH_DAYS) return NORMAL;
  const k = index - STRETCH_WARM_UP_DAYS;
  if (k >= 0 && k < FEAR_DAYS) return FEAR;
  if (k >= FEAR_DAYS && k < FEAR_DAYS + CRUSH_DAYS) return CRUSH;
  return NORMAL;
}

/** A day's plan inside a stretch: the stretch scales its gap, volatility and IV target. */
export function inStretch(plan: DayPlan, s: Stretch): DayPlan {
  if (s.name === 'normal') return plan;
  return { ...plan, gap: plan.gap * s.gapMult, volMult: plan.volMult * s.volMult, ivMult: (plan.ivMult ?? 1) * s.ivMult };
}

export function planDay(rng: Rng): DayPlan {
  const regime = pickRegime(rng);
  const quietGap = 0.004 * rng.normal();
  const coin = (): 1 | -1 => (rng.next() < 0.5 ? 1 : -1);
  switch (regime) {
    case 'trend-up':
    case 'trend-down': {
      const dir = regime === 'trend-up' ? 1 : -1;
      const count = rng.int(2, 3);
      const follow = () => (rng.next() < TREND_FAILURE_SHARE ? 'fail' : 'continue');
      return { regime, gap: quietGap, volMult: 1, driftPerMin: (dir * rng.uniform(0.004, 0.01)) / 390, reversion: 0, breakouts: breakouts(rng, count, () => dir, follow) };
    }
    case 'chop': {
      const count = rng.next() < 0.5 ? 1 : 0;
      return { regime, gap: quietGap, volMult: 0.75, driftPerMin: 0, reversion: rng.uniform(0.03, 0.08), breakouts: breakouts(rng, count, coin, () => 'fail') };
    }
    case 'gap': {
      const dir = coin();
      const go = rng.next() < 0.6;
      return { regime, gap: dir * rng.uniform(0.01, 0.03), volMult: 1.3, driftPerMin: 0, reversion: go ? 0 : 0.01, breakouts: breakouts(rng, go ? rng.int(1, 2) : 0, () => dir, () => 'continue') };
    }
    case 'vol-spike':
      return {
        regime,
        gap: quietGap,
        volMult: rng.uniform(1.8, 2.5),
        driftPerMin: 0,
        reversion: 0,
        breakouts: breakouts(rng, rng.int(2, 3), coin, rng.next() < 0.5 ? () => 'continue' : () => 'fail'),
        ivShock: { minute: rng.int(30, 300), factor: rng.uniform(1.2, 1.4) },
      };
    default: {
      const never: never = regime;
      throw new Error(`unknown regime ${String(never)}`);
    }
  }
}
